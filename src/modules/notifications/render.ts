import { IntlMessageFormat } from "intl-messageformat";

/** Renders a message template (ICU: `{name}`, `{n, plural, …}`, `{x, select, …}`) with stored facts. */
export function renderTemplate(template: string, data: Record<string, unknown>, locale: string): string {
  const values = Object.fromEntries(Object.entries(data).map(([k, v]) => [k, v ?? ""]));
  try {
    return String(new IntlMessageFormat(template, locale).format(values as Record<string, string | number | boolean>));
  } catch {
    return template.replace(/\{(\w+)\}/g, (_, key: string) => String(data[key] ?? ""));
  }
}
