// What the clerk sees: the server's order with the edits not yet sent laid over it. The overlay is built
// with the same merge and body-building as the PATCH itself, so the screen shows exactly what the server
// will hold once the queue drains — not a second guess at it.
import type { Order, Refs } from '../ticketscloud/types.ts';
import { appliedPromocodeCodes, buildPatch } from './build-patch.ts';
import { mergeAllIntents } from './coalesce.ts';
import { codesNotIn } from './promocode-list.ts';
import type { EditIntent } from './schema.ts';

/**
 * The server order with pending intents (oldest first) applied: customer fields, `send_tickets` and
 * vendor data. `promocodes` stays the server's list of applied ids — a code not yet sent has no id and may
 * still be refused; `pendingPromocodes` lists those codes. The server copy is not modified.
 */
export function overlayIntents(server: Order, refs: Refs, intents: readonly EditIntent[]): Order {
  if (intents.length === 0) return server;
  const patch = buildPatch(server, refs, mergeAllIntents(intents));
  const overlaid: Order = { ...server };
  if (patch.settings !== undefined) overlaid.settings = { ...server.settings, ...patch.settings };
  if (patch.vendor_data !== undefined) overlaid.vendor_data = { ...server.vendor_data, ...patch.vendor_data };
  return overlaid;
}

/** Codes the clerk added that are not on the order yet (shown as "pending" next to the applied ones). */
export function pendingPromocodes(server: Order, refs: Refs, intents: readonly EditIntent[]): string[] {
  return codesNotIn(mergeAllIntents(intents).promocodes ?? [], appliedPromocodeCodes(server, refs));
}

/**
 * Dotted paths of the fields the pending intents change, in the order first changed, for the
 * "not yet sent" marks: `settings.customer.email`, `settings.send_tickets`, `vendor_data.order_id`,
 * `vendor_data.raw.<key>`, `promocodes`. Same paths as validation errors use.
 */
export function pendingFields(intents: readonly EditIntent[]): string[] {
  const paths = new Set<string>();
  for (const intent of intents) {
    for (const [field, value] of Object.entries(intent.settings?.customer ?? {})) {
      if (value !== undefined) paths.add(`settings.customer.${field}`);
    }
    if (intent.settings?.send_tickets !== undefined) paths.add('settings.send_tickets');
    if (intent.vendor_data?.order_id !== undefined) paths.add('vendor_data.order_id');
    for (const key of Object.keys(intent.vendor_data?.raw ?? {})) paths.add(`vendor_data.raw.${key}`);
    if ((intent.promocodes?.length ?? 0) > 0) paths.add('promocodes');
  }
  return [...paths];
}
