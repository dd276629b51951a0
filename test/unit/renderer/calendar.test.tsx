// @vitest-environment jsdom
import { cleanup, configure, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../../renderer/api/api-error.ts';
import { createFakeClient, type FakeClient } from '../../../renderer/api/fake-client.ts';
import type { ProcedureOutput } from '../../../renderer/api/types.ts';
import { moveFromDrop } from '../../../renderer/screens/calendar/CalendarView.tsx';
import { calendarHandlers, CONFLICT, eventOf, OCCURRENCES, renderCalendar } from './calendar-fixtures.tsx';

type Venue = ProcedureOutput<'venues.list'>[number];
const CONFLICT_FOR_CREATE = { ...CONFLICT, kind: 'venue' as const, recurrenceId: '2027-01-18T19:00', start: '2027-01-18T19:00', end: '2027-01-18T22:00', message: 'Riverside Playhouse (Studio): the studio is booked for the school concert' };

// A ceiling for waits on a loaded machine, not a timing assertion.
configure({ asyncUtilTimeout: 5000 });

let client: FakeClient;
beforeEach(() => {
  client = createFakeClient(calendarHandlers());
});
afterEach(() => cleanup());

const view = () => document.querySelector<HTMLElement>('.calendar-view')!;
const inView = async (text: string) => {
  await screen.findByRole('group', { name: 'View' });
  return within(view()).findAllByText(text);
};
const lastInput = (procedure: string) => client.calls.filter((c) => c.procedure === procedure).at(-1)?.input as Record<string, unknown> | undefined;

describe('calendar views', () => {
  it('agenda lists the window with production names, zones and places; legend names colours', async () => {
    renderCalendar(client, { initialView: 'listMonth' });
    await screen.findByRole('heading', { level: 1, name: 'Calendar' });
    await screen.findAllByText('Tech rehearsal');
    expect(lastInput('calendar.events')).toMatchObject({ from: '2027-02-01', to: '2027-03-01', timeZone: 'America/Los_Angeles' });
    const tech = screen.getByText('Tech rehearsal').closest('.event-chip-list')!;
    expect(tech.textContent).toContain('The Crucible');
    expect(tech.textContent).toContain('Riverside Playhouse · Main stage');
    expect(tech.textContent).toContain('(PST, America/Los_Angeles)');
    const legend = screen.getByRole('list', { name: 'Production colours' });
    expect(within(legend).getByText(/The Crucible/)).toBeTruthy();
    expect(within(legend).getByText(/A Christmas Carol/)).toBeTruthy();
  });

  it('switches between month, week, day and agenda', async () => {
    renderCalendar(client);
    const views = await screen.findByRole('group', { name: 'View' });
    expect(within(views).getByRole('button', { name: 'Month' }).getAttribute('aria-pressed')).toBe('true');
    await waitFor(() => expect(lastInput('calendar.events')).toMatchObject({ from: '2027-02-01', to: '2027-03-15' }));
    fireEvent.click(within(views).getByRole('button', { name: 'Week' }));
    await waitFor(() => expect(lastInput('calendar.events')).toMatchObject({ from: '2027-02-22', to: '2027-03-01' }));
    expect(within(views).getByRole('button', { name: 'Week' }).getAttribute('aria-pressed')).toBe('true');
    fireEvent.click(within(views).getByRole('button', { name: 'Day' }));
    await waitFor(() => expect(lastInput('calendar.events')).toMatchObject({ from: '2027-02-22', to: '2027-02-23' }));
    fireEvent.click(screen.getByRole('button', { name: 'Next ›' }));
    await waitFor(() => expect(lastInput('calendar.events')).toMatchObject({ from: '2027-02-23', to: '2027-02-24' }));
    fireEvent.click(within(views).getByRole('button', { name: 'Agenda' }));
    await waitFor(() => expect(lastInput('calendar.events')).toMatchObject({ from: '2027-02-01', to: '2027-03-01' }));
  });

  it('filters by production, venue, type and person', async () => {
    renderCalendar(client, { initialView: 'listMonth' });
    await screen.findAllByText('Design meeting');
    const filters = screen.getByRole('search', { name: 'Filter the calendar' });
    fireEvent.change(within(filters).getByLabelText('Production'), { target: { value: 'the-crucible-2026-27' } });
    await waitFor(() => expect(screen.queryByText('Design meeting')).toBeNull());
    expect(lastInput('calendar.events')).toMatchObject({ productionIds: ['the-crucible-2026-27'] });
    fireEvent.change(within(filters).getByLabelText('Event type'), { target: { value: 'tech' } });
    await waitFor(() => expect(within(view()).queryAllByText('Rehearsal')).toHaveLength(0));
    expect(lastInput('calendar.events')).toMatchObject({ types: ['tech'] });
    fireEvent.change(within(filters).getByLabelText('Venue'), { target: { value: 'riverside-playhouse' } });
    await waitFor(() => expect(lastInput('calendar.events')).toMatchObject({ venueId: 'riverside-playhouse' }));
    fireEvent.change(within(filters).getByLabelText('Person called'), { target: { value: 'dev' } });
    fireEvent.click(await within(filters).findByRole('button', { name: 'Choose Dev Okafor' }));
    await waitFor(() => expect(lastInput('calendar.events')).toMatchObject({ personId: 'p-dev' }));
    fireEvent.click(within(filters).getByRole('button', { name: 'Clear filters' }));
    await screen.findAllByText('Design meeting');
    expect(lastInput('calendar.events')).not.toHaveProperty('productionIds');
  });
});

describe('creating', () => {
  it('explains every bad input and sends nothing', async () => {
    renderCalendar(client);
    fireEvent.click(await screen.findByRole('button', { name: 'New event' }));
    const form = screen.getByRole('form', { name: 'New event' });
    fireEvent.change(within(form).getByLabelText('Starts'), { target: { value: '2027-02-22T19:00' } });
    fireEvent.change(within(form).getByLabelText('Ends'), { target: { value: '2027-02-22T18:00' } });
    fireEvent.click(within(form).getByLabelText('Repeats'));
    fireEvent.click(within(form).getByLabelText('Mon'));
    fireEvent.click(within(form).getByRole('button', { name: 'Create event' }));
    const alert = within(form).getByRole('alert');
    expect(alert.textContent).toContain('Give the event a title.');
    expect(alert.textContent).toContain('Choose the production this event belongs to.');
    expect(alert.textContent).toContain('The end must be after the start.');
    expect(alert.textContent).toContain('Choose at least one weekday.');
    expect(within(form).getByLabelText('Title').getAttribute('aria-invalid')).toBe('true');
    expect(client.calls.some((c) => c.procedure === 'calendar.createEvent')).toBe(false);
  });

  it('creates a weekly series with an exception, called people and the venue zone shown; conflicts need a reason', async () => {
    const sent: unknown[] = [];
    client.setHandlers({
      'calendar.createEvent': (input) => {
        sent.push(input);
        if (!input.acceptConflicts) throw new ApiError('conflict', '1 conflict: the studio is booked', { conflicts: [{ ...CONFLICT_FOR_CREATE }] });
        return { event: { ...eventOf('ev-reh'), id: 'ev-new' }, conflicts: [CONFLICT_FOR_CREATE] };
      },
    });
    renderCalendar(client);
    fireEvent.click(await screen.findByRole('button', { name: 'New event' }));
    const form = screen.getByRole('form', { name: 'New event' });
    fireEvent.change(within(form).getByLabelText('Title'), { target: { value: 'Rehearsal' } });
    fireEvent.change(within(form).getByLabelText('Production'), { target: { value: 'the-crucible-2026-27' } });
    fireEvent.change(within(form).getByLabelText('Venue'), { target: { value: 'riverside-playhouse' } });
    fireEvent.change(within(form).getByLabelText('Space'), { target: { value: 'studio' } });
    fireEvent.change(within(form).getByLabelText('Starts'), { target: { value: '2027-01-18T19:00' } });
    fireEvent.change(within(form).getByLabelText('Ends'), { target: { value: '2027-01-18T22:00' } });
    expect(within(form).getByText(/Times are local: PST, America\/Los_Angeles, the time zone of Riverside Playhouse/)).toBeTruthy();
    fireEvent.change(within(form).getByLabelText('People called'), { target: { value: 'dev' } });
    fireEvent.click(await within(form).findByRole('button', { name: 'Call Dev Okafor' }));
    fireEvent.click(within(form).getByLabelText('Repeats'));
    expect((within(form).getByLabelText('Mon') as HTMLInputElement).checked).toBe(true);
    fireEvent.click(within(form).getByLabelText('Wed'));
    fireEvent.click(within(form).getByLabelText('Thu'));
    fireEvent.change(within(form).getByLabelText('Number of dates'), { target: { value: '18' } });
    fireEvent.change(within(form).getByLabelText('Skip a date (exception)'), { target: { value: '2027-02-03' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Add exception' }));
    expect(within(form).getByText('Every week on Mon, Wed, Thu, 18 times')).toBeTruthy();
    fireEvent.click(within(form).getByLabelText('Does not block the venue'));
    fireEvent.click(within(form).getByRole('button', { name: 'Create event' }));

    const warning = await screen.findByRole('alertdialog', { name: 'This event has conflicts' });
    expect(within(warning).getByText(/the studio is booked for the school concert/)).toBeTruthy();
    fireEvent.click(within(warning).getByRole('button', { name: 'Keep it anyway' }));
    expect(within(warning).getByText(/Give a reason/)).toBeTruthy();
    fireEvent.change(within(warning).getByLabelText('Reason for keeping it'), { target: { value: 'Concert ends at 18:30' } });
    fireEvent.click(within(warning).getByRole('button', { name: 'Keep it anyway' }));
    await waitFor(() => expect(sent).toHaveLength(2));
    await waitFor(() => expect(screen.queryByRole('form', { name: 'New event' })).toBeNull());
    expect(sent[1]).toEqual({
      productionId: 'the-crucible-2026-27',
      acceptConflicts: 'Concert ends at 18:30',
      event: {
        type: 'rehearsal', title: 'Rehearsal', venueId: 'riverside-playhouse', spaceId: 'studio', start: '2027-01-18T19:00', end: '2027-01-18T22:00', people: ['p-dev'], public: false, notes: '', blocksVenue: false,
        rule: { freq: 'WEEKLY', interval: 1, byDay: [{ day: 'MO' }, { day: 'WE' }, { day: 'TH' }], count: 18 }, exdates: ['2027-02-03T19:00'],
      },
    });
  });

  it('an API refusal shows in the error display and marks the field', async () => {
    client.setHandlers({ 'calendar.createEvent': () => { throw new ApiError('invalid', 'start: "2027-01-19T19:00" is not an occurrence of its rule', { field: 'start' }); } });
    renderCalendar(client);
    fireEvent.click(await screen.findByRole('button', { name: 'New event' }));
    const form = screen.getByRole('form', { name: 'New event' });
    fireEvent.change(within(form).getByLabelText('Title'), { target: { value: 'Rehearsal' } });
    fireEvent.change(within(form).getByLabelText('Production'), { target: { value: 'the-crucible-2026-27' } });
    fireEvent.change(within(form).getByLabelText('Starts'), { target: { value: '2027-01-19T19:00' } });
    fireEvent.change(within(form).getByLabelText('Ends'), { target: { value: '2027-01-19T22:00' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Create event' }));
    const errors = await screen.findByRole('region', { name: 'Errors' });
    expect(errors.textContent).toContain('is not an occurrence of its rule');
    expect(errors.textContent).toContain('Error code: invalid');
    await waitFor(() => expect(within(form).getByLabelText('Starts').getAttribute('aria-invalid')).toBe('true'));
  });
});

describe('moving', () => {
  it('a dropped event lands at its wall time in its own zone', () => {
    const o = OCCURRENCES[3]!;
    expect(moveFromDrop({ start: new Date(Date.UTC(2027, 1, 26, 9, 30)), end: null, extendedProps: { occurrence: o } })).toEqual({ occurrence: o, start: '2027-02-26T09:30', end: '2027-02-26T17:30' });
  });

  it('drag to move: checks conflicts first, warns, and cancelling changes nothing', async () => {
    client.setHandlers({ 'calendar.checkConflicts': () => ({ conflicts: [CONFLICT] }), 'calendar.updateEvent': () => ({ events: [], conflicts: [] }) });
    renderCalendar(client, { initialView: 'listMonth' });
    fireEvent.click((await screen.findAllByText('Tech rehearsal'))[0]!);
    const detail = await screen.findByRole('region', { name: 'Tech rehearsal' });
    fireEvent.change(within(detail).getByLabelText(/Move to/), { target: { value: '2027-02-26T10:00' } });
    fireEvent.click(within(detail).getByRole('button', { name: 'Move' }));
    const warning = await screen.findByRole('alertdialog', { name: 'Move “Tech rehearsal”' });
    expect(warning.textContent).toContain('Dev Okafor is also called');
    expect(warning.textContent).toContain('Person called twice');
    expect(warning.textContent).toMatch(/to Fri, Feb 26, 2027, 10:00 AM – 6:00 PM PST \(America\/Los_Angeles\)/);
    expect(lastInput('calendar.checkConflicts')).toEqual({ productionId: 'the-crucible-2026-27', eventId: 'ev-tech', scope: 'all', patch: { start: '2027-02-26T10:00', end: '2027-02-26T18:00' } });
    fireEvent.click(within(warning).getByRole('button', { name: 'Cancel the change' }));
    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull());
    expect(client.calls.some((c) => c.procedure === 'calendar.updateEvent')).toBe(false);
  });

  it('a recurring occurrence asks which dates; accepting the conflict sends the reason with the chosen scope', async () => {
    client.setHandlers({
      'calendar.checkConflicts': (input) => ({ conflicts: input.scope === 'this' ? [CONFLICT] : [CONFLICT, { ...CONFLICT, recurrenceId: '2027-02-22T19:00' }] }),
      'calendar.updateEvent': () => ({ events: [], conflicts: [CONFLICT] }),
    });
    renderCalendar(client, { initialView: 'listMonth' });
    fireEvent.click((await inView('Rehearsal')).at(-1)!);
    const detail = await screen.findByRole('region', { name: 'Rehearsal' });
    fireEvent.change(within(detail).getByLabelText(/Move to/), { target: { value: '2027-02-27T12:00' } });
    fireEvent.click(within(detail).getByRole('button', { name: 'Move' }));
    const panel = await screen.findByRole('region', { name: 'Move an event' });
    expect((within(panel).getByLabelText(/This occurrence/) as HTMLInputElement).checked).toBe(true);
    await within(panel).findByText('This change has 1 conflict.', { exact: false });
    fireEvent.click(within(panel).getByLabelText(/All occurrences/));
    await within(panel).findByText('This change has 2 conflicts.', { exact: false });
    fireEvent.click(within(panel).getByLabelText(/This occurrence/));
    await within(panel).findByText('This change has 1 conflict.', { exact: false });
    fireEvent.change(within(panel).getByLabelText('Reason for keeping it'), { target: { value: 'Dev excused from tech' } });
    fireEvent.click(within(panel).getByRole('button', { name: 'Keep it anyway' }));
    await waitFor(() => expect(screen.queryByRole('region', { name: 'Move an event' })).toBeNull());
    expect(lastInput('calendar.updateEvent')).toEqual({
      productionId: 'the-crucible-2026-27', eventId: 'ev-reh', scope: 'this', occurrence: '2027-02-25T19:00', patch: { start: '2027-02-27T12:00', end: '2027-02-27T15:00' }, acceptConflicts: 'Dev excused from tech',
    });
  });

  it('a single event without conflicts moves at once', async () => {
    client.setHandlers({ 'calendar.updateEvent': () => ({ events: [], conflicts: [] }) });
    renderCalendar(client, { initialView: 'listMonth' });
    fireEvent.click((await screen.findAllByText('Tech rehearsal'))[0]!);
    const detail = await screen.findByRole('region', { name: 'Tech rehearsal' });
    fireEvent.change(within(detail).getByLabelText(/Move to/), { target: { value: '2027-02-28T10:00' } });
    fireEvent.click(within(detail).getByRole('button', { name: 'Move' }));
    await waitFor(() => expect(lastInput('calendar.updateEvent')).toEqual({ productionId: 'the-crucible-2026-27', eventId: 'ev-tech', scope: 'all', patch: { start: '2027-02-28T10:00', end: '2027-02-28T18:00' } }));
  });
});

describe('editing a recurring event', () => {
  for (const [label, scope, patch] of [
    ['This occurrence', 'this', { title: 'Rehearsal: Act 2', start: '2027-02-25T18:30' }],
    ['This and following', 'following', { title: 'Rehearsal: Act 2', start: '2027-02-25T18:30', rule: { freq: 'WEEKLY', interval: 1, byDay: [{ day: 'MO' }, { day: 'WE' }, { day: 'TH' }], count: 12 } }],
    ['All occurrences', 'all', { title: 'Rehearsal: Act 2', start: '2027-02-25T18:30', rule: { freq: 'WEEKLY', interval: 1, byDay: [{ day: 'MO' }, { day: 'WE' }, { day: 'TH' }], count: 12 } }],
  ] as const) {
    it(`"${label}" sends scope ${scope} with the occurrence and only what changed`, async () => {
      client.setHandlers({ 'calendar.updateEvent': () => ({ events: [], conflicts: [] }) });
      renderCalendar(client, { initialView: 'listMonth' });
      fireEvent.click((await inView('Rehearsal')).at(-1)!);
      const detail = await screen.findByRole('region', { name: 'Rehearsal' });
      fireEvent.click(await within(detail).findByRole('button', { name: 'Change…' }));
      const form = await screen.findByRole('form', { name: 'Change the event' });
      fireEvent.click(within(form).getByLabelText(new RegExp(label)));
      fireEvent.change(within(form).getByLabelText('Title'), { target: { value: 'Rehearsal: Act 2' } });
      fireEvent.change(within(form).getByLabelText('Starts'), { target: { value: '2027-02-25T18:30' } });
      fireEvent.change(within(form).getByLabelText('Ends'), { target: { value: '2027-02-25T22:00' } });
      if (scope === 'this') expect(within(form).queryByLabelText('Number of dates')).toBeNull();
      else fireEvent.change(within(form).getByLabelText('Number of dates'), { target: { value: '12' } });
      fireEvent.click(within(form).getByRole('button', { name: 'Save changes' }));
      await waitFor(() => expect(screen.queryByRole('form', { name: 'Change the event' })).toBeNull());
      expect(lastInput('calendar.updateEvent')).toEqual({ productionId: 'the-crucible-2026-27', eventId: 'ev-reh', scope, occurrence: '2027-02-25T19:00', patch: { ...patch, end: '2027-02-25T22:00' } });
    });
  }

  it('"This occurrence" refuses series-only changes with an explanation', async () => {
    renderCalendar(client, { initialView: 'listMonth' });
    fireEvent.click((await inView('Rehearsal'))[0]!);
    fireEvent.click(await screen.findByRole('button', { name: 'Change…' }));
    const form = await screen.findByRole('form', { name: 'Change the event' });
    fireEvent.change(within(form).getByLabelText('Type'), { target: { value: 'meeting' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save changes' }));
    expect(within(form).getByRole('alert').textContent).toContain('type can only change for “This and following” or “All occurrences”');
    expect(client.calls.some((c) => c.procedure === 'calendar.updateEvent')).toBe(false);
  });
});

describe('my calls, venues, conflicts', () => {
  it('my calls lists the signed-in person’s calls, or says why there are none', async () => {
    client.setHandlers({ 'calendar.myCalls': (input) => (input.personId ? { personId: input.personId, occurrences: OCCURRENCES.slice(0, 2) } : { personId: null, occurrences: [] }) });
    renderCalendar(client);
    fireEvent.click(await screen.findByRole('tab', { name: 'My calls' }));
    await screen.findByText('You are not linked to a directory entry.');
    const calls = screen.getByRole('region', { name: 'My calls' });
    fireEvent.change(within(calls).getByLabelText(/Whose calls/), { target: { value: 'dev' } });
    fireEvent.click(await within(calls).findByRole('button', { name: 'Choose Dev Okafor' }));
    const list = await within(calls).findByRole('list', { name: 'Calls for Dev Okafor' });
    expect(list.textContent).toContain('Mon, Feb 22, 2027');
    expect(list.textContent).toContain('7:00 PM–10:00 PM PST');
    expect(list.textContent).toContain('Rehearsal · The Crucible');
    fireEvent.change(within(calls).getByLabelText('To'), { target: { value: '2020-01-01' } });
    expect(within(calls).getByText('The end date is before the start date.')).toBeTruthy();
  });

  it('venue availability shows hours, blackouts and bookings (others’ as Busy)', async () => {
    client.setHandlers({
      'calendar.venueAvailability': () => ({
        venue: (calendarHandlers()['venues.list'] as () => Venue[])()[0]!,
        bookings: [{ ...OCCURRENCES[0]!, hidden: false }, { ...OCCURRENCES[4]!, title: 'Busy', hidden: true }],
        blackouts: [{ id: 'b1', start: '2027-02-15', end: '2027-02-15', reason: 'Presidents Day: building closed' }],
        availability: [],
      }),
    });
    renderCalendar(client);
    fireEvent.click(await screen.findByRole('tab', { name: 'Venue availability' }));
    const region = await screen.findByRole('region', { name: 'Venue availability' });
    await within(region).findByText(/Presidents Day/);
    expect(within(region).getByText('Always available.')).toBeTruthy();
    expect(within(region).getByRole('list', { name: 'Bookings of Riverside Playhouse' }).textContent).toContain('Busy');
  });

  it('the conflicts view lists a production’s conflicts', async () => {
    client.setHandlers({ 'calendar.conflicts': () => [CONFLICT] });
    renderCalendar(client);
    fireEvent.click(await screen.findByRole('tab', { name: 'Conflicts' }));
    const region = await screen.findByRole('region', { name: 'Conflicts by production' });
    fireEvent.change(within(region).getByLabelText('Production'), { target: { value: 'the-crucible-2026-27' } });
    const list = await within(region).findByRole('list', { name: 'Conflicts of The Crucible' });
    expect(list.textContent).toContain('Dev Okafor is also called');
    expect(lastInput('calendar.conflicts')).toMatchObject({ productionId: 'the-crucible-2026-27' });
  });
});
