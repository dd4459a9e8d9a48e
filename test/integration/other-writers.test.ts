// Other writers: the web shop, other counters and the organiser change the same orders the box office
// does. Every test here changes an order ON THE SERVER behind the app's back (the sandbox plays that
// writer) after the app cached it, then lets the clerk's edit go out, and checks that both changes are on
// the server at the end — nothing anyone saved is reverted. Then the ways an older copy could win:
// a slow import page, an answer about another order, the wall clock moving.
import { describe, expect, it } from 'vitest';
import { importOrders } from '../../src-main/core/import/import.ts';
import type { Order } from '../../src-main/core/ticketscloud/types.ts';
import { sandboxCatalog } from '../../src-main/sandbox/catalog.ts';
import type { Sandbox } from '../../src-main/sandbox/server.ts';
import { editableOrders, engineHarness, sandboxForTest, serverOrder } from '../support/engine-harness.ts';
import { networkSwitch } from '../support/network-switch.ts';

const SEED = 7;
const catalog = sandboxCatalog(SEED);

function codesOn(order: Order): string[] {
  return order.promocodes.map((id) => catalog.promocodesById.get(id)?.ref.code ?? `?${id}`).sort();
}

/** An editable order whose event takes both the fixed and the percent promocode. */
function orderTakingPromocodes(sandbox: Sandbox): string {
  const id = sandbox.orderIds().find((candidate) => {
    const order = serverOrder(sandbox, candidate);
    return order.status === 'executed' && ['fixed', 'percent'].every((role) => {
      const rule = catalog.promocodesByCode.get((sandbox.promocodes[role] ?? '').toLowerCase());
      return rule !== undefined && (rule.eventId === null || rule.eventId === order.event) && order.tickets.length >= rule.minTickets;
    });
  });
  if (id === undefined) throw new Error('no order takes both promocodes');
  return id;
}

