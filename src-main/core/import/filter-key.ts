// The identity of an import: the same filter (however it was written) continues the same import.
import type { ImportFilter } from '../contract.ts';

/**
 * Canonical JSON of the filter: keys in a fixed order, lists sorted and without repeats, empty parts
 * left out — so `{events: [b, a]}` and `{events: [a, b, a], status: []}` are one import.
 */
export function importFilterKey(filter: ImportFilter): string {
  const canonical: Record<string, unknown> = {};
  const created_from = filter.created_from?.trim();
  const created_to = filter.created_to?.trim();
  if (created_from) canonical.created_from = created_from;
  if (created_to) canonical.created_to = created_to;
  const events = sortedUnique(filter.events);
  if (events.length > 0) canonical.events = events;
  const status = sortedUnique(filter.status);
  if (status.length > 0) canonical.status = status;
  return JSON.stringify(canonical);
}

function sortedUnique<T extends string>(values: readonly T[] | undefined): T[] {
  return [...new Set(values ?? [])].sort();
}
