// A one-line, human-readable account of what a clerk asked for, for the history export
// ("customer.name = Ivan; send_tickets = yes; promocodes + PROMO100").
import type { EditIntent } from '../edits/schema.ts';

function quote(value: unknown): string {
  if (value === null) return 'removed';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return String(value);
}

export function describeIntent(intent: EditIntent): string {
  const parts: string[] = [];
  const customer = intent.settings?.customer;
  if (customer) {
    for (const [field, value] of Object.entries(customer)) parts.push(`customer.${field} = ${quote(value)}`);
  }
  if (intent.settings?.send_tickets !== undefined) parts.push(`send_tickets = ${quote(intent.settings.send_tickets)}`);
  const vendor = intent.vendor_data;
  if (vendor?.order_id !== undefined) parts.push(`vendor order_id = ${quote(vendor.order_id)}`);
  if (vendor?.raw) {
    for (const [key, value] of Object.entries(vendor.raw)) parts.push(`vendor raw.${key} = ${quote(value)}`);
  }
  if (intent.promocodes && intent.promocodes.length > 0) parts.push(`promocodes + ${intent.promocodes.join(', ')}`);
  if (intent.status !== undefined) parts.push(`status = ${intent.status}`);
  return parts.length > 0 ? parts.join('; ') : '(no change)';
}
