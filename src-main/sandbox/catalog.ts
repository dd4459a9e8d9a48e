// The fixed world every sandbox order lives in: one organiser, its venues, events, ticket sets and
// promocodes. Only the ids depend on the seed; names, prices and rules are constant, so tests and the
// demo can name "the PROMO5 code" or "the 750.50 set" and always mean the same thing. Event dates move
// with the data set's start, so the demo's concerts are always still to come.
import type { EventRef, ObjectId, PromocodeRef, Refs, SetRef, VenueRef } from '../core/ticketscloud/types.ts';
import { DEFAULT_STARTED_AT_MS, formatServerDate, parseServerDate } from './dates.ts';
import { machinePart, objectId } from './ids.ts';

/** The role of each sandbox promocode, so tests ask for "the single-use one", not a magic string. */
export const PROMOCODE_ROLES = ['fixed', 'percent', 'singleUse', 'minTickets', 'otherEvent'] as const;
export type PromocodeRole = (typeof PROMOCODE_ROLES)[number];

/** Codes as a clerk would type them; the server matches them case-insensitively and shows them lower case. */
export const SANDBOX_PROMOCODES: Readonly<Record<PromocodeRole, string>> = Object.freeze({
  fixed: 'PROMO100',
  percent: 'PROMO5',
  singleUse: 'ONCE300',
  minTickets: 'GROUP3',
  otherEvent: 'JAZZ200',
});

export interface PromocodeRule {
  role: PromocodeRole;
  ref: PromocodeRef;
  /** The only event the code works for; null = every event of the organiser. */
  eventId: ObjectId | null;
  /** A single-use code may be applied to one order at a time. */
  singleUse: boolean;
  /** Fewest tickets an order needs for the code; 0 = no limit. */
  minTickets: number;
}

export interface CatalogEvent {
  ref: EventRef;
  venue: VenueRef;
  sets: SetRef[];
  /** Service fee (`extra`) per ticket, in parts per 100 000 of the ticket price: 4 612 = 4.612 %. */
  feePer100k: number;
  /** How often orders are for this event, relative to the others. */
  popularity: number;
}

export interface Catalog {
  seed: number;
  org: { id: ObjectId; name: string };
  events: CatalogEvent[];
  eventsById: ReadonlyMap<ObjectId, CatalogEvent>;
  promocodes: PromocodeRule[];
  promocodesById: ReadonlyMap<ObjectId, PromocodeRule>;
  /** Lower-case code → rule. */
  promocodesByCode: ReadonlyMap<string, PromocodeRule>;
}

interface SetSpec {
  name: string;
  price: string;
  withSeats: boolean;
}
interface EventSpec {
  title: string;
  desc: string;
  timezone: string;
  venue: { name: string; city: string; address: string };
  /** Start in UTC, "YYYY-MM-DD HH:MM:SS", as seen from DEFAULT_DATASET_START; the show lasts `hours`. */
  start: string;
  hours: number;
  feePer100k: number;
  popularity: number;
  sets: SetSpec[];
}

