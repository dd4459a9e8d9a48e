import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { beforeEach, describe, expect, it } from 'vitest';
import App from '../../src-renderer/App.svelte';
import { preferences } from '../../src-renderer/lib/preferences.svelte.ts';
import { FakeApi } from './fake-api.ts';
import { ORDER_ID, sampleEdit, sampleOrder, sampleRefs } from './fixtures.ts';

const PAID_ORDER_ID = '5f2a0c9e1b2c3d4e5f607199';

function setup() {
  const api = new FakeApi();
  api.addOrder(sampleOrder(), sampleRefs());
  const paid = sampleOrder({ id: PAID_ORDER_ID, number: 2077, status: 'done' });
  paid.tickets = paid.tickets.map((ticket) => ({ ...ticket, barcode: '4600000000017' }));
  paid.settings = { customer: { name: 'John Smith' } };
  api.addOrder(paid, sampleRefs());
  render(App, { api });
  return { api, search: screen.getByLabelText('Find an order') as HTMLInputElement };
}

async function typeAndEnter(input: HTMLInputElement, text: string): Promise<void> {
  // A barcode scanner: the whole text arrives at once, Enter right after, no pause for the debounce.
  await fireEvent.input(input, { target: { value: text } });
  await fireEvent.keyDown(input, { key: 'Enter' });
}

describe('the counter app', () => {
  beforeEach(() => {
    preferences.setLang('en');
    preferences.setOperator('anna');
  });

  it('has the focus in the search box from the start', async () => {
    const { search } = setup();
    await waitFor(() => expect(document.activeElement).toBe(search));
  });

  it('shows results as the clerk types a Cyrillic name prefix, with each order’s sync badges', async () => {
    const { api, search } = setup();
    api.edits.push(sampleEdit({ settings: { send_tickets: true } }, { state: 'failed', error: 'Not allow' }));
    await fireEvent.input(search, { target: { value: 'иван' } });
    const result = await screen.findByText('Order 1042');
    const button = result.closest('button')!;
    expect(button.textContent).toContain('Иван Петров');
    expect(button.textContent).toContain('Щелкунчик');
    expect(button.textContent).toContain('1 failed');
  });

  it('opens an order from a scanned barcode with no click, and keeps the focus in the search box', async () => {
    const { search } = setup();
    await typeAndEnter(search, '4600000000017');
    expect(await screen.findByRole('heading', { name: 'Order 2077' })).toBeTruthy();
    expect(document.activeElement).toBe(search);
  });

  it('opens an order by its exact number on Enter', async () => {
    const { search } = setup();
    await typeAndEnter(search, '1042');
    expect(await screen.findByRole('heading', { name: 'Order 1042' })).toBeTruthy();
  });

  it('shows a saved change as not yet sent on the order, and Esc goes back to the search', async () => {
    const { api, search } = setup();
    await typeAndEnter(search, '1042');
    await screen.findByRole('heading', { name: 'Order 1042' });

    await fireEvent.input(screen.getByLabelText('Name'), { target: { value: 'Пётр Петров' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Save customer' }));
    expect(api.saved).toEqual([{ orderId: ORDER_ID, edit: { settings: { customer: { name: 'Пётр Петров' } } }, operator: 'anna' }]);
    expect(await screen.findByText('not yet sent', { selector: '.pending-mark .badge' })).toBeTruthy();
    expect(document.activeElement).toBe(search);

    await fireEvent.keyDown(window, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByRole('heading', { name: 'Order 1042' })).toBeNull());
    expect(document.activeElement).toBe(search);
  });

  it('shows a failed edit with the server’s reason and retries it on request', async () => {
    const { api, search } = setup();
    const failed = sampleEdit({ settings: { send_tickets: true } }, { state: 'failed', error: 'Not allow to update order in status done' });
    api.edits.push(failed);
    await typeAndEnter(search, '1042');
    expect(await screen.findByText('Ticketscloud refused it: Not allow to update order in status done')).toBeTruthy();

    await fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(failed.state).toBe('pending'));
    expect(await screen.findByRole('button', { name: 'Cancel' })).toBeTruthy();
  });

  it('refreshes an order it opens and says how old the copy is', async () => {
    const { api, search } = setup();
    api.fetchedAt = new Date(Date.now() - 3 * 60_000 - 5_000).toISOString();
    await typeAndEnter(search, '1042');
    expect((await screen.findByTestId('copy-age')).textContent).toBe('Ticketscloud data as of 3 minutes ago');
    expect(api.refreshed).toEqual([sampleOrder().id]);
  });

  it('shows a paid order read-only, saying why', async () => {
    const { search } = setup();
    await typeAndEnter(search, '2077');
    expect(await screen.findByText('Order 2077 is Paid: Ticketscloud accepts no change to it any more')).toBeTruthy();
    expect((screen.getByTestId('order-edits') as HTMLFieldSetElement).disabled).toBe(true);
    expect((screen.getByLabelText('Name', { exact: true }) as HTMLInputElement).matches(':disabled')).toBe(true);
    expect(screen.queryByRole('button', { name: 'Paid: finish the order…' })).toBeNull();
  });

  it('marks a reservation paid only after a confirmation that names the total, and Esc steps back', async () => {
    const { api, search } = setup();
    const reserved = sampleOrder({ id: '5f2a0c9e1b2c3d4e5f6071aa', number: 3001, status: 'executed', expired_after: '2999-01-01 00:00:00' });
    api.addOrder(reserved, sampleRefs());
    await typeAndEnter(search, '3001');
    await fireEvent.click(await screen.findByRole('button', { name: 'Paid: finish the order…' }));
    const dialog = await screen.findByRole('alertdialog');
    expect(dialog.textContent).toContain(`Take ${reserved.values.full} from the customer first`);
    const confirm = screen.getByRole('button', { name: `Money taken: mark paid (${reserved.values.full})` });
    await waitFor(() => expect(document.activeElement).toBe(confirm));
    await fireEvent.keyDown(dialog, { key: 'Escape' });
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(api.saved).toEqual([]);

    await fireEvent.click(await screen.findByRole('button', { name: 'Paid: finish the order…' }));
    await fireEvent.click(await screen.findByRole('button', { name: `Money taken: mark paid (${reserved.values.full})` }));
    await waitFor(() => expect(api.saved).toEqual([{ orderId: reserved.id, edit: { status: 'done' }, operator: 'anna' }]));
    expect(await screen.findByTestId('status-change-queued')).toBeTruthy();
  });

  it('switches the interface to Russian and remembers it', async () => {
    setup();
    await fireEvent.click(screen.getByRole('button', { name: 'Русский' }));
    expect(await screen.findByLabelText('Найти заказ')).toBeTruthy();
    expect(localStorage.getItem('box-office.lang')).toBe('ru');
    expect(document.documentElement.lang).toBe('ru');
  });

  it('reaches the history with F9, showing who made each change', async () => {
    const { api } = setup();
    api.edits.push(sampleEdit({ promocodes: ['PROMO5'] }, { state: 'synced', operator: 'boris' }));
    await fireEvent.keyDown(window, { key: 'F9' });
    expect(await screen.findByRole('heading', { name: 'History of changes' })).toBeTruthy();
    expect(screen.getByText('boris')).toBeTruthy();
    expect(screen.getByText('add promocodes PROMO5')).toBeTruthy();
  });
});
