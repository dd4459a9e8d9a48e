// Money as integer cents. Ticketscloud sends money as decimal strings with two places ("946.12");
// the sandbox parses them into integers, does every sum and discount on integers and formats back, so
// no float ever touches a price.

/** An amount in kopecks/cents. Always a safe integer. */
export type Cents = number;

const MONEY = /^(-?)(\d{1,13})\.(\d{2})$/;

/** "946.12" → 94612. Throws on anything else: the sandbox only parses money it made itself. */
export function parseMoney(text: string): Cents {
  // The same few prices are parsed over and over (every ticket of every order): remember them.
  const known = parsed.get(text);
  if (known !== undefined) return known;
  const match = MONEY.exec(text);
  if (!match) throw new Error(`not a money string with two decimal places: ${JSON.stringify(text)}`);
  const [, sign, units, hundredths] = match;
  const cents = (Number(units) * 100 + Number(hundredths)) * (sign === '-' ? -1 : 1);
  if (parsed.size < 10_000) parsed.set(text, cents);
  return cents;
}
const parsed = new Map<string, Cents>();

/** 94612 → "946.12". */
export function formatMoney(cents: Cents): string {
  const known = formatted.get(cents);
  if (known !== undefined) return known;
  if (!Number.isSafeInteger(cents)) throw new Error(`money must be whole cents, got ${cents}`);
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const hundredths = abs % 100;
  const text = `${sign}${(abs - hundredths) / 100}.${hundredths < 10 ? '0' : ''}${hundredths}`;
  if (formatted.size < 100_000) formatted.set(cents, text);
  return text;
}
const formatted = new Map<Cents, string>();

const PERCENTAGE = /^(\d{1,3})(?:\.(\d{1,2}))?%$/;

/** "5%" → 500, "12.5%" → 1250: hundredths of a percent, so percentages stay integers too. */
export function parsePercentage(text: string): number {
  const known = percentages.get(text);
  if (known !== undefined) return known;
  const match = PERCENTAGE.exec(text);
  if (!match) throw new Error(`not a percentage like "5%": ${JSON.stringify(text)}`);
  const [, whole, fraction = ''] = match;
  const basisPoints = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  if (percentages.size < 1_000) percentages.set(text, basisPoints);
  return basisPoints;
}
const percentages = new Map<string, number>();

/** `basisPoints` hundredths of a percent of `cents`, rounded half up to a whole cent. */
export function percentageOf(cents: Cents, basisPoints: number): Cents {
  if (cents < 0) return -percentageOf(-cents, basisPoints);
  // cents * basisPoints / 10_000, +5_000 before the floor is "round half up" on integers.
  return Math.floor((cents * basisPoints + 5_000) / 10_000);
}

/** `partsPer100k` parts per 100 000 of `cents`, rounded half up (service fees are set with three decimals). */
export function feeOf(cents: Cents, partsPer100k: number): Cents {
  return Math.floor((cents * partsPer100k + 50_000) / 100_000);
}
