// RFC 4180 CSV cells, safe to open in a spreadsheet.
//
// Operator names, vendor fields and server error texts come from people and other systems. A cell that
// starts with = + - @ (or a tab / carriage return) is run as a formula by Excel and LibreOffice — a
// "=HYPERLINK(...)" in a customer's name must stay text, so such cells get a leading apostrophe (the
// OWASP advice). Quoting follows RFC 4180: a cell with a comma, quote or line break is wrapped in
// quotes, inner quotes doubled; rows end with CRLF.
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvRow(cells: readonly (string | number | null)[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}
