import { fireEvent, render, screen } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { EditDto, Result } from '../../src-main/core/contract.ts';
import CustomerForm from '../../src-renderer/components/CustomerForm.svelte';
import { preferences } from '../../src-renderer/lib/preferences.svelte.ts';
import { sampleEdit, sampleOrder } from './fixtures.ts';

function setup(unsent = new Map<string, EditDto[]>()) {
  const save = vi.fn(async (edit: unknown): Promise<Result<EditDto>> => ({ ok: true, value: sampleEdit(edit as EditDto['body']) }));
  const onCancelEdit = vi.fn();
  const onDone = vi.fn();
  render(CustomerForm, { order: sampleOrder(), unsent, save, onCancelEdit, onDone });
  return { save, onCancelEdit, onDone };
}

describe('customer form', () => {
  beforeEach(() => preferences.setLang('en'));

  it('shows a bad email next to the field while typing, before anything is saved', async () => {
    const { save } = setup();
    await fireEvent.input(screen.getByLabelText('Email'), { target: { value: 'ivan@' } });

    const errors = document.getElementById('customer-email-errors');
    expect(errors?.textContent).toMatch(/email/i);
    expect(screen.getByLabelText('Email').getAttribute('aria-invalid')).toBe('true');

    await fireEvent.click(screen.getByRole('button', { name: 'Save customer' }));
    expect(save).not.toHaveBeenCalled();
    expect(screen.getByRole('status').textContent).toBe('Fix the marked fields first.');
  });

  it('shows the field errors in Russian when the interface is Russian', async () => {
    setup();
    preferences.setLang('ru');
    await fireEvent.input(screen.getByLabelText('Email'), { target: { value: 'ivan@' } });
    expect(document.getElementById('customer-email-errors')?.textContent).toMatch(/[а-яё]/i);
  });

  it('saves only the field the clerk changed, then hands the focus back', async () => {
    const { save, onDone } = setup();
    await fireEvent.input(screen.getByLabelText('Name'), { target: { value: 'Пётр Иванов' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Save customer' }));

    expect(save).toHaveBeenCalledWith({ settings: { customer: { name: 'Пётр Иванов' } } });
    expect(onDone).toHaveBeenCalled();
    expect(await screen.findByText('Saved. It will be sent to Ticketscloud automatically.')).toBeTruthy();
  });

  it('keeps what the clerk typed when the disk is full, says so once in their language, and saves it on the next try', async () => {
    const { save, onDone } = setup();
    const diskFull: Result<EditDto> = {
      ok: false,
      status: 507,
      errors: [
        {
          path: '',
          code: 'disk_full',
          message: {
            en: 'Not saved: the disk is full. Free some space on this computer\'s disk, then save again.',
            ru: 'Не сохранено: диск заполнен. Освободите место на диске этого компьютера и сохраните снова.',
          },
        },
      ],
    };
    save.mockResolvedValueOnce(diskFull);
    await fireEvent.input(screen.getByLabelText('Name'), { target: { value: 'Пётр Иванов' } });
    await fireEvent.input(screen.getByLabelText('Phone'), { target: { value: '+7 999 123-45-77' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Save customer' }));

    expect(await screen.findByText(/^Not saved: the disk is full\./)).toBeTruthy();
    expect(screen.getByRole('status').textContent).toBe(diskFull.errors[0]!.message.en);
    expect((screen.getByLabelText('Name') as HTMLInputElement).value).toBe('Пётр Иванов');
    expect((screen.getByLabelText('Phone') as HTMLInputElement).value).toBe('+7 999 123-45-77');
    expect(onDone).not.toHaveBeenCalled();
    preferences.setLang('ru');
    expect(await screen.findByText(/^Не сохранено: диск заполнен\./)).toBeTruthy();
    preferences.setLang('en');

    await fireEvent.click(await screen.findByRole('button', { name: 'Save customer' }));
    expect(save).toHaveBeenCalledTimes(2);
    expect(save.mock.calls[1]).toEqual(save.mock.calls[0]);
    expect(onDone).toHaveBeenCalled();
  });

  it('says there is nothing to save when nothing changed', async () => {
    const { save } = setup();
    await fireEvent.click(screen.getByRole('button', { name: 'Save customer' }));
    expect(save).not.toHaveBeenCalled();
    expect(screen.getByRole('status').textContent).toBe('Nothing changed: there is nothing to save.');
  });

  it('previews a phone typed any way as the number that will be saved', async () => {
    setup();
    await fireEvent.input(screen.getByLabelText('Phone'), { target: { value: '+7 (999) 123-45-77' } });
    expect(screen.getByText('→ +79991234577')).toBeTruthy();
  });

  it('marks a field with an unsent edit as not yet sent, with a cancel that takes it back', async () => {
    const pending = sampleEdit({ settings: { customer: { email: 'new@example.ru' } } });
    const { onCancelEdit } = setup(new Map([['settings.customer.email', [pending]]]));

    expect(screen.getByText('not yet sent')).toBeTruthy();
    await fireEvent.click(screen.getByRole('button', { name: 'Cancel this change' }));
    expect(onCancelEdit).toHaveBeenCalledWith(pending.id);
  });
});
