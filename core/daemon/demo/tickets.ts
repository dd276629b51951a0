import type { App } from '../../api/app.ts';
import type { Principal } from '../../api/procedure.ts';
import { bestAvailable } from '../../ticketing/best-available.ts';
import { places, type ChartLayout } from '../../ticketing/chart.ts';

/**
 * The box office part of the Riverside Players demo, through the API: the Riverside
 * Playhouse main stage chart (220 seats, centre aisle, curved rows, wheelchair spaces with
 * companion seats, restricted-view seats at the front edges, three price zones) and the
 * studio (60 general admission); "Into the Woods" (October 2026) linked to the calendar's
 * performance events, partly sold, closing night sold out with a waiting list; "A Christmas
 * Carol" (December 2026) on sale, with devices' allocations, an outside-platform import, a
 * refund and an exchange. Sales use a seeded generator so every demo is the same.
 */
const VENUE = 'riverside-playhouse';
const ITW = 'into-the-woods-2026-27';
const ACC = 'a-christmas-carol-2026-27';
export const LOBBY_LAPTOP = 'dev-lobby-laptop';

const ZONES = [
  { id: 'premium', name: 'Premium (rows C–G)', color: '#7b2d8e' },
  { id: 'standard', name: 'Standard', color: '#1f6fb2' },
  { id: 'value', name: 'Value (rows J–K)', color: '#2e8b57' },
];

const MAIN_STAGE = {
  zones: ZONES,
  stage: { label: 'Stage', width: 420, height: 50 },
  sections: [
    {
      area: 'orchestra',
      name: 'Orchestra',
      rows: 11,
      seatsPerRow: 20,
      aislesAfter: [10],
      curve: 22,
      zone: 'standard',
      zoneByRow: { C: 'premium', D: 'premium', E: 'premium', F: 'premium', G: 'premium', J: 'value', K: 'value' },
      wheelchair: [{ row: 'H', seats: [1, 20] }, { row: 'K', seats: [10, 11] }],
      companion: [{ row: 'H', seats: [2, 19] }, { row: 'K', seats: [9, 12] }],
      restricted: [{ row: 'A', seats: [1, 2, 19, 20] }, { row: 'B', seats: [1, 20] }],
    },
  ],
};

const STUDIO = { zones: [{ id: 'ga', name: 'General admission', color: '#c77d00' }], sections: [], ga: [{ area: 'studio', name: 'Studio', capacity: 60, zone: 'ga' }] };

const MAIN_PRICES = (base: { premium: number; standard: number; value: number }) =>
  (['premium', 'standard', 'value'] as const).flatMap((zone) => [
    { id: `adult-${zone}`, ticketType: 'adult', zone, amount: base[zone] },
    { id: `senior-${zone}`, ticketType: 'senior', zone, amount: base[zone] - 400 },
    { id: `student-${zone}`, ticketType: 'student', zone, amount: base[zone] - 800 },
    { id: `child-${zone}`, ticketType: 'child', zone, amount: Math.round(base[zone] / 2) },
    { id: `comp-${zone}`, ticketType: 'comp', zone, amount: 0, label: 'Complimentary' },
  ]);

const SOUND_DESK = { seats: ['K-5', 'K-6'], kind: 'sound-desk', reason: 'Sound desk' };

const GIVEN = ['Ada', 'Bea', 'Cyril', 'Dana', 'Eli', 'Fern', 'Gus', 'Hana', 'Ivo', 'June', 'Kofi', 'Lena', 'Milo', 'Nia', 'Otto', 'Pia', 'Ruth', 'Sam', 'Theo', 'Vera', 'Walt', 'Yara'];
const FAMILY = ['Okafor', 'Lindqvist', 'Moreau', 'Tanaka', 'Byrne', 'Novak', 'Haddad', 'Kowalski', 'Ferreira', 'Nguyen', 'Adler', 'Castillo', 'Brennan', 'Sato', 'Whitaker', 'Olsen'];

