export type RawSearchParams = Record<string, string | string[] | undefined>;

/**
 * Query parameters as single strings: repeated keys (checkbox groups) become comma lists and empty
 * values (a form's blank fields) are dropped, so `?budgetMin=` means "no minimum", not 0.
 */
export function flattenParams(params: RawSearchParams | URLSearchParams): Record<string, string> {
  const entries: [string, string | string[] | undefined][] =
    params instanceof URLSearchParams ? [...new Set(params.keys())].map((k) => [k, params.getAll(k)]) : Object.entries(params);
  const out: Record<string, string> = {};
  for (const [key, value] of entries) {
    const joined = Array.isArray(value) ? value.filter(Boolean).join(",") : value;
    if (joined) out[key] = joined;
  }
  return out;
}

/** A `YYYY-MM-DD` query value that is a real date, else undefined (a bad filter is ignored on pages). */
export const isoDateParam = (value: string | undefined) => (value && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value)) ? value : undefined);

/** A query value that is one of `list`, else undefined (a bad filter is ignored on pages). */
export const oneOfParam = <T extends string>(list: readonly T[], value: string | undefined): T | undefined => ((list as readonly string[]).includes(value ?? "") ? (value as T) : undefined);
