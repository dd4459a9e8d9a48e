// The counter's last actions on a reservation as the core judges them before anything is stored: the
// status-change edit (alone, one of two values), its own request in the queue, the PATCH it becomes, the
// refusal of edits Ticketscloud is known to refuse, and the advice for each of the four documented 400s.
import { describe, expect, it } from 'vitest';
import { buildPatch } from '../../src-main/core/edits/build-patch.ts';
import { takeBatch, type PendingEdit } from '../../src-main/core/edits/coalesce.ts';
import { editRefusals, serverTimeMs, whyNotEditable } from '../../src-main/core/edits/editable.ts';
import { validateEdit, type EditIntent } from '../../src-main/core/edits/schema.ts';
import { format } from '../../src-main/core/messages/catalog.ts';
import { refusalAdvice } from '../../src-main/core/ticketscloud/refusal-advice.ts';
import { NO_TICKETS, NOT_ENOUGH_MONEY, incorrectStatus, notCancellable } from '../../src-main/sandbox/status.ts';
import { sampleOrder } from '../dom/fixtures.ts';

const NOW = Date.UTC(2026, 11, 2, 10, 0, 0);
const serverTime = (ms: number): string => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
const reserved = (endsInMs: number) => sampleOrder({ status: 'executed', expired_after: serverTime(NOW + endsInMs) });

describe('a status change as an edit', () => {
  it('takes done or cancelled, alone', () => {
    expect(validateEdit({ status: 'done' })).toEqual({ ok: true, value: { status: 'done' } });
    expect(validateEdit({ status: 'cancelled' })).toEqual({ ok: true, value: { status: 'cancelled' } });
  });

  it('refuses another status, and a status change mixed with another change, naming the field', () => {
    const other = validateEdit({ status: 'expired' });
    expect(other.ok ? [] : other.errors.map((e) => [e.path, e.code])).toEqual([['status', 'not_one_of']]);
    const mixed = validateEdit({ status: 'done', settings: { send_tickets: true } });
    expect(mixed.ok ? [] : mixed.errors.map((e) => [e.path, e.code, e.message.en])).toEqual([
      ['status', 'status_alone', 'Marking an order paid or cancelled is an action of its own: save settings separately'],
    ]);
  });

  it('travels in a request of its own, after the edits saved before it, and nothing merges into it', () => {
    const queue: PendingEdit[] = [
      { id: 1, intent: { settings: { send_tickets: true } } },
      { id: 2, intent: { promocodes: ['PROMO100'] } },
      { id: 3, intent: { status: 'done' } },
      { id: 4, intent: { settings: { customer: { name: 'Late' } } } },
    ];
    const requests: EditIntent[][] = [];
    let rest = queue;
    while (rest.length > 0) {
      const batch = takeBatch(rest);
      requests.push(batch.editIds.map((id) => queue.find((edit) => edit.id === id)!.intent));
      rest = rest.slice(batch.editIds.length);
    }
    expect(requests.map((intents) => intents.length)).toEqual([2, 1, 1]);
    expect(requests[1]).toEqual([{ status: 'done' }]);
  });

  it('becomes a PATCH with only the status: no whole object is rebuilt from a copy', () => {
    expect(buildPatch(reserved(60_000), {}, { status: 'done' })).toEqual({ status: 'done' });
  });
});

describe('what the cache knows Ticketscloud would refuse', () => {
  const table: [string, ReturnType<typeof sampleOrder>, EditIntent, string[]][] = [
    ['a paid order', sampleOrder({ status: 'done' }), { settings: { send_tickets: true } }, ['order_not_editable']],
    ['a cancelled order', sampleOrder({ status: 'cancelled' }), { status: 'done' }, ['order_not_editable']],
    ['an expired order', sampleOrder({ status: 'expired' }), { promocodes: ['PROMO100'] }, ['order_not_editable']],
    ['a reservation that ended a minute ago', reserved(-60_000), { status: 'done' }, ['reservation_ended']],
    ['an e-mail of an order in progress', sampleOrder({ status: 'in_progress' }), { settings: { customer: { email: 'a@b.cd' } } }, ['email_not_editable']],
    ['a name of an order in progress (the server judges)', sampleOrder({ status: 'in_progress' }), { settings: { customer: { name: 'Ann' } } }, []],
    ['a reservation that ends in a minute', reserved(60_000), { status: 'done' }, []],
    ['an unknown status (the server judges)', sampleOrder({ status: 'on_hold' }), { status: 'done' }, []],
  ];
  it.each(table)('%s', (_what, order, intent, codes) => {
    expect(editRefusals(order, intent, NOW, null).map((error) => error.code)).toEqual(codes);
  });

  it('says when a reservation ended, with its zone, in both languages', () => {
    const order = reserved(-5 * 60_000);
    const [error] = editRefusals(order, { settings: { send_tickets: true } }, NOW, null);
    expect(error?.message.en).toBe(`The reservation of order ${order.number} ended at 2026-12-02 09:55 UTC: it can no longer be changed, paid or cancelled`);
    expect(error?.message.ru).toContain('2026-12-02 09:55 UTC');
  });

  it('refuses anything after a queued finish or cancel of the order', () => {
    const [error] = editRefusals(reserved(3_600_000), { settings: { send_tickets: true } }, NOW, 'done');
    expect(error).toMatchObject({ code: 'status_change_queued', message: { en: expect.stringContaining('already being marked paid') } });
  });

  it('reads the server’s zone-less times as UTC, and nothing else', () => {
    expect(serverTimeMs('2026-12-02 09:55:00')).toBe(Date.UTC(2026, 11, 2, 9, 55));
    expect(serverTimeMs('yesterday')).toBeNull();
    expect(whyNotEditable({ status: 'executed', expired_after: 'garbage' }, NOW)).toBeNull();
  });
});

describe('the four 400s of a status change, as advice', () => {
  const table: [string, string, RegExp, RegExp][] = [
    ['not enough money', NOT_ENOUGH_MONEY, /Ticketscloud manager/, /менеджеру Ticketscloud/],
    ['no tickets', NO_TICKETS, /holds no ticket/, /нет билетов/],
    ['incorrect status', incorrectStatus('expired'), /back on sale/, /вернулись в продажу/],
    ['not cancellable', notCancellable('5f2a9c0e1d2b3a4c5d6e7f80'), /refund/, /возврат/],
  ];
  it.each(table)('%s', (_what, serverText, en, ru) => {
    const advice = refusalAdvice(serverText);
    expect(advice).not.toBeNull();
    expect(format('en', advice!)).toMatch(en);
    expect(format('ru', advice!)).toMatch(ru);
  });

  it('gives none for a text it does not know', () => {
    expect(refusalAdvice('Not allow to update order in status done')).toBeNull();
    expect(refusalAdvice(null)).toBeNull();
  });
});
