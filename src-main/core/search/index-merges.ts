// FTS5 keeps the search index as segments and merges them as it goes ('automerge'): the merge work runs
// inside whichever commit wrote to the index. For an import page of 200 orders it was 10–30 ms inside
// every few pages' commits, the largest part of the import's event-loop blocks once checkpoints had left
// the loop (README, Performance); for the engine's one-order commits it was the 18–20 ms of CPU inside a
// few COMMITs of each drain with 100k orders cached (an in-process probe of the thread's schedstat: run
// time, not I/O). So while an import or a drain runs, automerge is held off and they do the same merge
// work themselves, in steps small enough to stay well under a frame, each its own transaction with the
// event loop free in between.
//
// The setting is stored in the index (search_fts_config), so it outlives a crash in the middle of an
// import: the service resumes it at start (resumeAutomergeIfPaused).
import type { Sqlite } from '../db/open.ts';
import { perDatabase } from '../db/prepared.ts';
import { withoutFsync } from '../db/without-fsync.ts';

/** FTS5's own default: merge once a level holds this many segments. */
const AUTOMERGE_SEGMENTS = 4;
/**
 * Leaf pages of merge work per step. 16 and 32 gave more steps for the same work; 64 kept the longest
 * step under 10 ms at 100k orders (scratch); larger ones are what automerge did inside a commit.
 */
const MERGE_STEP_LEAF_PAGES = 64;
/**
 * The sync engine's step, one after each outcome: a request writes a segment of a few pages, so a small
 * step keeps pace, and it must fit in a loop turn's budget (sync/turns.ts) — a 64-page step took 9–19 ms
 * at the start of a drain with 100k cached (bench engine process, profiled).
 */
export const SMALL_MERGE_STEP_LEAF_PAGES = 16;

const statements = perDatabase((sqlite) => ({
  // Bound as a BigInt: FTS5 refuses a setting bound as a real ("SQL logic error"), and a JS number binds as one.
  setAutomerge: sqlite.prepare<[bigint]>("INSERT INTO search_fts (search_fts, rank) VALUES ('automerge', ?)"),
  automerge: sqlite.prepare<[], number | string | null>("SELECT v FROM search_fts_config WHERE k = 'automerge'").pluck(),
  // Merges segments of a level that holds AUTOMERGE_SEGMENTS or more ('usermerge', default 4), up to
  // the given number of leaf pages: the same merges automerge would have made.
  mergeStep: sqlite.prepare<[number]>("INSERT INTO search_fts (search_fts, rank) VALUES ('merge', ?)"),
  totalChanges: sqlite.prepare<[], number>('SELECT total_changes()').pluck(),
}));

const holders = new WeakMap<Sqlite, number>();

/**
 * No merging inside commits until every holder has let go (an import and a drain may overlap); the
 * holder does the merge work itself (mergeStep). Returns the release, which may be called more than once.
 */
export function holdAutomergeOff(sqlite: Sqlite): () => void {
  const held = holders.get(sqlite) ?? 0;
  if (held === 0) pauseAutomerge(sqlite);
  holders.set(sqlite, held + 1);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const left = (holders.get(sqlite) ?? 1) - 1;
    holders.set(sqlite, left);
    if (left === 0 && sqlite.open) resumeAutomerge(sqlite);
  };
}

/** Stops merging inside commits (see holdAutomergeOff, which counts its holders). */
export function pauseAutomerge(sqlite: Sqlite): void {
  withoutFsync(sqlite, () => statements(sqlite).setAutomerge.run(0n));
}

/** Merging inside commits again (the last holder let go, however its work ended). */
export function resumeAutomerge(sqlite: Sqlite): void {
  withoutFsync(sqlite, () => statements(sqlite).setAutomerge.run(BigInt(AUTOMERGE_SEGMENTS)));
}

/** At start: an import cut off by a crash or a kill left automerge paused. Writes only if it did. */
export function resumeAutomergeIfPaused(sqlite: Sqlite): boolean {
  const stored = statements(sqlite).automerge.get();
  if (stored === undefined || stored === null || Number(stored) !== 0) return false;
  resumeAutomerge(sqlite);
  return true;
}

/** One step of merge work, in its own transaction. True if it merged something (there may be more). */
export function mergeStep(sqlite: Sqlite, leafPages: number = MERGE_STEP_LEAF_PAGES): boolean {
  const { mergeStep: step, totalChanges } = statements(sqlite);
  const before = totalChanges.get() ?? 0;
  withoutFsync(sqlite, () => step.run(leafPages));
  // FTS5's documented test for "the merge did nothing": fewer than two rows changed.
  return (totalChanges.get() ?? 0) - before >= 2;
}

/**
 * Up to `maxSteps` merge steps with the event loop free between them. Resolves true if the last step
 * still found work (more is left), false once there is nothing to merge.
 */
export async function mergeSteps(sqlite: Sqlite, maxSteps: number): Promise<boolean> {
  for (let step = 0; step < maxSteps; step++) {
    if (!sqlite.open || !mergeStep(sqlite)) return false;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return true;
}
