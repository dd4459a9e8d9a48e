// Customer names, e-mails and phones for generated orders: Cyrillic (with ё) and Latin (with accents)
// names, e-mails derived from them, phones typed the many ways clerks and web forms type them.
import type { Customer } from '../core/ticketscloud/types.ts';
import { type Random, chance, intBetween, pick } from './prng.ts';

const RU_MALE_FIRST = ['Иван', 'Пётр', 'Алексей', 'Сергей', 'Фёдор', 'Семён', 'Артём', 'Дмитрий', 'Михаил', 'Глеб', 'Егор', 'Николай'];
const RU_FEMALE_FIRST = ['Анна', 'Алёна', 'Ольга', 'Татьяна', 'Мария', 'Наталья', 'Ксения', 'Дарья', 'Екатерина', 'Юлия', 'Полина', 'Фёкла'];
// Male form; the female form adds "а" (every surname here follows that rule).
const RU_SURNAMES = ['Иванов', 'Алёшин', 'Королёв', 'Соловьёв', 'Воробьёв', 'Смирнов', 'Кузнецов', 'Попов', 'Фёдоров', 'Ковалёв', 'Чернышёв', 'Орлов', 'Лебедев', 'Новиков', 'Пугачёв'];
const RU_MALE_PATRONYMIC = ['Сергеевич', 'Петрович', 'Алексеевич', 'Фёдорович', 'Артёмович', 'Иванович'];
const RU_FEMALE_PATRONYMIC = ['Сергеевна', 'Петровна', 'Алексеевна', 'Фёдоровна', 'Артёмовна', 'Ивановна'];
const LATIN_FIRST = ['John', 'Emma', 'Oliver', 'Sophie', 'Lucas', 'Chloé', 'Mateo', 'Zoë', 'Ivan', 'Anna', 'François', 'Yuki', 'Jürgen', 'Olivia'];
const LATIN_SURNAMES = ['Smith', 'Johnson', 'Brown', 'Müller', 'Martin', 'Dubois', 'García', 'Petrov', 'Kowalski', 'Tanaka', 'Nuñez', 'O’Brien', 'Andersson', 'Lefèvre'];

const RU_DOMAINS = ['mail.ru', 'yandex.ru', 'gmail.com', 'bk.ru', 'inbox.ru', 'rambler.ru', 'ya.ru'];
const LATIN_DOMAINS = ['gmail.com', 'outlook.com', 'example.com', 'proton.me', 'icloud.com'];
const RU_MOBILE_CODES = ['916', '903', '925', '999', '977', '921', '912', '965', '985'];

const CYRILLIC_TO_LATIN: Readonly<Record<string, string>> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'yo', ж: 'zh', з: 'z', и: 'i', й: 'y', к: 'k', л: 'l',
  м: 'm', н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh',
  щ: 'shch', ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya',
};

/** The ASCII form of a name for an e-mail address: transliterated Cyrillic, accents and apostrophes dropped. */
function asciiName(name: string): string {
  let out = '';
  for (const char of name.toLowerCase()) {
    const latin = CYRILLIC_TO_LATIN[char];
    if (latin !== undefined) {
      out += latin;
      continue;
    }
    // Decompose only outside Cyrillic: NFD would split ё and й into е/и plus a mark.
    for (const part of char.normalize('NFD')) if (part >= 'a' && part <= 'z') out += part;
  }
  return out;
}

// Transliterating on every order would dominate the generator's time; every name is known up front.
const asciiCache = new Map<string, string>();
function ascii(name: string): string {
  let value = asciiCache.get(name);
  if (value === undefined) {
    value = asciiName(name);
    asciiCache.set(name, value);
  }
  return value;
}

function digits(random: Random, count: number): string {
  let out = '';
  for (let i = 0; i < count; i++) out += String(Math.floor(random() * 10));
  return out;
}

/** A Russian mobile number in one of the shapes people really type. */
function russianPhone(random: Random): string {
  const code = pick(random, RU_MOBILE_CODES);
  const n = digits(random, 7);
  const a = n.slice(0, 3);
  const b = n.slice(3, 5);
  const c = n.slice(5, 7);
  switch (intBetween(random, 0, 5)) {
    case 0:
      return `+7${code}${n}`;
    case 1:
      return `8 (${code}) ${a}-${b}-${c}`;
    case 2:
      return `+7 ${code} ${a}-${b}-${c}`;
    case 3:
      return `8${code}${n}`;
    case 4:
      return `+7 (${code}) ${a} ${b} ${c}`;
    default:
      return `8-${code}-${a}-${b}-${c}`;
  }
}

function foreignPhone(random: Random): string {
  switch (intBetween(random, 0, 3)) {
    case 0:
      return `+44 20 ${digits(random, 4)} ${digits(random, 4)}`;
    case 1:
      return `+1 (212) 555-${digits(random, 4)}`;
    case 2:
      return `+49 30 ${digits(random, 7)}`;
    default:
      return russianPhone(random);
  }
}

function email(random: Random, first: string, last: string, domains: readonly string[]): string {
  const f = ascii(first);
  const l = ascii(last);
  let local: string;
  switch (intBetween(random, 0, 3)) {
    case 0:
      local = `${f}.${l}`;
      break;
    case 1:
      local = `${f.slice(0, 1)}${l}`;
      break;
    case 2:
      local = `${l}${intBetween(random, 1960, 2008)}`;
      break;
    default:
      local = `${f}_${l}${intBetween(random, 1, 99)}`;
  }
  const address = `${local}@${pick(random, domains)}`;
  // Some people type their address with capitals; search must still find them.
  return chance(random, 0.05) ? address.replace(/^./, (c) => c.toUpperCase()) : address;
}

/** A customer as a web shop or a clerk would have filled it in: some fields may be missing. */
export function generateCustomer(random: Random): Customer {
  const russian = chance(random, 0.65);
  const customer: Customer = {};
  let first: string;
  let last: string;
  if (russian) {
    const female = chance(random, 0.5);
    first = pick(random, female ? RU_FEMALE_FIRST : RU_MALE_FIRST);
    const surname = pick(random, RU_SURNAMES);
    last = female ? `${surname}а` : surname;
    const shape = intBetween(random, 0, 9);
    if (shape < 6) customer.name = `${first} ${last}`;
    else if (shape < 9) customer.name = `${last} ${first} ${pick(random, female ? RU_FEMALE_PATRONYMIC : RU_MALE_PATRONYMIC)}`;
    else customer.name = `${last} ${first.slice(0, 1)}.`;
  } else {
    first = pick(random, LATIN_FIRST);
    last = pick(random, LATIN_SURNAMES);
    customer.name = `${first} ${last}`;
  }
  if (chance(random, 0.9)) customer.email = email(random, first, last, russian ? RU_DOMAINS : LATIN_DOMAINS);
  if (chance(random, 0.8)) customer.phone = russian ? russianPhone(random) : foreignPhone(random);
  customer.lang = chance(random, 0.9) === russian ? 'ru' : 'en';
  return customer;
}
