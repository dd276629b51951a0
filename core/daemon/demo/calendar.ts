import type { App } from '../../api/app.ts';
import type { Principal } from '../../api/procedure.ts';
import { productionDocId } from '../../calendar/production.ts';
import { formatDate, parseDate } from '../../calendar/time.ts';
import { CallboardError } from '../../errors.ts';

/**
 * The calendar part of the Riverside Players demo, through the API: two venues, and for
 * every production from fall 2021 to December 2026 the usual timeline (auditions, a
 * rehearsal series with a holiday off and a moved night, fittings, tech, dress, preview,
 * performances, strike). People are called from the directory's cast lists when the
 * directory demo has run. "Into the Woods" also has an open-ended monthly production
 * meeting, and one deliberate conflict is kept with a recorded reason.
 */

const ZONE = 'America/Los_Angeles';

interface Show {
  title: string;
  season: string;
  status: 'planning' | 'auditions' | 'rehearsals' | 'running' | 'closed';
  /** A Friday. */
  opening: string;
  /** The Sunday two weeks later. */
  closing: string;
  /** Dates the rehearsal series skips (holidays). */
  skip?: string[];
}

const SHOWS: Show[] = [
  { title: 'Our Town', season: '2021-22', status: 'closed', opening: '2021-10-08', closing: '2021-10-24', skip: ['2021-09-06'] },
  { title: 'The Pirates of Penzance', season: '2022-23', status: 'closed', opening: '2022-11-04', closing: '2022-11-20' },
  { title: 'Arcadia', season: '2023-24', status: 'closed', opening: '2023-10-13', closing: '2023-10-29', skip: ['2023-09-04'] },
  { title: 'The Music Man', season: '2024-25', status: 'closed', opening: '2024-11-08', closing: '2024-11-24' },
  { title: 'The Importance of Being Earnest', season: '2025-26', status: 'rehearsals', opening: '2026-04-10', closing: '2026-04-26' },
  { title: 'Into the Woods', season: '2026-27', status: 'auditions', opening: '2026-10-09', closing: '2026-10-25', skip: ['2026-09-07'] },
  { title: 'A Christmas Carol', season: '2026-27', status: 'planning', opening: '2026-12-04', closing: '2026-12-20' },
];

