// The app's small key/value settings (the `settings` table): the search index version and rebuild
// position (search/index-upgrade.ts), the copy sequence's ceiling (cache/copy-sequence.ts). Each write
// joins the caller's transaction when there is one.
import type { Sqlite } from './open.ts';
import { perDatabase } from './prepared.ts';

const statements = perDatabase((sqlite) => ({
  read: sqlite.prepare<[string], string>('SELECT value FROM settings WHERE key = ?').pluck(),
  write: sqlite.prepare<[string, string, number]>(
    `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
  ),
  remove: sqlite.prepare<[string]>('DELETE FROM settings WHERE key = ?'),
}));

export function readSetting(sqlite: Sqlite, key: string): string | undefined {
  return statements(sqlite).read.get(key);
}

export function writeSetting(sqlite: Sqlite, key: string, value: string, at: number = Date.now()): void {
  statements(sqlite).write.run(key, value, at);
}

export function removeSetting(sqlite: Sqlite, key: string): void {
  statements(sqlite).remove.run(key);
}
