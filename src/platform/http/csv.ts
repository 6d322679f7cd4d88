/** One CSV field: quoted when it holds a comma, quote or line break; text starting with =+-@ is neutralised (spreadsheet formula injection), numbers stay numbers. */
export function csvField(value: unknown): string {
  if (typeof value === "number") return String(value);
  let text = value === null || value === undefined ? "" : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(header: string[], rows: unknown[][]): string {
  return [header, ...rows].map((r) => r.map(csvField).join(",")).join("\r\n") + "\r\n";
}

/** A CSV download named `<name>-<date>.csv`. */
export function csvResponse(csv: string, name: string): Response {
  return new Response(csv, { headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${name}-${new Date().toISOString().slice(0, 10)}.csv"` } });
}
