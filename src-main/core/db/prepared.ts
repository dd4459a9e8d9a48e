// Prepared statements are compiled once per database handle, not once per call: the merge and the
// search are hot paths (a page of 200 orders, a keystroke), and preparing costs more than running.
import { sql } from 'drizzle-orm';
import type { Sqlite } from './open.ts';

/** Wraps a function that prepares statements so it runs once per handle; the WeakMap lets a closed handle go. */
export function perDatabase<T>(prepare: (sqlite: Sqlite) => T): (sqlite: Sqlite) => T {
  const byHandle = new WeakMap<Sqlite, T>();
  return (sqlite) => {
    let prepared = byHandle.get(sqlite);
    if (prepared === undefined) {
      prepared = prepare(sqlite);
      byHandle.set(sqlite, prepared);
    }
    return prepared;
  };
}

/** A named placeholder as a value of drizzle's `set()`, which takes SQL but not a bare placeholder. */
export function boundValue(name: string) {
  return sql`${sql.placeholder(name)}`;
}