function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Showing {
  id: string;
  title: string;
  startsAt: number;
  eventId: string | null;
}

/** The calendar's performance occurrences of a production on the main stage, if the calendar demo made them. */
function calendarPerformances(app: App, productionId: string, prefix: string, title: string): Showing[] {
  const has = app.store.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'calendar_occurrences'").get();
  if (!has) return [];
  const rows = app.store.db
    .prepare("SELECT event_id, recurrence_id, start_utc, start_local, title FROM calendar_occurrences WHERE production_id = ? AND type = 'performance' AND space_id = 'main-stage' ORDER BY start_utc")
    .all(productionId) as Array<{ event_id: string; recurrence_id: string; start_utc: number; start_local: string; title: string }>;
  return rows.map((r) => ({ id: `${prefix}-${r.start_local.slice(0, 10)}-${r.start_local.slice(11, 16).replace(':', '')}`, title: r.title || title, startsAt: r.start_utc, eventId: `${r.event_id}#${r.recurrence_id}` }));
}

/** Without the calendar demo: the same run dates (Fri/Sat 19:30, Sun 14:00 matinees), not linked to events. */
function ownSchedule(prefix: string, title: string, dates: string[], offset: string): Showing[] {
  return dates.map((d) => {
    const sunday = new Date(`${d}T12:00:00Z`).getUTCDay() === 0;
    const time = sunday ? '14:00' : '19:30';
    return { id: `${prefix}-${d}-${time.replace(':', '')}`, title: sunday ? `${title} (matinee)` : title, startsAt: Date.parse(`${d}T${time}:00${offset}`), eventId: null };
  });
}

