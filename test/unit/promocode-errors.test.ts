// Which of Ticketscloud's promocode errors the clerk sees next to which code. The server's errors do not
// name their code, so the pairing rule decides; getting it wrong shows "already used" next to the code
// that was simply not found.
import { describe, expect, it } from 'vitest';
import { errorsForCode, promocodeAdvice } from '../../src-renderer/lib/promocode-errors.ts';
import { sampleEdit } from '../support/fixtures.ts';

const notFound = { code: 'promocode_not_found', msg: 'Promocode not found' };
const used = { code: 'promocode_already_used', msg: 'Promocode already used' };

describe('errorsForCode', () => {
  it('pairs errors with the failed codes in order when there are as many of each', () => {
    const edit = sampleEdit({ promocodes: ['SPRING', 'GONE', 'TAKEN'] }, { state: 'synced', promocode_errors: [notFound, used] });
    const applied = new Set(['spring']);
    expect(errorsForCode(edit, 'GONE', applied)).toEqual([notFound]);
    expect(errorsForCode(edit, 'TAKEN', applied)).toEqual([used]);
    expect(errorsForCode(edit, 'SPRING', applied)).toEqual([]); // on the order: no error next to it
  });

  it('shows every error next to every failed code when the counts differ', () => {
    const edit = sampleEdit({ promocodes: ['GONE', 'TAKEN'] }, { state: 'synced', promocode_errors: [notFound] });
    expect(errorsForCode(edit, 'GONE', new Set())).toEqual([notFound]);
    expect(errorsForCode(edit, 'TAKEN', new Set())).toEqual([notFound]);
  });

  it('shows nothing for an edit the server has not answered yet', () => {
    const edit = sampleEdit({ promocodes: ['GONE'] }, { state: 'pending', promocode_errors: [notFound] });
    expect(errorsForCode(edit, 'GONE', new Set())).toEqual([]);
  });

  it('compares codes without case, as the server does', () => {
    const edit = sampleEdit({ promocodes: ['Spring'] }, { state: 'synced', promocode_errors: [used] });
    expect(errorsForCode(edit, 'Spring', new Set(['spring']))).toEqual([]);
  });
});

describe('promocodeAdvice', () => {
  it('reads the minimum ticket count out of the server message, and falls back to the server text for unknown codes', () => {
    expect(promocodeAdvice({ code: 'promocode_limit_min_tickets', msg: 'Minimum count of tickets in order for promocode activation is 3' })).toEqual({
      key: 'promo.err.promocode_limit_min_tickets',
      params: { n: 3 },
    });
    expect(promocodeAdvice({ code: 'something_new', msg: 'New rule' })).toEqual({ key: 'promo.err.unknown', params: { msg: 'New rule' } });
  });
});
