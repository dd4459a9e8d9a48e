// The project sends vendor raw values as strings only (../shared/ticketscloud-api.md, vendor data); what the
// server holds in another form is read, compared and sent as its text.
export function asRawText(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return JSON.stringify(value);
}
