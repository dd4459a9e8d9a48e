// What an import does around its page commits so that the bulk of SQLite's housekeeping leaves the
// loop that serves the clerk: WAL checkpoints run on the worker (db/open.ts), the search index's merges
// run as small steps between pages (search/index-merges.ts). Shared by importOrders and the bench, so
// the bench measures what the app does.
import { checkpointNow, holdCheckpointsOffLoop, type Sqlite } from '../db/open.ts';
import { holdAutomergeOff, mergeSteps } from '../search/index-merges.ts';

/** Orders merged between two of the import's checkpoints: ~1 100 WAL pages, SQLite's own threshold. */
export const CHECKPOINT_EVERY_ORDERS = 1000;
/**
 * Merge steps after a page, at most: a page needs 1.6 on average at 100k orders (scratch); the cap
 * bounds what one page's gap writes into the WAL when a large level is due (the rest waits for the
 * next pages). Uncapped, the WAL reached 22 MB at 100k between two checkpoints.
 */
export const MERGE_STEPS_PER_PAGE = 8;

export interface ImportPacing {
  /** Resolves when the next page may be written: the checkpoint asked for after an earlier page is done. */
  beforeWrite(): Promise<void>;
  /** After a page's commit: some of the index's merge work, and a checkpoint every CHECKPOINT_EVERY_ORDERS. */
  afterPage(orders: number): Promise<void>;
  /** After the last page: the merge work left, a checkpoint after every few steps. */
  finish(): Promise<void>;
  /** However the import ended: merges back inside commits, checkpoints back to whoever else holds them. */
  release(): void;
}

/**
 * Starts pacing an import. Checkpoints: the worker's timer alone never catches up with a writer that
 * commits every few ms (the WAL reached 398 MB for 50 000 orders), so one is asked for every 1 000
 * orders while the next page is fetched, and waited for before that page is written — then it copies
 * the whole WAL back and the next commit starts the WAL over. One per page measured slower (14 500
 * against 18 400 orders/s at 100k): it rewrites the same hot pages and fsyncs five times as often.
 */
export function paceImport(sqlite: Sqlite): ImportPacing {
  const releaseAutomerge = holdAutomergeOff(sqlite);
  const releaseCheckpoints = holdCheckpointsOffLoop(sqlite);
  let since = 0;
  let checkpointed = Promise.resolve();
  let released = false;
  return {
    beforeWrite: () => checkpointed,
    async afterPage(orders) {
      await mergeSteps(sqlite, MERGE_STEPS_PER_PAGE);
      since += orders;
      if (since < CHECKPOINT_EVERY_ORDERS) return;
      since = 0;
      checkpointed = checkpointNow(sqlite);
    },
    async finish() {
      await checkpointed;
      while (await mergeSteps(sqlite, MERGE_STEPS_PER_PAGE)) await checkpointNow(sqlite);
    },
    release() {
      if (released) return;
      released = true;
      releaseAutomerge();
      releaseCheckpoints();
    },
  };
}