export async function seedTicketsDemo(app: App, admin: Principal): Promise<void> {
  const call = (procedure: string, input: unknown) => app.dispatcher.call(admin, procedure, input);
  const rnd = prng(20261009);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;

  await call('charts.create', { venueId: VENUE, spaceId: 'main-stage', chartId: 'playhouse-main', name: 'Riverside Playhouse — main stage', generate: MAIN_STAGE });
  await call('charts.create', { venueId: VENUE, spaceId: 'studio', chartId: 'playhouse-studio', name: 'Riverside Playhouse — studio', generate: STUDIO });

  const itw = calendarPerformances(app, ITW, 'itw', 'Into the Woods');
  const itwShows = itw.length ? itw : ownSchedule('itw', 'Into the Woods', ['2026-10-09', '2026-10-10', '2026-10-11', '2026-10-16', '2026-10-17', '2026-10-18', '2026-10-23', '2026-10-24', '2026-10-25'], '-07:00');
  const acc = calendarPerformances(app, ACC, 'acc', 'A Christmas Carol');
  const accShows = acc.length ? acc : ownSchedule('acc', 'A Christmas Carol', ['2026-12-04', '2026-12-05', '2026-12-06', '2026-12-11', '2026-12-12', '2026-12-13', '2026-12-18', '2026-12-19', '2026-12-20'], '-08:00');

  // On sale from the planned date, or from yesterday when the demo is seeded earlier (tests
  // run on a fixed clock), so the demo's sales are always possible.
  const onSale = (iso: string) => new Date(Math.min(Date.parse(iso), app.clock.now() - 86_400_000)).toISOString();
  const create = async (s: Showing, productionId: string, prices: unknown[], onSaleAt: string, extra: Record<string, unknown> = {}) =>
    call('performances.create', { performanceId: s.id, productionId, eventId: s.eventId, title: s.title, venueId: VENUE, spaceId: 'main-stage', chartId: 'playhouse-main', startsAt: s.startsAt, onSaleAt: onSale(onSaleAt), prices, ...extra });

  // Into the Woods: sales stay open after curtain (offSaleAt null) so late door sales can be entered.
  for (const s of itwShows) {
    await create(s, ITW, MAIN_PRICES({ premium: 3200, standard: 2600, value: 1800 }), '2026-08-15T16:00:00Z', {
      offSaleAt: null,
      kills: [SOUND_DESK, { seats: ['E-10', 'E-11'], kind: 'house', reason: 'House seats (director)' }],
    });
  }
  for (const s of accShows) {
    await create(s, ACC, MAIN_PRICES({ premium: 2800, standard: 2200, value: 1500 }), '2026-10-01T16:00:00Z', { kills: [SOUND_DESK] });
  }
  const relaxed = { id: 'acc-studio-2026-12-13-1100', title: 'A Christmas Carol — relaxed reading (studio)', startsAt: Date.parse('2026-12-13T11:00:00-08:00'), eventId: null };
  await call('performances.create', {
    performanceId: relaxed.id,
    productionId: ACC,
    title: relaxed.title,
    venueId: VENUE,
    spaceId: 'studio',
    chartId: 'playhouse-studio',
    startsAt: relaxed.startsAt,
    onSaleAt: onSale('2026-10-01T16:00:00Z'),
    prices: [
      { id: 'adult-ga', ticketType: 'adult', zone: 'ga', amount: 1200 },
      { id: 'child-ga', ticketType: 'child', zone: 'ga', amount: 600 },
    ],
  });

  const buyerName = () => `${pick(GIVEN)} ${pick(FAMILY)}`;
  const email = (name: string) => `${name.toLowerCase().replace(' ', '.')}@example.org`;
  /** Sells about `target` seats in groups, best available first (as the box office would), in batches. */
  const sellGroups = async (perfId: string, target: number, zones: readonly string[]) => {
    const map = (await call('performances.seatMap', { performanceId: perfId })) as { layout: ChartLayout; statuses: Record<string, string> };
    const all = places(map.layout);
    const free = new Set(all.filter((p) => !map.statuses[p.id]).map((p) => p.id));
    const sales: unknown[] = [];
    let sold = 0;
    for (let tries = 0; sold < target && tries < 500; tries++) {
      const count = Math.min(target - sold, pick([1, 2, 2, 2, 3, 4, 4, 5, 6]));
      const zone = pick(zones);
      const seats = bestAvailable(all, free, { count, zone });
      if (!seats) continue;
      for (const x of seats) free.delete(x);
      const type = pick(['adult', 'adult', 'adult', 'senior', 'student', 'child']);
      const name = buyerName();
      sales.push({
        tickets: seats.map((seatId, i) => ({ seatId, priceId: `${i === 0 ? 'adult' : type}-${zone}` })),
        buyer: { name, email: email(name) },
        payment: rnd() < 0.6 ? { method: 'card', reference: `terminal ${1000 + Math.floor(rnd() * 9000)}` } : { method: 'cash' },
      });
      sold += count;
    }
    for (let i = 0; i < sales.length; i += 200) await call('tickets.sellBatch', { performanceId: perfId, sales: sales.slice(i, i + 200) });
  };

  // Into the Woods: opening night comps for the cast, a partly sold run, closing night sold out.
  await call('tickets.sell', { performanceId: itwShows[0]!.id, tickets: Array.from({ length: 6 }, () => ({ priceId: 'comp-standard' })), buyer: { name: 'Dev Okafor', email: 'dev@riversideplayers.example.org' }, payment: { method: 'comp', reference: 'Cast comps, opening night' }, note: 'For cast families' });
  const fill = [0.7, 0.5, 0.4, 0.55, 0.6, 0.45, 0.65, 0.8];
  for (const [i, s] of itwShows.entries()) {
    if (i === itwShows.length - 1) continue;
    await sellGroups(s.id, Math.round(216 * fill[i % fill.length]!), ['premium', 'standard', 'value']);
  }
  const closing = itwShows[itwShows.length - 1]!;
  await sellGroups(closing.id, 216, ['premium', 'standard', 'value']);
  await sellGroups(closing.id, 216, ['premium', 'standard', 'value']); // the single seats left by groups
  const left = (await call('performances.seatMap', { performanceId: closing.id })) as { layout: ChartLayout; statuses: Record<string, string> };
  const wheelchair = left.layout.seats.filter((x) => !left.statuses[x.id]);
  if (wheelchair.length) {
    await call('tickets.sellBatch', {
      performanceId: closing.id,
      sales: wheelchair.map((x) => ({ tickets: [{ seatId: x.id, priceId: `adult-${x.zone}` }], buyer: { name: buyerName() }, payment: { method: 'card' }, note: 'Wheelchair space' })),
    });
  }
  for (const [name, count] of [['Ruth Brennan', 2], ['Theo Sato', 4], ['Yara Castillo', 1]] as const) {
    await call('tickets.waitlist.join', { performanceId: closing.id, name, email: email(name), count });
  }

  // A refund and an exchange on the second night.
  const orders = (await call('tickets.orders', { performanceId: itwShows[1]!.id, limit: 5 })) as Array<{ id: string; lines: Array<{ id: string; seat: string; zone: string }> }>;
  if (orders[0]) await call('tickets.refund', { performanceId: itwShows[1]!.id, orderId: orders[0].id, reason: 'Family illness; refunded to card' });
  const map2 = (await call('performances.seatMap', { performanceId: itwShows[1]!.id })) as { statuses: Record<string, string> };
  const ex = orders[1];
  if (ex) {
    const line = ex.lines[0]!;
    const free = ['J-1', 'J-2', 'J-3', 'J-4', 'J-17', 'J-18', 'J-19', 'J-20'].find((x) => !map2.statuses[x]);
    if (free) await call('tickets.exchange', { performanceId: itwShows[1]!.id, orderId: ex.id, lineIds: [line.id], to: [{ seatId: free, priceId: 'adult-value' }], reason: 'Moved to the back row to sit with friends' });
  }

  // A Christmas Carol: on sale; allocations to the lobby laptop and to the online platform; an import from it.
  for (const [i, s] of accShows.entries()) await sellGroups(s.id, Math.round(216 * [0.3, 0.25, 0.2, 0.15, 0.3, 0.25, 0.2, 0.35, 0.4][i % 9]!), ['premium', 'standard']);
  const first = accShows[0]!.id;
  await call('performances.allocate', { performanceId: first, seats: ['J-1', 'J-2', 'J-3', 'J-4', 'J-5', 'J-6', 'J-7', 'J-8'], device: LOBBY_LAPTOP, label: 'Lobby table laptop' });
  await call('performances.allocate', { performanceId: first, seats: ['J-13', 'J-14', 'J-15', 'J-16', 'J-17', 'J-18', 'J-19', 'J-20'], device: 'external:tixly', label: 'Tixly (online)' });
  await call('tickets.import', {
    performanceId: first,
    platform: 'tixly',
    csv: ['Order Ref,Seat,Ticket,Customer,Email,Bought', 'TX-40021,J-15,adult-value,Vera Olsen,vera.olsen@example.org,2026-10-03T18:12:00Z', 'TX-40021,J-16,child-value,Vera Olsen,vera.olsen@example.org,2026-10-03T18:12:00Z', 'TX-40388,J-18,senior-value,Walt Whitaker,walt@example.org,2026-10-19T09:40:00Z'].join('\n'),
    mapping: { externalId: 'Order Ref', seat: 'Seat', priceId: 'Ticket', name: 'Customer', email: 'Email', createdAt: 'Bought' },
  });
  await call('tickets.sellBatch', {
    performanceId: relaxed.id,
    sales: Array.from({ length: 6 }, () => ({ tickets: [{ priceId: 'adult-ga' }, { priceId: 'child-ga' }, { priceId: 'child-ga' }], buyer: { name: buyerName() }, payment: { method: 'card' } })),
  });
}