describe('a change made elsewhere after the app cached the order survives the clerk’s edit', () => {
  it('someone else changed the email, the clerk changed the phone: both are on the server', async () => {
    const sandbox = await sandboxForTest({ seed: SEED });
    const app = engineHarness(sandbox);
    const [id] = editableOrders(sandbox, 1) as [string];
    await app.cacheOrder(id);
    sandbox.changeAsOtherWriter(id, { settings: { customer: { ...serverOrder(sandbox, id).settings.customer, email: 'web-shop@example.com' } } });

    const edit = app.save(id, { settings: { customer: { phone: '+7 (999) 123-45-76' } } });
    const synced = await app.settled(edit.id);

    const customer = serverOrder(sandbox, id).settings.customer;
    expect(customer?.email).toBe('web-shop@example.com');
    expect(customer?.phone).toBe('+79991234576');
    expect(synced.conflicts).toEqual([]);
    expect(app.cached(id)?.settings.customer?.email).toBe('web-shop@example.com');
  });

  it('someone else set vendor_data.raw.shop and order_id, the clerk added raw.seat_note: all three are on the server', async () => {
    const sandbox = await sandboxForTest({ seed: SEED });
    const app = engineHarness(sandbox);
    const [id] = editableOrders(sandbox, 1) as [string];
    await app.cacheOrder(id);
    sandbox.changeAsOtherWriter(id, { vendor_data: { order_id: 'WEB-4411', raw: { shop: 'web' } } });

    const edit = app.save(id, { vendor_data: { raw: { seat_note: 'wheelchair place' } } });
    await app.settled(edit.id);

    expect(serverOrder(sandbox, id).vendor_data).toEqual({ order_id: 'WEB-4411', raw: { shop: 'web', seat_note: 'wheelchair place' } });
  });

  it('someone else applied PROMO100, the clerk added PROMO5: both discounts stay', async () => {
    const sandbox = await sandboxForTest({ seed: SEED });
    const app = engineHarness(sandbox);
    const id = orderTakingPromocodes(sandbox);
    const fixed = sandbox.promocodes.fixed as string;
    const percent = sandbox.promocodes.percent as string;
    await app.cacheOrder(id);
    sandbox.changeAsOtherWriter(id, { promocodes: [fixed] });

    const edit = app.save(id, { promocodes: [percent] });
    const synced = await app.settled(edit.id);

    expect(codesOn(serverOrder(sandbox, id))).toEqual([fixed, percent].map((code) => code.toLowerCase()).sort());
    expect(synced.promocode_errors).toEqual([]);
  });

  it('someone else removed PROMO100, the clerk added PROMO5: PROMO100 stays removed', async () => {
    const sandbox = await sandboxForTest({ seed: SEED });
    const app = engineHarness(sandbox);
    const id = orderTakingPromocodes(sandbox);
    const fixed = sandbox.promocodes.fixed as string;
    const percent = sandbox.promocodes.percent as string;
    sandbox.changeAsOtherWriter(id, { promocodes: [fixed] });
    await app.cacheOrder(id);
    expect(codesOn(app.cached(id) as Order)).toEqual([fixed.toLowerCase()]);
    sandbox.changeAsOtherWriter(id, { promocodes: [] });

    const edit = app.save(id, { promocodes: [percent] });
    await app.settled(edit.id);

    expect(codesOn(serverOrder(sandbox, id))).toEqual([percent.toLowerCase()]);
  });

  it('someone else turned "send tickets by email" on, the clerk changed the name: it stays on', async () => {
    const sandbox = await sandboxForTest({ seed: SEED });
    const app = engineHarness(sandbox);
    const id = editableOrders(sandbox, 10).find((candidate) => serverOrder(sandbox, candidate).settings.send_tickets !== true);
    if (id === undefined) throw new Error('no order with send_tickets off');
    await app.cacheOrder(id);
    sandbox.changeAsOtherWriter(id, { settings: { send_tickets: true } });

    const edit = app.save(id, { settings: { customer: { name: 'Пётр Сидоров' } } });
    await app.settled(edit.id);

    expect(serverOrder(sandbox, id).settings.send_tickets).toBe(true);
    expect(serverOrder(sandbox, id).settings.customer?.name).toBe('Пётр Сидоров');
  });

  it('offline: edits saved while the line is down do not revert what others changed during the outage', async () => {
    const sandbox = await sandboxForTest({ seed: SEED });
    const line = await networkSwitch(sandbox.url);
    const app = engineHarness(sandbox, { baseUrl: line.url });
    const [emailOrder, vendorOrder] = editableOrders(sandbox, 2) as [string, string];
    await app.cacheOrder(emailOrder);
    await app.cacheOrder(vendorOrder);

    await line.down();
    const phone = app.save(emailOrder, { settings: { customer: { phone: '+79990001122' } } });
    const note = app.save(vendorOrder, { vendor_data: { raw: { seat_note: 'aisle' } } });
    await expect.poll(() => app.engine.state(), { timeout: 20_000 }).toBe('offline');
    sandbox.changeAsOtherWriter(emailOrder, { settings: { customer: { ...serverOrder(sandbox, emailOrder).settings.customer, email: 'changed@during.outage' } } });
    sandbox.changeAsOtherWriter(vendorOrder, { vendor_data: { order_id: 'SHOP-9', raw: { shop: 'web' } } });
    expect(app.edit(phone.id).state).toBe('pending');

    await line.up();
    await app.settled(phone.id);
    await app.settled(note.id);

    expect(serverOrder(sandbox, emailOrder).settings.customer).toMatchObject({ email: 'changed@during.outage', phone: '+79990001122' });
    expect(serverOrder(sandbox, vendorOrder).vendor_data).toEqual({ order_id: 'SHOP-9', raw: { shop: 'web', seat_note: 'aisle' } });
  });
});

describe('an edit right after the lane’s own answer builds on the newest copy the cache holds', () => {
  it('another writer’s change cached in between (a refresh, an import page) is what the next PATCH is built on', async () => {
    const sandbox = await sandboxForTest({ seed: SEED });
    // A window wide enough that the second edit is sure to be inside it: no GET before its PATCH.
    const app = engineHarness(sandbox, { policy: { freshCopyWindowMs: 60_000 } });
    const [id] = editableOrders(sandbox, 1) as [string];
    await app.cacheOrder(id);
    await app.settled(app.save(id, { settings: { customer: { phone: '+7 (999) 123-45-76' } } }).id);

    // The web shop changes the email; the app caches that copy by another path than the lane.
    sandbox.changeAsOtherWriter(id, { settings: { customer: { ...serverOrder(sandbox, id).settings.customer, email: 'web-shop@example.com' } } });
    await app.cacheOrder(id);
    const getsBefore = sandbox.stats().byMethod.GET ?? 0;

    await app.settled(app.save(id, { settings: { customer: { name: 'Анна Лебедева' } } }).id);
    expect(sandbox.stats().byMethod.GET ?? 0).toBe(getsBefore); // built on a kept or cached copy, not a new GET
    const customer = serverOrder(sandbox, id).settings.customer;
    expect(customer?.email).toBe('web-shop@example.com');
    expect(customer?.name).toBe('Анна Лебедева');
    expect(customer?.phone).toBe('+79991234576');
  });
});

