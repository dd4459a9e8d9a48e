// What every edit form shares: check the edit with the core's own validation before sending, save it,
// and say what happened (in the current language, so the notice follows a language switch).
import type { EditDto, FieldError, Order, Result } from '../../src-main/core/contract.ts';
import { validateEdit } from '../../src-main/core/edits/schema.ts';
import { t } from '../i18n/i18n.svelte.ts';
import { describeFailure, describeFieldErrors, fieldPath } from './errors.ts';

export type SaveEdit = (edit: unknown) => Promise<Result<EditDto>>;

/** The props every edit form of the order screen takes. */
export interface EditFormProps {
  order: Order;
  /** The clerk's edits not yet sent, by the dotted field path they change. */
  unsent: Map<string, EditDto[]>;
  save: SaveEdit;
  onCancelEdit: (editId: number) => void;
  onDone: () => void;
}

export interface Notice {
  kind: 'ok' | 'error' | 'info';
  text: () => string;
}

/**
 * The core could not write the edit at all (full disk, unwritable database file). Its message already
 * says "Not saved: …" and what to do; the form keeps what the clerk typed so the same save can be tried
 * again once there is room.
 */
const STORAGE_REFUSALS = new Set(['disk_full', 'disk_write_failed']);

export class EditForm {
  saving = $state(false);
  notice = $state<Notice | null>(null);
  /** Errors from the last attempt to save (the live ones are computed by each form). */
  submitErrors = $state<FieldError[]>([]);

  errorsFor(path: string): FieldError[] {
    return this.submitErrors.filter((error) => fieldPath(error) === path);
  }

  /** Errors that belong to no field the form shows (e.g. the edit as a whole). */
  otherErrors(isShownAtField: (path: string) => boolean): FieldError[] {
    return this.submitErrors.filter((error) => !isShownAtField(fieldPath(error)));
  }

  clear(): void {
    this.notice = null;
    this.submitErrors = [];
  }

  /** `intent` undefined = the clerk changed nothing. Returns whether the edit was stored. */
  async submit(intent: unknown, save: SaveEdit): Promise<boolean> {
    this.submitErrors = [];
    if (intent === undefined) {
      this.notice = { kind: 'info', text: () => t('form.nothingChanged') };
      return false;
    }
    const checked = validateEdit(intent);
    if (!checked.ok) {
      this.submitErrors = checked.errors;
      this.notice = { kind: 'error', text: () => t('form.fixErrors') };
      return false;
    }
    this.saving = true;
    try {
      const result = await save(intent);
      if (result.ok) {
        this.notice = { kind: 'ok', text: () => t('form.saved') };
        return true;
      }
      const errors = result.errors;
      if (errors.length > 0 && errors.every((error) => STORAGE_REFUSALS.has(error.code))) {
        this.notice = { kind: 'error', text: () => describeFieldErrors(errors) };
        return false;
      }
      this.submitErrors = errors;
      this.notice = { kind: 'error', text: () => t('form.saveFailed', { message: describeFieldErrors(errors) }) };
      return false;
    } catch (error) {
      this.notice = { kind: 'error', text: () => t('form.saveFailed', { message: describeFailure(error) }) };
      return false;
    } finally {
      this.saving = false;
    }
  }
}
