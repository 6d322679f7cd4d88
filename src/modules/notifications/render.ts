import { IntlMessageFormat } from "intl-messageformat";

/** Renders a message template (ICU: `{name}`, `{n, plural, …}`, `{x, select, …}`) with stored facts. */
export function renderTemplate(template: string, data: Record<string, unknown>, locale: string): string {
  const values: Record<string, string | number | boolean> = Object.fromEntries(Object.entries(data).map(([k, v]) => [k, (v ?? "") as string]));
  // A fact an older notification did not store reads as empty (a select then takes its `other` branch).
  for (let attempt = 0; attempt < 8; attempt++) {
    try {
      return String(new IntlMessageFormat(template, locale).format(values));
    } catch (e) {
      const missing = /variable "?'?(\w+)/.exec(e instanceof Error ? e.message : "")?.[1];
      if (!missing || missing in values) break;
      values[missing] = "";
    }
  }
  return template.replace(/\{(\w+)\}/g, (_, key: string) => String(data[key] ?? ""));
}