describe('the same field changed here and elsewhere', () => {
  it('the clerk’s later save wins, and the edit records what it replaced', async () => {
    const sandbox = await sandboxForTest({ seed: SEED });
    const app = engineHarness(sandbox);
    const [id] = editableOrders(sandbox, 1) as [string];
    await app.cacheOrder(id);
    const seen = app.cached(id)?.settings.customer?.email ?? null;
    sandbox.changeAsOtherWriter(id, { settings: { customer: { ...serverOrder(sandbox, id).settings.customer, email: 'other@counter.example' } } });

    const edit = app.save(id, { settings: { customer: { email: 'clerk@typed.example' } } });
    const synced = await app.settled(edit.id);

    expect(serverOrder(sandbox, id).settings.customer?.email).toBe('clerk@typed.example');
    expect(synced.conflicts).toEqual([
      { path: 'settings.customer.email', base: seen, server: 'other@counter.example', mine: 'clerk@typed.example' },
    ]);
  });

  it('two queued edits of one field sent as one request compare against what the clerk saw first', async () => {
    const sandbox = await sandboxForTest({ seed: SEED });
    const app = engineHarness(sandbox);
    const [id] = editableOrders(sandbox, 1) as [string];
    await app.cacheOrder(id);
    app.engine.pause();
    const first = app.save(id, { settings: { customer: { name: 'Анна Первая' } } });
    const second = app.save(id, { settings: { customer: { name: 'Анна Вторая' } } });
    app.engine.resume();
    await app.settled(second.id);

    // The second edit saw the first one's name, but the server never held it: no change was made elsewhere.
    expect(app.edit(first.id).conflicts).toEqual([]);
    expect(app.edit(second.id).conflicts).toEqual([]);
    expect(serverOrder(sandbox, id).settings.customer?.name).toBe('Анна Вторая');
  });
});

describe('an older copy never wins', () => {
  it('an import page asked for before a PATCH but arriving after its answer does not bring back the old name', async () => {
    const sandbox = await sandboxForTest({ seed: SEED, orders: 30 });
    const app = engineHarness(sandbox);
    const [id] = editableOrders(sandbox, 1) as [string];
    await app.cacheOrder(id);
    sandbox.setFaults({ listLatencyMs: 1_500 });
    const listsBefore = sandbox.stats().byMethod.GET ?? 0;

    const importing = importOrders({ sqlite: app.database.sqlite, client: app.client, filter: {}, pageSize: 200 });
    await expect.poll(() => (sandbox.stats().byMethod.GET ?? 0) > listsBefore).toBe(true);
    const rename = app.save(id, { settings: { customer: { name: 'Новое Имя' } } });
    await app.settled(rename.id);
    const imported = await importing;

    expect(imported.ok).toBe(true);
    expect(app.cached(id)?.settings.customer?.name).toBe('Новое Имя');
    sandbox.setFaults({ listLatencyMs: 0 });
    const phone = app.save(id, { settings: { customer: { phone: '+79995554433' } } });
    await app.settled(phone.id);
    expect(serverOrder(sandbox, id).settings.customer).toMatchObject({ name: 'Новое Имя', phone: '+79995554433' });
  });

  it('a GET answered with another order: nothing is cached and no PATCH is built from it', async () => {
    const sandbox = await sandboxForTest({ seed: SEED });
    const app = engineHarness(sandbox);
    const [id] = editableOrders(sandbox, 1) as [string];
    const otherId = sandbox.orderIds().find((candidate) => candidate !== id) as string;
    const otherBefore = serverOrder(sandbox, otherId);
    sandbox.setFaults({ wrongGetAnswers: 1 });

    const edit = app.save(id, { settings: { customer: { phone: '+79991112233' } } });
    const synced = await app.settled(edit.id);

    expect(sandbox.stats().wrongOrderAnswers).toBe(1);
    expect(synced.attempts).toBe(2);
    expect(app.cached(otherId)).toBeNull();
    const patches = sandbox.appliedPatches(id);
    expect(patches).toHaveLength(1);
    expect(patches[0]?.settings?.customer?.name).toBe(serverOrder(sandbox, id).settings.customer?.name);
    expect(patches[0]?.settings?.customer?.name).not.toBe(otherBefore.settings.customer?.name);
    expect(serverOrder(sandbox, otherId)).toEqual(otherBefore);
  });

  it('a PATCH answered with another order is not success: the edit is retried and the other order’s copy is untouched', async () => {
    const sandbox = await sandboxForTest({ seed: SEED });
    const app = engineHarness(sandbox);
    const [id] = editableOrders(sandbox, 1) as [string];
    const otherId = sandbox.orderIds().find((candidate) => candidate !== id) as string;
    await app.cacheOrder(otherId);
    const otherCached = app.cached(otherId);
    sandbox.setFaults({ wrongPatchAnswers: 1 });

    const edit = app.save(id, { settings: { customer: { name: 'Мария Петрова' } } });
    const synced = await app.settled(edit.id);

    expect(sandbox.stats().wrongOrderAnswers).toBe(1);
    expect(synced.attempts).toBe(2);
    expect(app.cached(otherId)).toEqual(otherCached);
    expect(app.cached(id)?.settings.customer?.name).toBe('Мария Петрова');
    const log = app.database.sqlite
      .prepare<[number], string | null>('SELECT detail FROM edit_log WHERE edit_id = ? ORDER BY id')
      .pluck()
      .all(edit.id);
    expect(log.some((detail) => detail?.includes(`answered about order "${otherId}" when asked about ${id}`))).toBe(true);
  });
});

