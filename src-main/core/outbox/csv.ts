// RFC 4180 CSV cells, safe to open in a spreadsheet — Excel and LibreOffice in any locale.
//
// Operator names, vendor fields and server error texts come from people and other systems, so every
// cell is treated as hostile:
// - A cell that starts with = + - @ (or a tab / carriage return), also after leading spaces, is run as a
//   formula by Excel and LibreOffice: a "=HYPERLINK(...)" in a customer's name must stay text, so such
//   cells get a leading apostrophe (the OWASP advice).
// - Russian-locale Excel and LibreOffice split on `;`, not `,`. A cell is quoted when it holds EITHER
//   separator, a quote, a tab or a line break, whichever separator the file uses — so `Ivan;=HYPERLINK(…)`
//   stays one text cell instead of becoming `Ivan` and a formula cell. Inner quotes are doubled; rows end
//   with CRLF.
// - Files start with a UTF-8 byte order mark: without it Excel on Russian Windows reads UTF-8 Cyrillic
//   as cp1251 mojibake.

export const CSV_SEPARATORS = [',', ';'] as const;
export type CsvSeparator = (typeof CSV_SEPARATORS)[number];

export interface CsvOptions {
  /** `,` (the default, RFC 4180) or `;` (what Excel expects where the decimal separator is a comma, e.g. ru). */
  separator?: CsvSeparator;
}

export const UTF8_BOM = '\uFEFF';

const FORMULA_START = /^[\t\r]|^\s*[=+\-@]/;
const NEEDS_QUOTES = /[",;\t\r\n]/;

export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  // Numbers are our own (ids, attempt counts): never a formula.
  if (typeof value === 'number') return String(value);
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvRow(cells: readonly (string | number | null)[], separator: CsvSeparator = ','): string {
  return `${cells.map(csvCell).join(separator)}\r\n`;
}
