export type RawSearchParams = Record<string, string | string[] | undefined>;

/** Page search params as single strings: repeated keys (checkbox groups) become comma lists. */
export function flattenParams(params: RawSearchParams): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(params).map(([k, v]) => [k, Array.isArray(v) ? v.join(",") : v]));
}
