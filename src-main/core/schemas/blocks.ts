// The building blocks every schema of ours is made of (the edit, the contract's arguments), and the one
// way their problems become field errors. Every schema and action carries one of the catalog's error
// codes as its valibot "message" (src-main/core/messages/, `error.<code>`); `toFieldErrors` turns the
// issues into `{path, code, message: {en, ru}}`, one per field (the first problem found wins), every
// field at once. Lengths are counted in Unicode code points, as the server's `len()` counts them.
// Node-free: the renderer validates with these too.
import * as v from 'valibot';
import type { FieldError } from '../contract.ts';
import { fieldError, isErrorCode, kindOf, type ErrorCode, type MessageParams } from '../messages/catalog.ts';

/** Every problem at once: the clerk fixes all fields in one go, not one per try. */
export const REPORT_ALL = { abortEarly: false, abortPipeEarly: false } as const;

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

export function codePointCount(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

export function keyPath(input: Record<string, unknown>, key: string): [v.ObjectPathItem] {
  return [{ type: 'object', origin: 'key', input, key, value: input[key] }];
}

/** A limit check that records the limit and the actual count, so the message can name both. */
export function atMostChars(limit: number, code: ErrorCode = 'too_long') {
  return v.rawCheck<string>(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const actual = codePointCount(dataset.value);
    if (actual > limit) addIssue({ message: code, expected: String(limit), received: String(actual) });
  });
}

/** One of a fixed list of strings; the message lists them. */
export function oneOf<const T extends string>(allowed: readonly T[]) {
  return v.pipe(
    v.string('not_a_string'),
    v.rawCheck<string>(({ dataset, addIssue }) => {
      if (dataset.typed && !(allowed as readonly string[]).includes(dataset.value)) {
        addIssue({ message: 'not_one_of', expected: allowed.join(', ') });
      }
    }),
    v.transform((value) => value as T),
  );
}

/** A whole number in [min, max]; anything else (text, 2.5, NaN) gets the same message naming the range. */
export function wholeNumber(min: number, max: number) {
  return v.pipe(
    v.unknown(),
    v.rawCheck<unknown>(({ dataset, addIssue }) => {
      const value = dataset.value;
      const inRange = typeof value === 'number' && Number.isSafeInteger(value) && value >= min && value <= max;
      if (!inRange) addIssue({ message: 'out_of_range', expected: `${min}..${max}` });
    }),
    v.transform((value) => value as number),
  );
}

export const plainObject = (code: ErrorCode = 'not_an_object') => v.custom<Record<string, unknown>>(isPlainObject, code);

// valibot skips the keys `__proto__`, `constructor` and `prototype` without a word; input must not lose
// what the clerk typed silently, so they are refused by name before the object is walked.
const RESERVED_KEYS = ['__proto__', 'constructor', 'prototype'];
export function refuseReservedKeys(code: ErrorCode) {
  return v.rawCheck<Record<string, unknown>>(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    for (const key of Object.keys(dataset.value)) {
      if (RESERVED_KEYS.includes(key)) addIssue({ message: code, path: keyPath(dataset.value, key) });
    }
  });
}

/**
 * An object that takes only the listed fields. valibot's strictObject reports only the first unknown key and
 * accepts arrays; this reports every unknown key at its own path and refuses anything but a plain object.
 * A listed field that is not optional and missing is `required`.
 */
export function closedObject<const TEntries extends v.ObjectEntries>(entries: TEntries) {
  return v.pipe(
    plainObject(),
    refuseReservedKeys('unknown_field'),
    v.objectWithRest(entries, v.never('unknown_field'), 'required'),
    v.transform((value): v.InferOutput<v.ObjectSchema<TEntries, undefined>> => value),
  );
}

/** What a message may name, read off the issue: the limit, how much there is, the key, what was sent. */
export function issueParams(issue: v.BaseIssue<unknown>): MessageParams {
  const lastKey = issue.path?.at(-1)?.key;
  const [min = '', max = ''] = String(issue.expected ?? '').split('..');
  return {
    limit: Number(issue.expected),
    actual: Number(issue.received),
    key: typeof lastKey === 'string' || typeof lastKey === 'number' ? String(lastKey) : '',
    got: kindOf(issue.input),
    allowed: issue.expected ?? '',
    min,
    max,
  };
}

function joinPath(prefix: string, path: string): string {
  if (prefix === '') return path;
  return path === '' ? prefix : `${prefix}.${path}`;
}

/** One error per field (the first found), in the order the fields were walked. */
export function toFieldErrors(
  issues: readonly v.BaseIssue<unknown>[],
  prefix = '',
  params: (issue: v.BaseIssue<unknown>) => MessageParams = issueParams,
): FieldError[] {
  const byPath = new Map<string, FieldError>();
  for (const issue of issues) {
    const path = joinPath(prefix, v.getDotPath(issue) ?? '');
    if (byPath.has(path)) continue;
    // Every schema names its code; a message that is not one is a bug in the schema, not bad input.
    if (!isErrorCode(issue.message)) throw new Error(`schema issue without an error code: ${issue.message}`);
    byPath.set(path, fieldError(path, issue.message, params(issue)));
  }
  return [...byPath.values()];
}