// Prices include odd cents (750.50, 3333.33, 1200.50) so percentage discounts hit the rounding rule.
// "Lord of the Dance / Партер 1000.00" with a 4.612 % fee reproduces the seed example (extra 46.12).
const EVENT_SPECS: readonly EventSpec[] = [
  {
    title: 'Lord of the Dance',
    desc: 'Ирландское танцевальное шоу',
    timezone: 'Europe/Moscow',
    venue: { name: 'Крокус Сити Холл', city: 'Красногорск', address: '65–66 км МКАД' },
    start: '2026-12-12 16:00:00',
    hours: 2,
    feePer100k: 4_612,
    popularity: 5,
    sets: [
      { name: 'Партер', price: '1000.00', withSeats: false },
      { name: 'Балкон', price: '500.00', withSeats: false },
      { name: 'VIP', price: '7500.00', withSeats: true },
    ],
  },
  {
    title: 'Щелкунчик',
    desc: 'Балет П. И. Чайковского',
    timezone: 'Europe/Moscow',
    venue: { name: 'Государственный Кремлёвский дворец', city: 'Москва', address: 'ул. Воздвиженка, 1' },
    start: '2026-12-25 16:00:00',
    hours: 3,
    feePer100k: 10_000,
    popularity: 6,
    sets: [
      { name: 'Партер', price: '3500.00', withSeats: true },
      { name: 'Амфитеатр', price: '2200.00', withSeats: true },
      { name: 'Балкон', price: '1200.50', withSeats: true },
    ],
  },
  {
    title: 'Новогодняя ёлка «Морозко»',
    desc: 'Спектакль для всей семьи',
    timezone: 'Europe/Kaliningrad',
    venue: { name: 'Дворец культуры «Ёлочка»', city: 'Калининград', address: 'Ленинский пр., 30' },
    start: '2026-12-30 09:00:00',
    hours: 2,
    feePer100k: 5_000,
    popularity: 4,
    sets: [
      { name: 'Детский билет', price: '750.50', withSeats: false },
      { name: 'Взрослый билет', price: '990.00', withSeats: false },
    ],
  },
  {
    title: 'Jazz Night: Igor Butman Quartet',
    desc: 'Джаз в клубе',
    timezone: 'Europe/Moscow',
    venue: { name: 'Jazz Club «Эссе»', city: 'Москва', address: 'Пятницкая ул., 27' },
    start: '2027-01-15 17:00:00',
    hours: 2,
    feePer100k: 7_000,
    popularity: 2,
    sets: [
      { name: 'Столик у сцены', price: '3333.33', withSeats: true },
      { name: 'Бар', price: '1500.00', withSeats: false },
    ],
  },
  {
    title: 'Стендап: большой сольный концерт',
    desc: 'Новая программа 18+',
    timezone: 'Asia/Yekaterinburg',
    venue: { name: 'Екатеринбург-ЭКСПО', city: 'Екатеринбург', address: 'Экспо-бульвар, 2' },
    start: '2027-02-06 14:00:00',
    hours: 2,
    feePer100k: 8_000,
    popularity: 3,
    sets: [
      { name: 'Танцпол', price: '1800.00', withSeats: false },
      { name: 'Фан-зона', price: '2700.00', withSeats: false },
    ],
  },
  {
    title: 'Imagine Dragons Tribute Show',
    desc: 'Кавер-шоу',
    timezone: 'Europe/Moscow',
    venue: { name: 'A2 Green Concert', city: 'Санкт-Петербург', address: 'пр. Медиков, 3' },
    start: '2027-03-20 16:00:00',
    hours: 3,
    feePer100k: 10_000,
    popularity: 3,
    sets: [
      { name: 'Фан зона', price: '5600.00', withSeats: false },
      { name: 'Танцпол', price: '2990.00', withSeats: false },
    ],
  },
  {
    title: 'Лебединое озеро',
    desc: 'Самарский академический театр оперы и балета',
    timezone: 'Europe/Samara',
    venue: { name: 'Театр оперы и балета', city: 'Самара', address: 'пл. Куйбышева, 1' },
    start: '2026-11-29 15:00:00',
    hours: 3,
    feePer100k: 0,
    popularity: 2,
    sets: [
      { name: 'Партер', price: '2500.00', withSeats: true },
      { name: 'Бельэтаж', price: '1700.00', withSeats: true },
      { name: 'Галёрка', price: '650.00', withSeats: true },
    ],
  },
];

/** The event the `otherEvent` code is bound to (Jazz Night): every other event answers promocode_apply_info. */
const OTHER_EVENT_INDEX = 3;

interface PromocodeSpec {
  role: PromocodeRole;
  discount: PromocodeRef['discount'];
  eventIndex: number | null;
  singleUse: boolean;
  minTickets: number;
}

const PROMOCODE_SPECS: readonly PromocodeSpec[] = [
  { role: 'fixed', discount: { fix: '100.00' }, eventIndex: null, singleUse: false, minTickets: 0 },
  { role: 'percent', discount: { percentage: '5%' }, eventIndex: null, singleUse: false, minTickets: 0 },
  { role: 'singleUse', discount: { fix: '300.00' }, eventIndex: null, singleUse: true, minTickets: 0 },
  { role: 'minTickets', discount: { percentage: '10%' }, eventIndex: null, singleUse: false, minTickets: 3 },
  { role: 'otherEvent', discount: { fix: '200.00' }, eventIndex: OTHER_EVENT_INDEX, singleUse: false, minTickets: 0 },
];

