// The vendor `raw` key/value editor as plain data: rows from the order, the intent the rows mean
// (only what changed; `null` removes a key), and the live limits the clerk sees while typing.
import { EDIT_LIMITS } from '../../src-main/core/edits/schema.ts';
import { codePointCount } from './text.ts';

export type ServerKind = 'string' | 'number' | 'boolean' | 'other';

export interface RawRow {
  /** Stable identity for the list (keys can be typed, so they cannot be the identity). */
  id: number;
  key: string;
  value: string;
  /** The order's current value as text; null for a row the clerk added. */
  original: string | null;
  /** What the order holds there: a number or yes/no is shown (and would be saved) as text. */
  originalKind: ServerKind | null;
  removed: boolean;
}

function kindOf(value: unknown): ServerKind {
  if (typeof value === 'string') return 'string';
  if (typeof value === 'number') return 'number';
  if (typeof value === 'boolean') return 'boolean';
  return 'other';
}

function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value) ?? '';
}

let nextRowId = 1;

export function newRow(): RawRow {
  return { id: nextRowId++, key: '', value: '', original: null, originalKind: null, removed: false };
}

export function rowsFromRaw(raw: Record<string, unknown> | null | undefined): RawRow[] {
  return Object.entries(raw ?? {}).map(([key, value]) => ({
    id: nextRowId++,
    key,
    value: asText(value),
    original: asText(value),
    originalKind: kindOf(value),
    removed: false,
  }));
}

/** Whether two copies of `raw` hold the same keys, in the same order, with the same values as the rows show them. */
export function sameRaw(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const left = Object.entries(a);
  const right = Object.entries(b);
  return (
    left.length === right.length &&
    left.every(([key, value], index) => {
      const [otherKey, otherValue] = right[index] ?? [];
      return key === otherKey && kindOf(value) === kindOf(otherValue) && asText(value) === asText(otherValue);
    })
  );
}

function isNewWithKey(row: RawRow): boolean {
  return row.original === null && row.key !== '';
}

/** What the rows ask for: changed and new keys with their text, removed keys as null; undefined if nothing. */
export function rawIntent(rows: readonly RawRow[]): Record<string, string | null> | undefined {
  const intent: Record<string, string | null> = {};
  for (const row of rows) {
    if (row.original !== null) {
      if (row.removed) intent[row.key] = null;
      else if (row.value !== row.original) intent[row.key] = row.value;
    } else if (isNewWithKey(row) && !row.removed) {
      intent[row.key] = row.value;
    }
  }
  return Object.keys(intent).length > 0 ? intent : undefined;
}

/** How many keys the order's `raw` will hold once this is saved. */
export function keysAfterSave(rows: readonly RawRow[]): number {
  const keys = new Set<string>();
  for (const row of rows) {
    if (row.removed) continue;
    if (row.original !== null || isNewWithKey(row)) keys.add(row.key);
  }
  return keys.size;
}

export function keysLeft(rows: readonly RawRow[]): number {
  return EDIT_LIMITS.rawKeys - keysAfterSave(rows);
}

export function keyCharsLeft(row: RawRow): number {
  return EDIT_LIMITS.rawKeyChars - codePointCount(row.key);
}

export function valueCharsLeft(row: RawRow): number {
  return EDIT_LIMITS.rawValueChars - codePointCount(row.value);
}

/** Ids of added rows whose key is already used by another row (the later one is the duplicate). */
export function duplicateRowIds(rows: readonly RawRow[]): Set<number> {
  const seen = new Set<string>();
  const duplicates = new Set<number>();
  for (const row of rows) {
    if (row.key === '' || row.removed) continue;
    if (seen.has(row.key) && row.original === null) duplicates.add(row.id);
    seen.add(row.key);
  }
  return duplicates;
}
