type Cell = string | number | boolean | null | undefined;

/**
 * A spreadsheet runs a cell starting with = + - @ (or tab/CR, per OWASP) as a formula, so a worker
 * named "=HYPERLINK(...)" in the HR roster could attack whoever opens an export or a dashboard
 * download. A leading ' makes it text. Numbers we write are never negative, so they are left alone.
 * Every CSV the server writes goes through csvField, so none can forget this.
 */
function neutraliseFormula(value: Cell): Cell {
  return typeof value === 'string' && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/**
 * One RFC 4180 field: formula-neutralised, quoted when it holds a comma, quote or line break; quotes
 * doubled. A line break inside a field becomes CRLF too, so a file has one line ending throughout.
 */
export function csvField(value: Cell): string {
  const safe = neutraliseFormula(value);
  if (safe === null || safe === undefined) return '';
  const text = String(safe);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""').replace(/\r\n|\r|\n/g, '\r\n')}"` : text;
}

/** One record, CRLF-terminated as RFC 4180 says. */
export function csvRow(values: Cell[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

/**
 * The first line of a CSV file: a UTF-8 byte order mark, then the header record. Without the BOM,
 * Excel on Windows reads UTF-8 as the ANSI code page and shows "Lucía" as "LucÃ­a".
 */
export function csvHeader(columns: readonly string[]): string {
  return `\uFEFF${csvRow([...columns])}`;
}