function slug(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

export function demoProductionId(show: { title: string; season: string }): string {
  return `${slug(show.title)}-${slug(show.season).slice(0, 9)}`;
}

const day = (date: string, offset: number) => formatDate(parseDate(date)! + offset);

/** Cast (and crew) person ids for a production, from the directory's projection if present. */
function castOf(app: App, productionId: string): { cast: string[]; crew: string[] } {
  const has = app.store.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'directory_credits'").get();
  if (!has) return { cast: [], crew: [] };
  const rows = app.store.db
    .prepare('SELECT DISTINCT person_id, department FROM directory_credits WHERE production_id = ? ORDER BY billing, person_id')
    .all(productionId) as Array<{ person_id: string; department: string }>;
  return {
    cast: rows.filter((r) => r.department === 'cast').map((r) => r.person_id),
    crew: rows.filter((r) => r.department !== 'cast').map((r) => r.person_id),
  };
}

export async function seedCalendarDemo(app: App, admin: Principal): Promise<void> {
  const call = (procedure: string, input: unknown) => app.dispatcher.call(admin, procedure, input);
  await call('venues.create', {
    id: 'riverside-playhouse',
    name: 'Riverside Playhouse',
    address: '14 Water Street, Millbrook, OR 97000',
    timeZone: ZONE,
    spaces: [
      { id: 'main-stage', name: 'Main stage', capacity: 220 },
      { id: 'studio', name: 'Studio', capacity: 60 },
    ],
    blackouts: [
      { start: '2026-07-01', end: '2026-07-31', reason: 'Summer maintenance: stage floor refinishing' },
      { start: '2026-11-26', end: '2026-11-27', reason: 'Thanksgiving: building closed' },
    ],
  });
  await call('venues.create', {
    id: 'millbrook-grange-hall',
    name: 'Millbrook Grange Hall',
    address: '300 Grange Road, Millbrook, OR 97000',
    timeZone: ZONE,
    spaces: [{ id: 'hall', name: 'Hall', capacity: 120 }],
    availability: [
      { days: ['MO', 'TU', 'WE', 'TH', 'FR'], from: '17:00', to: '23:00' },
      { days: ['SA', 'SU'], from: '09:00', to: '22:00' },
    ],
    blackouts: [{ start: '2026-08-14', end: '2026-08-16', reason: 'County fair' }],
  });

  for (const show of SHOWS) {
    const productionId = demoProductionId(show);
    if (!app.store.has(productionDocId(productionId))) {
      await call('productions.create', { id: productionId, title: show.title, season: show.season, status: show.status, opening: show.opening, closing: show.closing, timeZone: ZONE });
    }
    const { cast, crew } = castOf(app, productionId);
    const everyone = [...cast, ...crew];
    const create = async (event: Record<string, unknown>, acceptConflicts?: string) => {
      try {
        return (await call('calendar.createEvent', { productionId, event, ...(acceptConflicts ? { acceptConflicts } : {}) })) as { event: { id: string } };
      } catch (err) {
        // Overlapping shows share actors now and then; the demo keeps those with a note.
        if (err instanceof CallboardError && err.code === 'conflict') {
          return (await call('calendar.createEvent', { productionId, event, acceptConflicts: 'Shared cast member excused from one rehearsal' })) as { event: { id: string } };
        }
        throw err;
      }
    };
    const o = show.opening;
    const at = (date: string, from: string, to: string) => ({ start: `${date}T${from}`, end: `${date}T${to}` });
    const playhouse = { venueId: 'riverside-playhouse' };

    await create({ type: 'audition', title: 'Auditions', venueId: 'millbrook-grange-hall', spaceId: 'hall', ...at(day(o, -53), '18:30', '21:30'), people: crew.slice(0, 3), notes: 'Prepare 16 bars (musicals) or a one-minute monologue. Sides available at the door.' });
    await create({ type: 'audition', title: 'Callbacks', venueId: 'millbrook-grange-hall', spaceId: 'hall', ...at(day(o, -51), '18:30', '21:30'), people: [...crew.slice(0, 3), ...cast] });
    const series = await create({
      type: 'rehearsal',
      title: 'Rehearsal',
      ...playhouse,
      spaceId: 'studio',
      ...at(day(o, -46), '19:00', '22:00'),
      rule: { freq: 'WEEKLY', byDay: [{ day: 'MO' }, { day: 'WE' }, { day: 'TH' }], until: `${day(o, -9)}T23:59` },
      exdates: (show.skip ?? []).map((d) => `${d}T19:00`),
      people: everyone,
      notes: 'Studio, west entrance. Off-book for Act 1 by week three.',
    });
    // One night moved: Thursday of the third week becomes a Friday.
    await call('calendar.updateEvent', {
      productionId,
      eventId: series.event.id,
      scope: 'this',
      occurrence: `${day(o, -29)}T19:00`,
      patch: { start: `${day(o, -28)}T18:30`, end: `${day(o, -28)}T21:30`, title: 'Rehearsal (moved: school concert in the studio)' },
      acceptConflicts: 'Friday swap agreed with the cast',
    });
    await create({ type: 'rehearsal', title: 'Saturday work-through', ...playhouse, spaceId: 'studio', ...at(day(o, -41), '10:00', '14:00'), rule: 'FREQ=WEEKLY;BYDAY=SA;COUNT=4', people: cast });
    await create({ type: 'costume_fitting', title: 'Costume fittings', ...playhouse, spaceId: 'studio', ...at(day(o, -16), '16:00', '18:45'), people: cast, blocksVenue: false, notes: 'Priya fits principals first; ensemble from 17:30.' });
    await create({ type: 'tech', title: 'Tech rehearsal', ...playhouse, spaceId: 'main-stage', ...at(day(o, -6), '10:00', '18:00'), rule: 'FREQ=DAILY;COUNT=2', people: everyone });
    await create({ type: 'dress', title: 'Dress rehearsal', ...playhouse, spaceId: 'main-stage', ...at(day(o, -4), '18:30', '22:30'), rule: 'FREQ=DAILY;COUNT=2', people: everyone });
    await create({ type: 'preview', title: 'Preview (pay what you can)', ...playhouse, spaceId: 'main-stage', ...at(day(o, -1), '19:30', '22:00'), public: true, people: everyone });
    await create({ type: 'performance', title: show.title, ...playhouse, spaceId: 'main-stage', ...at(o, '19:30', '22:00'), rule: { freq: 'WEEKLY', byDay: [{ day: 'FR' }, { day: 'SA' }], until: `${day(show.closing, -1)}T23:59` }, public: true, people: everyone });
    await create({ type: 'performance', title: `${show.title} (matinee)`, ...playhouse, spaceId: 'main-stage', ...at(day(o, 2), '14:00', '16:30'), rule: { freq: 'WEEKLY', byDay: [{ day: 'SU' }], until: `${show.closing}T23:59` }, public: true, people: everyone });
    await create({ type: 'strike', title: 'Strike and cast party', ...playhouse, spaceId: 'main-stage', ...at(show.closing, '17:00', '22:00'), people: everyone });
  }

  // Into the Woods: an open-ended production meeting (second Tuesday of every month).
  await call('calendar.createEvent', {
    productionId: demoProductionId(SHOWS[5]!),
    event: { type: 'meeting', title: 'Production meeting', venueId: 'millbrook-grange-hall', spaceId: 'hall', start: '2026-06-09T18:00', end: '2026-06-09T19:30', rule: 'FREQ=MONTHLY;BYDAY=2TU', blocksVenue: false },
  });
}
