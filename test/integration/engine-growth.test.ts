// A queue far longer than any clerk makes by hand (a script, a stuck night): one order with hundreds of
// edits, thousands of orders with edits. The engine must keep each request's bookkeeping bounded and
// never read the whole outbox in one go, because its event loop is the desktop app's main process.
import { describe, expect, it } from 'vitest';
import { editableOrders, engineHarness, sandboxForTest, serverOrder } from '../support/engine-harness.ts';
import { networkSwitch } from '../support/network-switch.ts';

describe('a long queue', () => {
  it('450 edits of one order go as requests of at most 200 edits, each try logged once, not once per edit', async () => {
    const sandbox = await sandboxForTest();
    const app = engineHarness(sandbox);
    const [id] = editableOrders(sandbox, 1) as [string];
    app.engine.pause();
    const saved = Array.from({ length: 450 }, (_, n) => app.save(id, { vendor_data: { raw: { [`k${n % 20}`]: `v${n}` } } }));
    app.engine.resume();
    for (const edit of saved) await app.settled(edit.id);

    // 3 requests of 200 + 200 + 50 edits (more when a try had to be repeated on this busy machine); every
    // try logged once, naming how many edits it carried — not once per edit (450 rows and more).
    const tries = app.database.sqlite
      .prepare<[], string | null>(`SELECT detail FROM edit_log WHERE state = 'sending'`)
      .pluck()
      .all();
    expect(sandbox.stats().patchesByOrder[id]).toBeGreaterThanOrEqual(3);
    expect(tries.length).toBeGreaterThanOrEqual(3);
    expect(tries.length).toBeLessThanOrEqual(sandbox.stats().requests);
    const carried = tries.map((detail) => Number(/\((\d+) in all\)/.exec(detail ?? '')?.[1] ?? 1));
    expect(Math.max(...carried)).toBe(200);
    const last = saved.at(-1);
    expect(serverOrder(sandbox, id).vendor_data.raw?.[`k${449 % 20}`]).toBe(`v449`);
    expect(last && app.edit(last.id).state).toBe('synced');
  });

  it('start() reads a queue of 5 000 orders a chunk at a time, yielding to the event loop in between', async () => {
    const sandbox = await sandboxForTest();
    const line = await networkSwitch(sandbox.url);
    await line.down(); // nothing is sent: only the reading of the queue is watched
    const app = engineHarness(sandbox, { baseUrl: line.url, start: false });
    const insert = app.database.sqlite.prepare<[string, string]>(
      `INSERT INTO edits (order_id, body, operator, state, created_at) VALUES (?, ?, 'script', 'pending', 0)`,
    );
    app.database.sqlite.transaction(() => {
      for (let n = 0; n < 5_000; n++) insert.run(n.toString(16).padStart(24, '0'), JSON.stringify({ settings: { send_tickets: true } }));
    })();

    app.engine.start();
    const afterStart = app.engine.queuedOrders();
    await new Promise<void>((resolve) => setImmediate(resolve));

    expect(afterStart).toBeLessThan(5_000);
    await expect.poll(() => app.engine.queuedOrders(), { timeout: 20_000 }).toBeGreaterThanOrEqual(5_000 - 4);
  });

  it('an order with 600 queued edits opens with the newest 500 listed and says how many more there are', async () => {
    const sandbox = await sandboxForTest();
    const app = engineHarness(sandbox, { start: false });
    const [id] = editableOrders(sandbox, 1) as [string];
    const saved = Array.from({ length: 600 }, (_, n) => app.save(id, { vendor_data: { order_id: `V-${n}` } }));

    const view = app.outbox.forOrder(id);

    expect(view.edits).toHaveLength(500);
    expect(view.edits[0]?.id).toBe(saved.at(-1)?.id);
    expect(view.older).toBe(100);
    expect(app.outbox.pendingIntents(id).at(-1)).toEqual({ vendor_data: { order_id: 'V-599' } });
  });
});
