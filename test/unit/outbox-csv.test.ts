import { describe, expect, it } from 'vitest';
import { csvCell, csvRow, type CsvSeparator } from '../../src-main/core/outbox/csv.ts';
import { describeIntent } from '../../src-main/core/outbox/describe-intent.ts';

describe('history CSV cells (RFC 4180, safe in a spreadsheet)', () => {
  it.each([
    { value: 'Anna', cell: 'Anna' },
    { value: 42, cell: '42' },
    { value: null, cell: '' },
    { value: 'Ivanov, Ivan', cell: '"Ivanov, Ivan"' },
    { value: 'say "hi"', cell: '"say ""hi"""' },
    { value: 'two\nlines', cell: '"two\nlines"' },
    { value: 'cr\r\nlf', cell: '"cr\r\nlf"' },
    { value: 'Иван Петров', cell: 'Иван Петров' },
  ])('$value → $cell', ({ value, cell }) => {
    expect(csvCell(value)).toBe(cell);
  });

  it.each([
    { value: '=HYPERLINK("http://evil","x")', cell: `"'=HYPERLINK(""http://evil"",""x"")"` },
    { value: '+7 999 123', cell: "'+7 999 123" },
    { value: '-2+3', cell: "'-2+3" },
    { value: '@SUM(A1)', cell: "'@SUM(A1)" },
    { value: '\t=1', cell: `"'\t=1"` },
    { value: '  =1+1', cell: "'  =1+1" },
    { value: '\r=1', cell: `"'\r=1"` },
  ])('a cell a spreadsheet would run as a formula stays text: $value', ({ value, cell }) => {
    expect(csvCell(value)).toBe(cell);
  });

  it.each([
    { value: 'a;b', cell: '"a;b"' },
    { value: 'a\tb', cell: '"a\tb"' },
  ])('quotes what a `;`- or tab-splitting spreadsheet would cut: $value', ({ value, cell }) => {
    expect(csvCell(value)).toBe(cell);
  });

  it('ends every row with CRLF', () => {
    expect(csvRow(['a', 1, null])).toBe('a,1,\r\n');
    expect(csvRow(['a', 1, null], ';')).toBe('a;1;\r\n');
  });

  it.each([',', ';'] as const)(
    'keeps `Ivan;=HYPERLINK("x")` one text cell with the %s separator, as a spreadsheet splits it',
    (separator) => {
      const cells = splitLikeASpreadsheet(csvRow(['anna', 'Ivan;=HYPERLINK("x")', 7], separator), separator);
      expect(cells).toEqual(['anna', 'Ivan;=HYPERLINK("x")', '7']);
      // A cell that a spreadsheet would read as a formula on its own is guarded in both separators too.
      expect(splitLikeASpreadsheet(csvRow(['=HYPERLINK("x")'], separator), separator)).toEqual(['\'=HYPERLINK("x")']);
    },
  );
});

/** RFC 4180 reading of one row, the way Excel and LibreOffice read a quoted cell. */
function splitLikeASpreadsheet(row: string, separator: CsvSeparator): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  const text = row.replace(/\r\n$/, '');
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === separator) {
      cells.push(cell);
      cell = '';
    } else cell += char;
  }
  cells.push(cell);
  return cells;
}

describe('the "what" column of the history', () => {
  it.each([
    { intent: { settings: { customer: { name: 'Ivan', lang: 'ru' as const } } }, text: 'customer.name = Ivan; customer.lang = ru' },
    { intent: { settings: { send_tickets: true } }, text: 'send_tickets = yes' },
    {
      intent: { vendor_data: { order_id: 'V-1', raw: { note: 'vip', gone: null } } },
      text: 'vendor order_id = V-1; vendor raw.note = vip; vendor raw.gone = removed',
    },
    { intent: { promocodes: ['PROMO100', 'spring'] }, text: 'promocodes + PROMO100, spring' },
  ])('$text', ({ intent, text }) => {
    expect(describeIntent(intent)).toBe(text);
  });
});