/** The organiser's catalogue was "created" on this date: the time part of catalogue ids. */
const CATALOG_CREATED = Date.UTC(2026, 8, 1) / 1000;

/** `shiftSeconds`: how far the data set's start lies after DEFAULT_DATASET_START. */
function buildCatalog(seed: number, shiftSeconds: number): Catalog {
  const org = { id: objectId(CATALOG_CREATED, machinePart(seed, 'partner'), 1), name: 'ООО «Песочница Ивентс»' };
  const eventMachine = machinePart(seed, 'event');
  const setMachine = machinePart(seed, 'set');
  const venueMachine = machinePart(seed, 'venue');
  let setCounter = 0;

  const events = EVENT_SPECS.map((spec, i): CatalogEvent => {
    const venue: VenueRef = { id: objectId(CATALOG_CREATED, venueMachine, i + 1), ...spec.venue };
    const startSeconds = parseServerDate(spec.start) + shiftSeconds;
    const ref: EventRef = {
      id: objectId(CATALOG_CREATED + i * 3600, eventMachine, i + 1),
      title: { text: spec.title, desc: spec.desc },
      lifetime: { start: formatServerDate(startSeconds), finish: formatServerDate(startSeconds + spec.hours * 3600) },
      timezone: spec.timezone,
      venue: venue.id,
      org: org.id,
      status: 'public',
    };
    const sets = spec.sets.map(
      (set): SetRef => ({
        id: objectId(CATALOG_CREATED + i * 3600, setMachine, ++setCounter),
        name: set.name,
        price: set.price,
        with_seats: set.withSeats,
      }),
    );
    return { ref, venue, sets, feePer100k: spec.feePer100k, popularity: spec.popularity };
  });

  const promocodeMachine = machinePart(seed, 'promocode');
  const promocodes = PROMOCODE_SPECS.map(
    (spec, i): PromocodeRule => ({
      role: spec.role,
      ref: {
        id: objectId(CATALOG_CREATED + 86_400, promocodeMachine, i + 1),
        code: SANDBOX_PROMOCODES[spec.role].toLowerCase(),
        discount: spec.discount,
        viral: false,
      },
      eventId: spec.eventIndex === null ? null : (events[spec.eventIndex]?.ref.id ?? null),
      singleUse: spec.singleUse,
      minTickets: spec.minTickets,
    }),
  );

  return {
    seed,
    org,
    events,
    eventsById: new Map(events.map((event) => [event.ref.id, event])),
    promocodes,
    promocodesById: new Map(promocodes.map((rule) => [rule.ref.id, rule])),
    promocodesByCode: new Map(promocodes.map((rule) => [rule.ref.code, rule])),
  };
}

// The catalogue is pure in its seed and start; caching it keeps generateOrder(seed, index) cheap per call.
// Ids, names, prices and rules depend on the seed only: a catalogue of any start has the same ones.
const catalogs = new Map<string, Catalog>();

/** `startedAt`: the data set's start, epoch ms; only the events' dates depend on it. */
export function sandboxCatalog(seed: number, startedAt: number = DEFAULT_STARTED_AT_MS): Catalog {
  const shiftSeconds = Math.floor(startedAt / 1000) - DEFAULT_STARTED_AT_MS / 1000;
  const key = `${seed}:${shiftSeconds}`;
  let catalog = catalogs.get(key);
  if (!catalog) {
    catalog = buildCatalog(seed, shiftSeconds);
    catalogs.set(key, catalog);
  }
  return catalog;
}

/** Every ref the sandbox knows, shaped like an API `refs` object. */
export function catalogRefs(catalog: Catalog): Refs {
  const refs: Required<Pick<Refs, 'events' | 'sets' | 'promocodes' | 'venues' | 'partners'>> = {
    events: {},
    sets: {},
    promocodes: {},
    venues: {},
    partners: { [catalog.org.id]: { ...catalog.org } },
  };
  for (const event of catalog.events) {
    refs.events[event.ref.id] = event.ref;
    refs.venues[event.venue.id] = event.venue;
    for (const set of event.sets) refs.sets[set.id] = set;
  }
  for (const rule of catalog.promocodes) refs.promocodes[rule.ref.id] = rule.ref;
  return structuredClone(refs);
}
