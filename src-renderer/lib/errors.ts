// One readable line for whatever went wrong talking to the core, in the clerk's language.
import type { FieldError } from '../../src-main/core/contract.ts';
import { localized, t } from '../i18n/i18n.svelte.ts';
import { BridgeError } from './http-client.ts';

export function describeFailure(error: unknown): string {
  if (error instanceof BridgeError) {
    if (error.kind === 'unreachable') return t('bridge.unreachable');
    if (error.kind === 'unauthorized') return t('bridge.unauthorized');
    if (error.errors.length > 0) return describeFieldErrors(error.errors);
    return error.message;
  }
  return error instanceof Error ? error.message : String(error);
}

export function describeFieldErrors(errors: readonly FieldError[]): string {
  return errors.map((error) => localized(error.message)).join(' ');
}

/** The bridge prefixes the body's paths with "edit."; the forms name fields without it. */
export function fieldPath(error: FieldError): string {
  return error.path.replace(/^edit\./, '');
}