describe('the wall clock moving changes nothing', () => {
  const HOUR = 60 * 60_000;

  it('moved back 1 h: a PATCH answer still replaces the copy imported before, and a retry due in a moment still goes', async () => {
    const sandbox = await sandboxForTest({ seed: SEED });
    let shift = 0;
    const app = engineHarness(sandbox, { now: () => Date.now() + shift, policy: { retryBaseMs: 300, retryCapMs: 60_000 } });
    const [renamed, retried] = editableOrders(sandbox, 2) as [string, string];
    await app.cacheOrder(renamed);

    shift = -HOUR;
    const rename = app.save(renamed, { settings: { customer: { name: 'После Перевода' } } });
    await app.settled(rename.id);
    expect(app.cached(renamed)?.settings.customer?.name).toBe('После Перевода');

    shift = 0;
    sandbox.setFaults({ rate5xx: 1 });
    const edit = app.save(retried, { settings: { customer: { name: 'Повтор' } } });
    await expect.poll(() => app.edit(edit.id).error).toMatch(/50\d/);
    sandbox.setFaults({ rate5xx: 0 });
    shift = -HOUR;
    const synced = await app.settled(edit.id);
    expect(synced.attempts).toBe(2);
  });

  it('moved forward 1 h: retries keep their spacing instead of all firing at once', async () => {
    const sandbox = await sandboxForTest({ seed: SEED });
    let shift = 0;
    // The first retry waits 2–4 s: long against a request on loopback, so "not yet" is not a race.
    const app = engineHarness(sandbox, { now: () => Date.now() + shift, policy: { retryBaseMs: 4_000, retryCapMs: 60_000 } });
    const [a, b, c] = editableOrders(sandbox, 3) as [string, string, string];
    sandbox.setFaults({ rate5xx: 1 });
    const failedOnce = [app.save(a, { settings: { send_tickets: true } }), app.save(b, { settings: { send_tickets: true } })];
    for (const edit of failedOnce) await expect.poll(() => app.edit(edit.id).error).toMatch(/50\d/);
    sandbox.setFaults({ rate5xx: 0 });
    const requestsBefore = sandbox.stats().requests;

    shift = HOUR;
    const fresh = app.save(c, { settings: { send_tickets: true } });
    await app.settled(fresh.id);

    // Only c's GET and PATCH went out; a and b still wait for their retry time.
    expect(sandbox.stats().requests - requestsBefore).toBe(2);
    for (const edit of failedOnce) expect(app.edit(edit.id)).toMatchObject({ state: 'pending', attempts: 1 });
    for (const edit of failedOnce) await app.settled(edit.id);
  });
});

describe('an applied PATCH whose answer cannot be stored', () => {
  it.each([
    ['its order lacks vendor_data', { unreadablePatchAnswers: 1 }, /vendor_data/],
    ['it holds a value nested 200 000 levels deep', { deepPatchAnswers: 1 }, /could not be stored/],
  ])('(%s) is synced once with the reason kept, never sent again; the next edit fetches the order afresh', async (_, fault, reason) => {
    const sandbox = await sandboxForTest({ seed: SEED });
    const app = engineHarness(sandbox);
    const [id] = editableOrders(sandbox, 1) as [string];
    sandbox.setFaults(fault);

    const edit = app.save(id, { settings: { customer: { name: 'Один Раз' } } });
    const synced = await app.settled(edit.id);

    expect(synced.attempts).toBe(1);
    expect(sandbox.appliedPatches(id)).toHaveLength(1);
    const log = app.database.sqlite
      .prepare<[number], string | null>(`SELECT detail FROM edit_log WHERE edit_id = ? AND state = 'synced'`)
      .pluck()
      .all(edit.id);
    expect(log.join(' ')).toMatch(reason);
    expect(app.internalErrors).toEqual([]);

    const getsBefore = sandbox.stats().byMethod.GET ?? 0;
    const next = app.save(id, { settings: { customer: { phone: '+79990003344' } } });
    await app.settled(next.id);
    expect((sandbox.stats().byMethod.GET ?? 0) - getsBefore).toBe(1);
    expect(serverOrder(sandbox, id).settings.customer).toMatchObject({ name: 'Один Раз', phone: '+79990003344' });
  });
});
