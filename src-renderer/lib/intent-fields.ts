// Which fields of an order an edit touches, and how to say what it does. The order screen marks each
// field that has a not-yet-sent edit; the history says "name → Иван" instead of showing JSON.
import type { EditDto, EditIntent } from '../../src-main/core/contract.ts';
import type { MessageKey } from '../../src-main/core/messages/catalog.ts';

const CUSTOMER_FIELDS = ['name', 'email', 'phone', 'lang'] as const;

/** Dotted paths, as validation errors use them: "settings.customer.email", "vendor_data.raw.note", "promocodes". */
export function fieldPathsOf(intent: EditIntent): string[] {
  const paths: string[] = [];
  const customer = intent.settings?.customer;
  for (const field of CUSTOMER_FIELDS) {
    if (customer?.[field] !== undefined) paths.push(`settings.customer.${field}`);
  }
  if (intent.settings?.send_tickets !== undefined) paths.push('settings.send_tickets');
  if (intent.vendor_data?.order_id !== undefined) paths.push('vendor_data.order_id');
  for (const key of Object.keys(intent.vendor_data?.raw ?? {})) paths.push(`vendor_data.raw.${key}`);
  if (intent.promocodes?.length) paths.push('promocodes');
  if (intent.status !== undefined) paths.push('status');
  return paths;
}

export function isUnsent(edit: EditDto): boolean {
  return edit.state === 'pending' || edit.state === 'sending';
}

/** Field path → the unsent edits that change it, oldest first. */
export function unsentEditsByField(edits: readonly EditDto[]): Map<string, EditDto[]> {
  const byField = new Map<string, EditDto[]>();
  for (const edit of [...edits].reverse()) {
    if (!isUnsent(edit)) continue;
    for (const path of fieldPathsOf(edit.body)) {
      const list = byField.get(path) ?? [];
      list.push(edit);
      byField.set(path, list);
    }
  }
  return byField;
}

export interface IntentLine {
  key: MessageKey;
  params: Record<string, string>;
}

export function describeIntent(intent: EditIntent): IntentLine[] {
  const lines: IntentLine[] = [];
  const customer = intent.settings?.customer;
  for (const field of CUSTOMER_FIELDS) {
    const value = customer?.[field];
    if (value !== undefined) lines.push({ key: `what.customer.${field}`, params: { value } });
  }
  const send = intent.settings?.send_tickets;
  if (send !== undefined) lines.push({ key: send ? 'what.sendTickets.on' : 'what.sendTickets.off', params: {} });
  const vendorOrderId = intent.vendor_data?.order_id;
  if (vendorOrderId !== undefined) lines.push({ key: 'what.vendorOrderId', params: { value: vendorOrderId } });
  for (const [key, value] of Object.entries(intent.vendor_data?.raw ?? {})) {
    lines.push(value === null ? { key: 'what.rawRemove', params: { key } } : { key: 'what.rawSet', params: { key, value } });
  }
  if (intent.promocodes?.length) lines.push({ key: 'what.promocodes', params: { codes: intent.promocodes.join(', ') } });
  if (intent.status !== undefined) lines.push({ key: `what.status.${intent.status}`, params: {} });
  return lines;
}
