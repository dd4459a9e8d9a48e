// The ONE validation of a clerk's edit. The bridge, IPC, the outbox and the renderer's live field errors all
// call this file, so it must never import Node code. An edit is PATCH-shaped (see
// ../shared/ticketscloud-api.md): it holds only what the clerk changed, never the whole order.
//
// How problems are reported: see schemas/blocks.ts (a catalog error code on every schema, one error per
// field, all fields at once, lengths in code points).
import * as v from 'valibot';
import type { Result } from '../contract.ts';
import { refusal, refused } from '../messages/catalog.ts';
import { atMostChars, closedObject, oneOf, codePointCount, isPlainObject, keyPath, plainObject, refuseReservedKeys, REPORT_ALL, toFieldErrors } from '../schemas/blocks.ts';
import { EDIT_LIMITS } from './messages.ts';
import { dedupeCodesIgnoringCase } from './promocode-list.ts';

export { EDIT_LIMITS, type EditErrorCode } from './messages.ts';

// ---------------------------------------------------------------------------------------------------------
// Customer

const NameSchema = v.pipe(
  v.string('not_a_string'),
  v.trim(),
  v.nonEmpty('empty'),
  atMostChars(EDIT_LIMITS.nameChars),
);

// Deliberately simple: something@domain.tld with no spaces. The server has the last word; this catches
// typos at the counter, not every RFC 5322 corner.
const EMAIL_SHAPE = /^[^\s@]+@(?:[^\s@.]+\.)+[^\s@.]{2,}$/u;

/** The domain part of an address is case-insensitive; the local part may not be, so it is kept. */
function withLowerCaseDomain(email: string): string {
  const at = email.lastIndexOf('@');
  return email.slice(0, at + 1) + email.slice(at + 1).toLowerCase();
}

const EmailSchema = v.pipe(
  v.string('not_a_string'),
  v.trim(),
  v.nonEmpty('empty'),
  atMostChars(EDIT_LIMITS.emailChars),
  v.regex(EMAIL_SHAPE, 'invalid_email'),
  v.transform(withLowerCaseDomain),
);

const PHONE_CHARACTERS = /^\+?[\d\s().-]+$/u;

/**
 * `+` and the digits of a phone typed any common way: `+7 (999) 123-45-76` → `+79991234576`. A Russian
 * number written with the trunk prefix, `8XXXXXXXXXX` (11 digits, no `+`), becomes `+7XXXXXXXXXX`.
 * Returns null when the text is not a phone number this project accepts.
 */
export function normalizePhone(typed: string): string | null {
  const text = typed.trim();
  if (!PHONE_CHARACTERS.test(text)) return null;
  let digits = text.replace(/\D/gu, '');
  if (!text.startsWith('+') && digits.length === 11 && digits.startsWith('8')) digits = `7${digits.slice(1)}`;
  if (digits.length < EDIT_LIMITS.phoneDigitsMin || digits.length > EDIT_LIMITS.phoneDigitsMax) return null;
  return `+${digits}`;
}

const PhoneSchema = v.pipe(
  v.string('not_a_string'),
  v.trim(),
  v.nonEmpty('empty'),
  v.regex(PHONE_CHARACTERS, 'invalid_phone'),
  v.rawTransform<string, string>(({ dataset, addIssue, NEVER }) => {
    const normalized = normalizePhone(dataset.value);
    if (normalized === null) {
      const digitCount = dataset.value.replace(/\D/gu, '').length;
      addIssue({
        message: 'phone_digit_count',
        expected: `${EDIT_LIMITS.phoneDigitsMin}..${EDIT_LIMITS.phoneDigitsMax}`,
        received: String(digitCount),
      });
      return NEVER;
    }
    return normalized;
  }),
);

const LangSchema = v.picklist(['en', 'ru'], 'invalid_lang');

const CustomerSchema = closedObject({
  name: v.optional(NameSchema),
  email: v.optional(EmailSchema),
  phone: v.optional(PhoneSchema),
  lang: v.optional(LangSchema),
});

const SendTicketsSchema = v.boolean('not_a_boolean');

const SettingsSchema = closedObject({
  customer: v.optional(CustomerSchema),
  send_tickets: v.optional(SendTicketsSchema),
});

// ---------------------------------------------------------------------------------------------------------
// Vendor data

const OrderIdSchema = v.pipe(v.string('not_a_string'), atMostChars(EDIT_LIMITS.orderIdChars));

function isRawScalar(value: unknown): value is string | number | boolean | null {
  return (
    value === null ||
    typeof value === 'string' ||
    typeof value === 'boolean' ||
    (typeof value === 'number' && Number.isFinite(value))
  );
}

