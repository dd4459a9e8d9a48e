// The search index's merges taken out of the commits while an import runs (search/index-merges.ts):
// paused, the commits leave FTS5 segments unmerged; the import's merge steps merge them; whatever is
// left paused by a crash is resumed when the box office starts.
import { describe, expect, it } from 'vitest';
import { askCopySequence } from '../../src-main/core/cache/copy-sequence.ts';
import { mergeIntoCache } from '../../src-main/core/cache/merge.ts';
import { openDatabase, type Sqlite } from '../../src-main/core/db/open.ts';
import { holdAutomergeOff, mergeStep, pauseAutomerge, resumeAutomerge, resumeAutomergeIfPaused } from '../../src-main/core/search/index-merges.ts';
import { searchOrders } from '../../src-main/core/search/search.ts';
import { createBoxOffice } from '../../src-main/core/service.ts';
import type { Order } from '../../src-main/core/ticketscloud/types.ts';
import { generateDataset } from '../../src-main/sandbox/generator.ts';
import { useTempDatabase } from '../support/temp-database.ts';

const temp = useTempDatabase('tcbo-index-merges-');
const dataset = generateDataset({ seed: 5, count: 2_000 });
const orders = [...dataset.orders()] as Order[];

/** Each commit that writes index entries adds one FTS5 segment; %_idx has rows per segment. */
function segments(sqlite: Sqlite): number {
  return sqlite.prepare('SELECT count(DISTINCT segid) FROM search_fts_idx').pluck().get() as number;
}
function storedAutomerge(sqlite: Sqlite): number | undefined {
  return sqlite.prepare("SELECT v FROM search_fts_config WHERE k = 'automerge'").pluck().get() as number | undefined;
}
/** 40 commits of 50 orders, like 40 small import pages. */
function mergeInPages(sqlite: Sqlite): void {
  for (let at = 0; at < orders.length; at += 50) mergeIntoCache(sqlite, orders.slice(at, at + 50), dataset.refs, askCopySequence(sqlite));
}
function foundByNumber(sqlite: Sqlite): number {
  return orders.filter((order) => searchOrders(sqlite, { q: String(order.number) }).results[0]?.id === order.id).length;
}

describe('search index merges paused during an import', () => {
  it('paused, commits leave their segments; merge steps merge them until none is left to merge, and search finds every order throughout', () => {
    const { sqlite } = temp.cache;
    pauseAutomerge(sqlite);
    expect(storedAutomerge(sqlite)).toBe(0);
    mergeInPages(sqlite);
    const unmerged = segments(sqlite);
    expect(foundByNumber(sqlite)).toBe(orders.length);

    let steps = 0;
    while (mergeStep(sqlite)) steps++;
    expect(steps).toBeGreaterThan(0);
    expect(mergeStep(sqlite)).toBe(false); // nothing left: a step that merges nothing says so
    const merged = segments(sqlite);
    expect(merged).toBeLessThan(unmerged);
    expect(foundByNumber(sqlite)).toBe(orders.length);
    resumeAutomerge(sqlite);
    expect(storedAutomerge(sqlite)).toBe(4);
  });

  it('with automerge on (no import running), the same commits merge as they go', () => {
    const { sqlite } = temp.cache;
    mergeInPages(sqlite);
    const asTheyGo = segments(sqlite);
    pauseAutomerge(sqlite);
    mergeInPages(sqlite); // the same orders again: their entries are unchanged, so nothing is written
    expect(segments(sqlite)).toBe(asTheyGo);
    expect(mergeStep(sqlite)).toBe(false); // automerge already did the merging
  });

  it('resumeAutomergeIfPaused resumes a pause left behind, and writes nothing otherwise', () => {
    const { sqlite } = temp.cache;
    expect(resumeAutomergeIfPaused(sqlite)).toBe(false); // never paused: FTS5's default, no row
    expect(storedAutomerge(sqlite)).toBeUndefined();
    pauseAutomerge(sqlite);
    expect(resumeAutomergeIfPaused(sqlite)).toBe(true);
    expect(storedAutomerge(sqlite)).toBe(4);
    expect(resumeAutomergeIfPaused(sqlite)).toBe(false);
  });

  it('a box office started on a database an import left paused (a crash) merges inside commits again', async () => {
    const file = temp.cache.sqlite.name;
    pauseAutomerge(temp.cache.sqlite);
    temp.cache.close();
    const boxOffice = createBoxOffice({ dbFile: file, apiUrl: 'http://127.0.0.1:9', apiKey: '' });
    try {
      await boxOffice.searchIndexReady;
    } finally {
      await boxOffice.stop();
    }
    const reopened = openDatabase(file);
    try {
      expect(storedAutomerge(reopened.sqlite)).toBe(4);
    } finally {
      reopened.close();
    }
  });
});

describe('holding automerge off', () => {
  it('counts its holders: an import and a drain that overlap resume merging only when the last lets go', () => {
    const { sqlite } = temp.cache;
    const releaseImport = holdAutomergeOff(sqlite);
    const releaseDrain = holdAutomergeOff(sqlite);
    expect(storedAutomerge(sqlite)).toBe(0);
    releaseImport();
    releaseImport(); // a second call of the same release counts once
    expect(storedAutomerge(sqlite)).toBe(0);
    releaseDrain();
    expect(storedAutomerge(sqlite)).toBe(4);
  });
});
