import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { EditDto, Result } from '../../src-main/core/contract.ts';
import VendorDataForm from '../../src-renderer/components/VendorDataForm.svelte';
import { preferences } from '../../src-renderer/lib/preferences.svelte.ts';
import { sampleEdit, sampleOrder } from './fixtures.ts';

function setup(raw: Record<string, unknown> = { note: 'VIP guest', seats: 3, paid: true }) {
  const save = vi.fn(async (edit: unknown): Promise<Result<EditDto>> => ({ ok: true, value: sampleEdit(edit as EditDto['body']) }));
  const props = { unsent: new Map(), save, onCancelEdit: vi.fn(), onDone: vi.fn() };
  const view = render(VendorDataForm, { ...props, order: sampleOrder({ vendor_data: { order_id: 'V-1', raw } }) });
  /** A new copy of the order arrives (a sync landed, or someone else changed it). */
  const newCopy = (next: Record<string, unknown>) => view.rerender({ ...props, order: sampleOrder({ vendor_data: { order_id: 'V-1', raw: next } }) });
  return { save, newCopy };
}

const valueOf = (key: string): string => (screen.getByLabelText(`Value: ${key}`) as HTMLInputElement).value;

const keysLeft = (): string => screen.getByTestId('raw-keys-left').textContent?.trim() ?? '';

describe('vendor data form', () => {
  beforeEach(() => preferences.setLang('en'));

  it('counts the keys left of 20 live as fields are added and removed', async () => {
    setup();
    expect(keysLeft()).toBe('Keys left: 17 of 20');

    await fireEvent.click(screen.getByRole('button', { name: 'Add a field' }));
    expect(keysLeft()).toBe('Keys left: 17 of 20'); // a row without a key adds nothing yet
    await fireEvent.input(screen.getByLabelText('New key'), { target: { value: 'table' } });
    expect(keysLeft()).toBe('Keys left: 16 of 20');

    await fireEvent.click(screen.getByRole('button', { name: 'Remove note' }));
    expect(keysLeft()).toBe('Keys left: 17 of 20');
    expect(screen.getByText('will be removed')).toBeTruthy();
  });

  it('shows the characters left of a value and an error past 128, before saving', async () => {
    const { save } = setup({ note: 'VIP guest' });
    const value = screen.getByLabelText('Value: note');
    await fireEvent.input(value, { target: { value: 'x'.repeat(120) } });
    expect(document.getElementById(value.getAttribute('aria-describedby')!.split(' ')[0]!)?.textContent?.trim()).toBe(
      'Characters left: 8',
    );

    await fireEvent.input(value, { target: { value: 'x'.repeat(130) } });
    const row = screen.getAllByTestId('raw-row')[0]!;
    expect(within(row).getByText('Over the limit by 2')).toBeTruthy();
    expect(row.querySelector('.field-error')?.textContent).toMatch(/128/);

    await fireEvent.click(screen.getByRole('button', { name: 'Save vendor data' }));
    expect(save).not.toHaveBeenCalled();
  });

  it('counts characters as the core does: an emoji is one character', async () => {
    setup({ note: '' });
    await fireEvent.input(screen.getByLabelText('Value: note'), { target: { value: '🎫ab' } });
    expect(screen.getByText('Characters left: 125')).toBeTruthy();
  });

  it('says that numbers and yes/no values from the server are shown and saved as text', () => {
    setup();
    expect((screen.getByLabelText('Value: seats') as HTMLInputElement).value).toBe('3');
    expect(screen.getByText('was a number on the server; shown and saved as text')).toBeTruthy();
    expect(screen.getByText('was yes/no on the server; shown and saved as text')).toBeTruthy();
  });

  it('saves a removed key as null and a new key with its text, nothing else', async () => {
    const { save } = setup();
    await fireEvent.click(screen.getByRole('button', { name: 'Remove note' }));
    await fireEvent.click(screen.getByRole('button', { name: 'Add a field' }));
    await fireEvent.input(screen.getByLabelText('New key'), { target: { value: 'table' } });
    await fireEvent.input(screen.getByLabelText('Value'), { target: { value: '7' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Save vendor data' }));

    expect(save).toHaveBeenCalledWith({ vendor_data: { raw: { note: null, table: '7' } } });
  });

  it('shows a new copy of the order’s fields, but never over what the clerk is typing', async () => {
    const { newCopy } = setup({ note: 'VIP guest' });
    await newCopy({ note: 'VIP guest' }); // the same fields in a new object: nothing to redo
    await newCopy({ note: 'moved to row 3', table: '7' });
    expect([valueOf('note'), valueOf('table')]).toEqual(['moved to row 3', '7']);

    await fireEvent.input(screen.getByLabelText('Value: note'), { target: { value: 'typed by the clerk' } });
    await newCopy({ note: 'changed again elsewhere', table: '7' });
    expect(valueOf('note')).toBe('typed by the clerk');
  });

  it('refuses a 21st key: the add button stops at 20 keys', async () => {
    const raw = Object.fromEntries(Array.from({ length: 19 }, (_, i) => [`k${i}`, 'v']));
    setup(raw);
    expect(keysLeft()).toBe('Keys left: 1 of 20');
    await fireEvent.click(screen.getByRole('button', { name: 'Add a field' }));
    await fireEvent.input(screen.getByLabelText('New key'), { target: { value: 'last' } });
    expect(keysLeft()).toBe('Keys left: 0 of 20');
    expect((screen.getByRole('button', { name: 'Add a field' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('shows the vendor order id limit of 64 characters live', async () => {
    setup();
    await fireEvent.input(screen.getByLabelText('Vendor order id'), { target: { value: 'A'.repeat(65) } });
    expect(screen.getByText('Over the limit by 1')).toBeTruthy();
    expect(document.getElementById('vendor-order-id-errors')?.textContent).toMatch(/64/);
  });
});