/**
 * The contract allows only string values, yet its own example sends `true` and `3`: a number or boolean the
 * clerk typed is kept as its string form. `null` stays null: it means "remove this key".
 */
const RawValueSchema = v.pipe(
  v.custom<string | number | boolean | null>(isRawScalar, 'invalid_raw_value'),
  v.transform((value): string | null => (value === null ? null : String(value))),
  v.rawCheck<string | null>(({ dataset, addIssue }) => {
    if (!dataset.typed || dataset.value === null) return;
    const actual = codePointCount(dataset.value);
    if (actual > EDIT_LIMITS.rawValueChars) {
      addIssue({ message: 'too_long', expected: String(EDIT_LIMITS.rawValueChars), received: String(actual) });
    }
  }),
);

// Key count and key length are checked after the values are walked (not in the record's key schema):
// that way a bad value, a bad key and too many keys are all reported in one answer.
const RawSchema = v.pipe(
  plainObject(),
  refuseReservedKeys('reserved_key'),
  v.record(v.string(), RawValueSchema),
  v.rawCheck<Record<string, string | null>>(({ dataset, addIssue }) => {
    const raw: unknown = dataset.value;
    if (!isPlainObject(raw)) return;
    const keys = Object.keys(raw);
    if (keys.length > EDIT_LIMITS.rawKeys) {
      addIssue({ message: 'too_many_keys', expected: String(EDIT_LIMITS.rawKeys), received: String(keys.length) });
    }
    for (const key of keys) {
      const length = codePointCount(key);
      if (length === 0) addIssue({ message: 'empty_key', path: keyPath(raw, key) });
      else if (length > EDIT_LIMITS.rawKeyChars) {
        addIssue({
          message: 'key_too_long',
          expected: String(EDIT_LIMITS.rawKeyChars),
          received: String(length),
          path: keyPath(raw, key),
        });
      }
    }
  }),
);

const VendorDataSchema = closedObject({
  order_id: v.optional(OrderIdSchema),
  raw: v.optional(RawSchema),
});

// ---------------------------------------------------------------------------------------------------------
// Promocodes

const PromocodeSchema = v.pipe(
  v.string('not_a_string'),
  v.trim(),
  v.nonEmpty('empty'),
  atMostChars(EDIT_LIMITS.promocodeChars),
);

const PromocodesSchema = v.pipe(
  v.array(PromocodeSchema, 'not_a_list'),
  v.rawCheck<string[]>(({ dataset, addIssue }) => {
    const items: unknown = dataset.value;
    if (!Array.isArray(items)) return;
    const codes = items.filter((item): item is string => typeof item === 'string' && item !== '');
    const distinct = dedupeCodesIgnoringCase(codes).length;
    if (distinct > EDIT_LIMITS.promocodes) {
      addIssue({ message: 'too_many_promocodes', expected: String(EDIT_LIMITS.promocodes), received: String(distinct) });
    }
  }),
  v.transform((codes: string[]) => dedupeCodesIgnoringCase(codes)),
);

// ---------------------------------------------------------------------------------------------------------
// The whole edit

/**
 * The clerk's two last actions on a reservation: paid at the counter (`done`) or cancelled ("Finishing
 * and cancelling" in ../shared/ticketscloud-api.md).
 */
export const STATUS_CHANGES = ['done', 'cancelled'] as const;
export type StatusChange = (typeof STATUS_CHANGES)[number];

const RawEditSchema = v.pipe(
  closedObject({
    settings: v.optional(SettingsSchema),
    vendor_data: v.optional(VendorDataSchema),
    promocodes: v.optional(PromocodesSchema),
    status: v.optional(oneOf(STATUS_CHANGES)),
  }),
  // A status change is its own action (its own request and its own error), never part of another edit.
  v.rawCheck(({ dataset, addIssue }) => {
    const edit = dataset.value as Record<string, unknown>;
    if (!dataset.typed || edit.status === undefined) return;
    const others = ['settings', 'vendor_data', 'promocodes'].filter((key) => edit[key] !== undefined);
    if (others.length > 0) addIssue({ message: 'status_alone', path: keyPath(edit, 'status'), expected: others.join(', ') });
  }),
);

type ParsedEdit = v.InferOutput<typeof RawEditSchema>;

/** The object without its undefined fields, or undefined when nothing is left. */
function definedPart<T extends object>(value: T | undefined): T | undefined {
  if (value === undefined) return undefined;
  const entries = Object.entries(value).filter(([, field]) => field !== undefined);
  return entries.length === 0 ? undefined : (Object.fromEntries(entries) as T);
}

