import { QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import type { FakeClient, FakeHandlers } from '../../../renderer/api/fake-client.ts';
import type { ProcedureOutput } from '../../../renderer/api/types.ts';
import { ClientProvider } from '../../../renderer/data/client-context.tsx';
import { CalendarScreen } from '../../../renderer/screens/calendar/CalendarScreen.tsx';
import type { ViewId } from '../../../renderer/screens/calendar/CalendarView.tsx';
import { ErrorDisplay, ErrorsProvider } from '../../../renderer/shell/errors.tsx';
import { demoHandlers } from './fixtures.ts';
import { testQueryClient } from './render-app.tsx';

type Occ = ProcedureOutput<'calendar.events'>[number];
type Ev = ProcedureOutput<'calendar.event'>;
const ZONE = 'America/Los_Angeles';

/** Wall time in Los Angeles (PST in February) to UTC ms. */
export const utc = (local: string) => Date.parse(`${local}:00-08:00`);

export function occ(over: Partial<Occ> & Pick<Occ, 'eventId' | 'start' | 'end'>): Occ {
  return {
    productionId: 'the-crucible-2026-27', recurrenceId: null, type: 'rehearsal', title: 'Rehearsal', timeZone: ZONE, startUtc: utc(over.start), endUtc: utc(over.end),
    venueId: 'riverside-playhouse', spaceId: 'studio', people: ['p-dev'], groups: [], public: false, blocksVenue: true, notes: '', changed: false,
    venueName: 'Riverside Playhouse', spaceName: 'Studio', peopleNames: ['Dev Okafor'],
    ...over,
  };
}

export const rehearsal = (day: string) => occ({ eventId: 'ev-reh', recurrenceId: `${day}T19:00`, start: `${day}T19:00`, end: `${day}T22:00` });
export const OCCURRENCES: Occ[] = [
  rehearsal('2027-02-22'),
  rehearsal('2027-02-24'),
  rehearsal('2027-02-25'),
  occ({ eventId: 'ev-tech', type: 'tech', title: 'Tech rehearsal', start: '2027-02-27T10:00', end: '2027-02-27T18:00', spaceId: 'main-stage', spaceName: 'Main stage' }),
  occ({ productionId: 'a-christmas-carol-2026-27', eventId: 'ev-acc', type: 'meeting', title: 'Design meeting', start: '2027-02-23T18:00', end: '2027-02-23T19:30', venueId: 'millbrook-grange-hall', spaceId: 'hall', venueName: 'Millbrook Grange Hall', spaceName: 'Hall', people: [], peopleNames: [] }),
];

export function eventOf(id: string): Ev {
  const recurring = id === 'ev-reh';
  return {
    id, type: recurring ? 'rehearsal' : 'tech', title: recurring ? 'Rehearsal' : 'Tech rehearsal', venueId: 'riverside-playhouse', spaceId: recurring ? 'studio' : 'main-stage',
    start: recurring ? '2027-01-18T19:00' : '2027-02-27T10:00', end: recurring ? '2027-01-18T22:00' : '2027-02-27T18:00', timeZone: ZONE,
    rule: recurring ? { freq: 'WEEKLY', interval: 1, byDay: [{ day: 'MO' }, { day: 'WE' }, { day: 'TH' }], count: 18 } : null,
    exdates: recurring ? ['2027-02-03T19:00'] : [], overrides: {}, people: ['p-dev'], groups: [], notes: '', public: false, blocksVenue: true, sequence: 0, createdAt: 0, updatedAt: 0, conflictOverrides: [],
  } as Ev;
}

export const CONFLICT = {
  kind: 'person' as const, productionId: 'the-crucible-2026-27', eventId: 'ev-reh', recurrenceId: '2027-02-25T19:00', start: '2027-02-27T12:00', end: '2027-02-27T15:00', timeZone: ZONE,
  other: { productionId: 'the-crucible-2026-27', eventId: 'ev-tech', recurrenceId: null, title: 'Tech rehearsal', start: '2027-02-27T10:00', end: '2027-02-27T18:00', timeZone: ZONE },
  personId: 'p-dev', message: 'Dev Okafor is also called to "Tech rehearsal" (2027-02-27 10:00–18:00)',
};

export function calendarHandlers(): FakeHandlers {
  return {
    ...demoHandlers(),
    'productions.list': () => [
      { id: 'a-christmas-carol-2026-27', title: 'A Christmas Carol', season: '2026-27', status: 'planning', opening: '2026-12-04', closing: '2026-12-20' },
      { id: 'the-crucible-2026-27', title: 'The Crucible', season: '2026-27', status: 'planning', opening: '2027-03-05', closing: '2027-03-14' },
    ],
    'venues.list': () => [
      {
        id: 'riverside-playhouse', name: 'Riverside Playhouse', address: '14 Water Street', timeZone: ZONE, createdAt: 0, availability: [],
        spaces: [{ id: 'main-stage', name: 'Main stage', capacity: 220 }, { id: 'studio', name: 'Studio', capacity: 60 }],
        blackouts: [{ id: 'b1', start: '2027-02-15', end: '2027-02-15', reason: 'Presidents Day: building closed' }],
      },
      { id: 'millbrook-grange-hall', name: 'Millbrook Grange Hall', address: '300 Grange Road', timeZone: ZONE, createdAt: 0, spaces: [{ id: 'hall', name: 'Hall', capacity: 120 }], availability: [{ days: ['MO', 'TU'], from: '17:00', to: '23:00' }], blackouts: [] },
    ],
    'calendar.events': (input) => OCCURRENCES.filter((o) => (!input.productionIds || input.productionIds.includes(o.productionId)) && (!input.types || input.types.includes(o.type)) && (!input.venueId || o.venueId === input.venueId) && (!input.personId || o.people.includes(input.personId))),
    'calendar.event': (input) => eventOf(input.eventId),
    'calendar.checkConflicts': () => ({ conflicts: [] }),
    'directory.search': (input) => {
      const all = [
        { id: 'p-dev', name: 'Dev Okafor', stageName: '', altNames: [], pronouns: 'he/him', headshot: null, skills: ['Stage management'], unions: [], fuzzy: false },
        { id: 'p-grace', name: 'Grace Whitfield', stageName: '', altNames: [], pronouns: '', headshot: null, skills: ['Directing'], unions: [], fuzzy: false },
      ];
      const hits = all.filter((p) => p.name.toLowerCase().includes((input.query ?? '').toLowerCase()));
      return { total: hits.length, hits, fuzzy: false };
    },
  };
}

export function renderCalendar(client: FakeClient, props: { initialDate?: string; initialView?: ViewId } = {}) {
  const queryClient = testQueryClient();
  return render(
    <ClientProvider client={client}>
      <QueryClientProvider client={queryClient}>
        <ErrorsProvider>
          <ErrorDisplay />
          <CalendarScreen initialDate="2027-02-22" {...props} />
        </ErrorsProvider>
      </QueryClientProvider>
    </ClientProvider>,
  );
}
