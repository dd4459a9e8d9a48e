// A synced edit that replaced someone else's change says so, on the order screen and in the history, and
// "Put it back" saves the new edit that restores the other writer's value.
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { EditConflict } from '../../src-main/core/contract.ts';
import { preferences } from '../../src-renderer/lib/preferences.svelte.ts';
import HistoryScreen from '../../src-renderer/screens/HistoryScreen.svelte';
import OrderScreen from '../../src-renderer/screens/OrderScreen.svelte';
import { FakeApi } from './fake-api.ts';
import { ORDER_ID, sampleEdit, sampleOrder, sampleRefs } from './fixtures.ts';
import { apiContext } from '../../src-renderer/lib/api-context.ts';

const EMAIL_REPLACED: EditConflict = {
  path: 'settings.customer.email',
  base: 'ivan@example.ru',
  server: 'ivan.petrov@mail.ru',
  mine: 'ivan@work.ru',
};

function apiWith(...conflicts: EditConflict[]): FakeApi {
  const api = new FakeApi();
  api.addOrder(sampleOrder(), sampleRefs());
  api.edits.push(
    sampleEdit(
      { settings: { customer: { email: 'ivan@work.ru' } } },
      { state: 'synced', synced_at: '2026-11-28T19:05:00.000Z', conflicts },
    ),
  );
  return api;
}

function conflictNotes(): HTMLElement[] {
  return [...document.querySelectorAll<HTMLElement>('.edit-conflict')];
}

describe('a change made elsewhere that the clerk’s edit replaced', () => {
  beforeEach(() => {
    preferences.setLang('en');
    preferences.setOperator('anna');
  });

  it('is named on the order screen, and "Put it back" saves a new edit with the other value', async () => {
    const api = apiWith(EMAIL_REPLACED);
    const onDone = vi.fn();
    render(OrderScreen, { props: { orderId: ORDER_ID, status: api.currentStatus, onDone }, context: apiContext(api) });

    const note = await screen.findByText(
      'You replaced a change made elsewhere: Email: «ivan.petrov@mail.ru» (you set «ivan@work.ru»)',
    );
    await fireEvent.click(within(note.closest('.edit-conflict')!).getByRole('button', { name: 'Put it back' }));

    expect(api.saved).toEqual([
      { orderId: ORDER_ID, edit: { settings: { customer: { email: 'ivan.petrov@mail.ru' } } }, operator: 'anna' },
    ]);
    // The new edit is listed like any saved change: not yet sent.
    const newEdit = await waitFor(() => {
      const item = document.querySelector<HTMLElement>(`[data-edit-id="${api.edits[0]!.id}"]`);
      expect(item).not.toBeNull();
      return item!;
    });
    expect(within(newEdit).getByText('email → ivan.petrov@mail.ru')).toBeTruthy();
    expect(within(newEdit).getByText('not yet sent')).toBeTruthy();
    expect(onDone).toHaveBeenCalled();
  });

  it('is named in Russian in the history, and «Вернуть» saves the edit for that order', async () => {
    preferences.setLang('ru');
    const api = apiWith(EMAIL_REPLACED);
    render(HistoryScreen, { props: { onOpenOrder: vi.fn() }, context: apiContext(api) });

    const note = await screen.findByText(
      'Вы заменили изменение, сделанное в другом месте: Email: «ivan.petrov@mail.ru» (вы указали «ivan@work.ru»)',
    );
    await fireEvent.click(within(note.closest('.edit-conflict')!).getByRole('button', { name: 'Вернуть' }));

    expect(api.saved).toEqual([
      { orderId: ORDER_ID, edit: { settings: { customer: { email: 'ivan.petrov@mail.ru' } } }, operator: 'anna' },
    ]);
    await waitFor(() => expect(document.querySelectorAll('tbody tr')).toHaveLength(2));
  });

  it('offers no button for a value no edit can put back, and shows yes/no and empty values in words', async () => {
    const api = apiWith(
      { path: 'settings.customer.email', base: 'ivan@example.ru', server: null, mine: 'ivan@work.ru' },
      { path: 'settings.send_tickets', base: false, server: true, mine: false },
      { path: 'vendor_data.raw.shop', base: null, server: 'web', mine: null },
    );
    render(OrderScreen, { props: { orderId: ORDER_ID, status: api.currentStatus, onDone: vi.fn() }, context: apiContext(api) });

    await screen.findByText('You replaced a change made elsewhere: Email: (empty) (you set «ivan@work.ru»)');
    const [emptied, sendTickets, rawKey] = conflictNotes();
    expect(within(emptied!).queryByRole('button')).toBeNull();

    expect(sendTickets!.textContent).toContain('You replaced a change made elsewhere: Send tickets by email: yes (you set no)');
    expect(within(sendTickets!).getByRole('button', { name: 'Put it back' })).toBeTruthy();
    expect(rawKey!.textContent).toContain('You replaced a change made elsewhere: Vendor field shop: «web» (you set (empty))');

    preferences.setLang('ru');
    await waitFor(() =>
      expect(sendTickets!.textContent).toContain('Отправка билетов на email: да (вы указали нет)'),
    );
    expect(emptied!.textContent).toContain('Email: (пусто)');

    await fireEvent.click(within(rawKey!).getByRole('button', { name: 'Вернуть' }));
    expect(api.saved.map((saved) => saved.edit)).toEqual([{ vendor_data: { raw: { shop: 'web' } } }]);
  });
});