/** `{settings: {customer: {}}}`, `{vendor_data: {raw: {}}}` and `{promocodes: []}` ask for nothing: drop them. */
function withoutEmptyParts(edit: ParsedEdit): ParsedEdit {
  const raw = edit.vendor_data?.raw;
  const promocodes = edit.promocodes;
  return (
    definedPart({
      settings: definedPart({
        customer: definedPart(edit.settings?.customer),
        send_tickets: edit.settings?.send_tickets,
      }),
      vendor_data: definedPart({
        order_id: edit.vendor_data?.order_id,
        raw: raw !== undefined && Object.keys(raw).length > 0 ? raw : undefined,
      }),
      promocodes: promocodes !== undefined && promocodes.length > 0 ? promocodes : undefined,
      status: edit.status,
    }) ?? {}
  );
}

export const EditIntentSchema = v.pipe(
  RawEditSchema,
  v.transform(withoutEmptyParts),
  v.check((edit) => Object.keys(edit).length > 0, 'empty_edit'),
);

/**
 * What the clerk asked for, validated and normalised: trimmed text, `+digits` phones, raw values as strings
 * (null = remove the key), promocodes deduplicated. Absent fields are untouched by the edit.
 */
export type EditIntent = v.InferOutput<typeof EditIntentSchema>;

// ---------------------------------------------------------------------------------------------------------
// Issues → field errors

/** Bytes of the input as JSON, or null when it cannot be JSON at all (a cycle, a BigInt). */
function jsonByteLength(input: unknown): number | null {
  try {
    const json = JSON.stringify(input) as string | undefined;
    return json === undefined ? 0 : new TextEncoder().encode(json).length;
  } catch {
    return null;
  }
}

/**
 * Validates an edit from any entry point. The size is checked before anything is walked, so a huge body
 * costs one serialisation, not a walk of every key.
 */
export function validateEdit(input: unknown): Result<EditIntent> {
  const bytes = jsonByteLength(input);
  if (bytes === null) return refusal(422, '', 'invalid_body');
  if (bytes > EDIT_LIMITS.bodyBytes) {
    const kiB = (n: number) => Math.ceil(n / 1024);
    return refusal(422, '', 'body_too_large', { limit: kiB(EDIT_LIMITS.bodyBytes), actual: kiB(bytes) });
  }
  const parsed = v.safeParse(EditIntentSchema, input, REPORT_ALL);
  if (parsed.success) return { ok: true, value: parsed.output };
  return refused(422, toFieldErrors(parsed.issues));
}

// ---------------------------------------------------------------------------------------------------------
// One field at a time, for the renderer's live errors

/** The same schemas validateEdit uses, one per field a form has. */
export const EDIT_FIELD_SCHEMAS = {
  'settings.customer.name': NameSchema,
  'settings.customer.email': EmailSchema,
  'settings.customer.phone': PhoneSchema,
  'settings.customer.lang': LangSchema,
  'settings.send_tickets': SendTicketsSchema,
  'vendor_data.order_id': OrderIdSchema,
  'vendor_data.raw': RawSchema,
  promocodes: PromocodesSchema,
} as const;

export type EditField = keyof typeof EDIT_FIELD_SCHEMAS;
export type EditFieldValue<F extends EditField> = v.InferOutput<(typeof EDIT_FIELD_SCHEMAS)[F]>;

/**
 * Checks one form field as the whole edit would; on success gives the value as it will be saved
 * (e.g. the normalised phone), so the form can show it. Errors carry the same paths validateEdit gives.
 */
export function validateField<F extends EditField>(field: F, value: unknown): Result<EditFieldValue<F>> {
  const schema: v.GenericSchema<unknown, unknown> = EDIT_FIELD_SCHEMAS[field];
  const parsed = v.safeParse(schema, value, REPORT_ALL);
  // The schema picked by `field` produces exactly EditFieldValue<F>; TypeScript cannot follow the lookup.
  if (parsed.success) return { ok: true, value: parsed.output as EditFieldValue<F> };
  return refused(422, toFieldErrors(parsed.issues, field));
}

/** Checks one row of the vendor `raw` editor: its key and its value, with the path `vendor_data.raw.<key>`. */
export function validateRawEntry(key: string, value: unknown): Result<string | null> {
  const checked = validateField('vendor_data.raw', Object.fromEntries([[key, value]]));
  if (!checked.ok) return checked;
  return { ok: true, value: checked.value[key] ?? null };
}
