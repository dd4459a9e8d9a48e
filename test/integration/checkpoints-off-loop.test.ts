// WAL checkpoints move to a worker thread while bulk work runs (db/open.ts holdCheckpointsOffLoop): the
// commits of the connection that serves the clerk then never copy the WAL into the database file.
// Observed from the outside on a real file: the database file grows only when a checkpoint copies pages
// into it, so a commit that grows it synchronously ran a checkpoint on the loop.
import { existsSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { askCopySequence } from '../../src-main/core/cache/copy-sequence.ts';
import { mergeIntoCache } from '../../src-main/core/cache/merge.ts';
import { checkpointNow, holdCheckpointsOffLoop, openDatabase, type Sqlite } from '../../src-main/core/db/open.ts';
import type { Order } from '../../src-main/core/ticketscloud/types.ts';
import { generateDataset } from '../../src-main/sandbox/generator.ts';
import { useTempDatabase } from '../support/temp-database.ts';
import { waitUntil } from '../support/wait.ts';

const temp = useTempDatabase('tcbo-checkpoints-');

/** Enough orders that one commit writes well over the 1 000 WAL pages of an auto-checkpoint. */
const dataset = generateDataset({ seed: 11, count: 2_500 });
const orders: Order[] = [...dataset.orders()] as Order[];

function autoCheckpointPages(sqlite: Sqlite): number {
  return Number(sqlite.pragma('wal_autocheckpoint', { simple: true }));
}
function fileBytes(sqlite: Sqlite): number {
  return statSync(sqlite.name).size;
}
function walBytes(sqlite: Sqlite): number {
  return statSync(`${sqlite.name}-wal`).size;
}
function mergeAll(sqlite: Sqlite, some: readonly Order[] = orders): void {
  mergeIntoCache(sqlite, some, dataset.refs, askCopySequence(sqlite));
}

describe('WAL checkpoints off the loop during bulk work', () => {
  it('without a hold, the commit that crosses the threshold checkpoints on the loop (the file grows at once)', () => {
    const { sqlite } = temp.cache;
    expect(autoCheckpointPages(sqlite)).toBe(1000);
    const before = fileBytes(sqlite);
    mergeAll(sqlite);
    expect(fileBytes(sqlite)).toBeGreaterThan(before + 1_000_000);
  });

  it('with a hold, commits leave the WAL alone and the worker copies it into the file', async () => {
    const { sqlite } = temp.cache;
    const release = holdCheckpointsOffLoop(sqlite);
    expect(autoCheckpointPages(sqlite)).toBe(0);
    const before = fileBytes(sqlite);
    mergeAll(sqlite);
    expect(fileBytes(sqlite)).toBe(before); // nothing copied inside the commit
    await waitUntil('the worker checkpoints', () => fileBytes(sqlite) > before + 1_000_000);
    release();
    expect(autoCheckpointPages(sqlite)).toBe(1000);
    // What the worker copied is the same database: every order reads back through the main connection.
    expect(sqlite.prepare('SELECT count(*) FROM orders').pluck().get()).toBe(orders.length);
  });

  it('checkpointNow copies the WAL back on the worker and resolves when it is done; awaited between commits, the WAL starts over', async () => {
    const { sqlite } = temp.cache;
    const release = holdCheckpointsOffLoop(sqlite);
    try {
      const slices = 10;
      const size = orders.length / slices;
      mergeAll(sqlite, orders.slice(0, size));
      const oneSlice = walBytes(sqlite);
      const before = fileBytes(sqlite);
      await checkpointNow(sqlite);
      expect(fileBytes(sqlite)).toBeGreaterThan(before); // copied by the time it resolved, not some time later
      for (let slice = 1; slice < slices; slice++) {
        mergeAll(sqlite, orders.slice(slice * size, (slice + 1) * size));
        await checkpointNow(sqlite);
      }
      // Each commit reused the WAL from its start: it holds about one slice, not all ten of them.
      expect(walBytes(sqlite)).toBeLessThan(2 * oneSlice);
      expect(sqlite.prepare('SELECT count(*) FROM orders').pluck().get()).toBe(orders.length);
    } finally {
      release();
    }
  });

  it('checkpointNow without a hold resolves at once and leaves checkpoints to the commits', async () => {
    const { sqlite } = temp.cache;
    await checkpointNow(sqlite);
    expect(autoCheckpointPages(sqlite)).toBe(1000);
  });

  it('closing the database closes the worker’s connection first, so nothing is left behind or written after close() returns', async () => {
    const { sqlite } = temp.cache;
    const release = holdCheckpointsOffLoop(sqlite);
    mergeAll(sqlite, orders.slice(0, 100));
    await checkpointNow(sqlite); // the worker is up and has its connection open
    mergeAll(sqlite); // megabytes of WAL: the next checkpoint keeps the worker busy for a while
    const busy = checkpointNow(sqlite);
    release();
    const file = sqlite.name;
    temp.cache.close();
    // The last connection to close checkpoints and deletes the WAL: the app's, not a worker's later on
    // (a caller that removes the folder next would race it).
    expect(existsSync(`${file}-wal`)).toBe(false);
    expect(existsSync(`${file}-shm`)).toBe(false);
    await busy; // answered, or let go when the worker ended: nobody waits forever
  });

  it('counts overlapping jobs: checkpoints come back into the commits when the last one ends, once', () => {
    const { sqlite } = temp.cache;
    const importRelease = holdCheckpointsOffLoop(sqlite);
    const drainRelease = holdCheckpointsOffLoop(sqlite);
    importRelease();
    importRelease(); // a second call of the same release changes nothing
    expect(autoCheckpointPages(sqlite)).toBe(0);
    drainRelease();
    expect(autoCheckpointPages(sqlite)).toBe(1000);
  });

  it('is a no-op for a database in memory (no file to share with a worker)', () => {
    const opened = openDatabase(':memory:');
    try {
      const release = holdCheckpointsOffLoop(opened.sqlite);
      // Checkpoints are not taken away from a connection no worker can share.
      expect(autoCheckpointPages(opened.sqlite)).toBe(1000);
      release();
      expect(autoCheckpointPages(opened.sqlite)).toBe(1000);
    } finally {
      opened.close();
    }
  });
});
