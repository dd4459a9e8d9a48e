// "Put it back": the new edit that restores what another writer had set before the clerk's edit replaced
// it. A new edit, not an undo: the clerk's edit is already on the server, and this one goes through the
// outbox like any other, so it is validated, queued and shown exactly as a form's save would be.
import type { EditConflict, EditIntent } from '../../src-main/core/contract.ts';
import { validateEdit } from '../../src-main/core/edits/schema.ts';

const CUSTOMER_PREFIX = 'settings.customer.';
const RAW_PREFIX = 'vendor_data.raw.';

/** The edit a conflict's path and the other writer's value spell, before validation. */
function intentFor(path: string, server: EditConflict['server']): unknown {
  if (path === 'settings.send_tickets') return { settings: { send_tickets: server } };
  if (path === 'vendor_data.order_id') return { vendor_data: { order_id: server } };
  // Object.fromEntries, not `{[key]: …}` in a literal: the key comes from a server path and must stay
  // an own property whatever it is (validateEdit then refuses reserved keys by name).
  if (path.startsWith(CUSTOMER_PREFIX)) {
    return { settings: { customer: Object.fromEntries([[path.slice(CUSTOMER_PREFIX.length), server]]) } };
  }
  // A raw key may itself contain dots: it is everything after the prefix. null removes the key again.
  if (path.startsWith(RAW_PREFIX)) return { vendor_data: { raw: Object.fromEntries([[path.slice(RAW_PREFIX.length), server]]) } };
  return undefined;
}

/**
 * The edit that puts `conflict.server` back, or null when no edit can say it: an unknown path, or a value
 * the edit schema refuses (a customer field the other writer emptied — an edit cannot empty one —, a
 * value over the limits, a send_tickets that is not yes/no).
 */
export function putBackIntent(conflict: EditConflict): EditIntent | null {
  const intent = intentFor(conflict.path, conflict.server);
  if (intent === undefined) return null;
  const checked = validateEdit(intent);
  return checked.ok ? checked.value : null;
}
