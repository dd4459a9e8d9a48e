import { fireEvent, render, screen } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { EditDto, Result } from '../../src-main/core/contract.ts';
import PromocodePanel from '../../src-renderer/components/PromocodePanel.svelte';
import { preferences } from '../../src-renderer/lib/preferences.svelte.ts';
import { PROMO_ID, sampleEdit, sampleOrder, sampleRefs } from './fixtures.ts';

function setup(edits: EditDto[]) {
  const save = vi.fn(async (edit: unknown): Promise<Result<EditDto>> => ({ ok: true, value: sampleEdit(edit as EditDto['body']) }));
  render(PromocodePanel, {
    serverOrder: sampleOrder({ promocodes: [PROMO_ID] }),
    refs: sampleRefs(),
    edits,
    save,
    onCancelEdit: vi.fn(),
    onDone: vi.fn(),
  });
  return { save };
}

function attempt(code: string): HTMLElement {
  const item = document.querySelector<HTMLElement>(`.promo-attempt[data-code="${code}"]`);
  if (!item) throw new Error(`no attempt row for ${code}`);
  return item;
}

const notFound = sampleEdit(
  { promocodes: ['TYPO100'] },
  { state: 'synced', promocode_errors: [{ code: 'promocode_not_found', msg: 'Promocode not found' }] },
);
const tooFewTickets = sampleEdit(
  { promocodes: ['GROUP3'] },
  {
    state: 'synced',
    promocode_errors: [
      { code: 'promocode_limit_min_tickets', msg: 'Minimum count of tickets in order for promocode activation is 3' },
    ],
  },
);
const mixed = sampleEdit(
  { promocodes: ['promo100', 'ONCE300'] },
  { state: 'synced', promocode_errors: [{ code: 'promocode_already_used', msg: 'Promocode already used' }] },
);

describe('promocode panel', () => {
  beforeEach(() => preferences.setLang('en'));

  it('lists the applied promocodes with their discount', () => {
    setup([]);
    const applied = document.querySelector('.promo-applied')!;
    expect(applied.textContent).toContain('promo100');
    expect(applied.textContent).toContain('−100.00');
  });

  it('shows a promocode error next to the code that caused it, in English and in Russian', async () => {
    setup([notFound, tooFewTickets]);

    expect(attempt('typo100').textContent).toContain('Promocode not found. Check the spelling with the customer and try again.');
    expect(attempt('group3').textContent).toContain('The order needs at least 3 tickets for this promocode.');
    expect(attempt('typo100').textContent).not.toContain('at least 3');

    preferences.setLang('ru');
    await Promise.resolve();
    expect((await screen.findByText('Промокод не найден. Уточните написание у покупателя и попробуйте снова.')).closest('.promo-attempt')).toBe(
      attempt('typo100'),
    );
    expect(attempt('group3').textContent).toContain('Для этого промокода в заказе должно быть не меньше 3 билетов.');
  });

  it('pins the error of a two-code action on the code that was not applied', () => {
    setup([mixed]);
    expect(attempt('promo100').textContent).toContain('applied');
    expect(attempt('promo100').querySelector('.promo-error')).toBeNull();
    expect(attempt('once300').textContent).toContain('This promocode is single-use and has already been used.');
  });

  it('adds several promocodes typed in one go as one edit', async () => {
    const { save } = setup([]);
    await fireEvent.input(screen.getByLabelText('Promocodes to add'), { target: { value: 'PROMO5, group3' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Add' }));
    expect(save).toHaveBeenCalledWith({ promocodes: ['PROMO5', 'group3'] });
  });

  it('shows a pending promocode as not yet sent', () => {
    setup([sampleEdit({ promocodes: ['PROMO5'] })]);
    expect(attempt('promo5').textContent).toContain('not yet sent');
  });
});
