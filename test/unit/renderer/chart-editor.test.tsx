// @vitest-environment jsdom
import { cleanup, configure, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFakeClient, type FakeClient } from '../../../renderer/api/fake-client.ts';
import type { ProcedureInput } from '../../../renderer/api/types.ts';
import { generateLayout, layoutFromCsv, validateLayout, type ChartLayout } from '../../../core/ticketing/chart.ts';
import { layoutEdits } from '../../../renderer/screens/boxoffice/ChartEditor.tsx';
import { demoHandlers } from './fixtures.ts';
import { renderApp } from './render-app.tsx';

// A ceiling for waits on a loaded machine, not a timing assertion.
configure({ asyncUtilTimeout: 5000 });

type PreviewInput = ProcedureInput<'charts.preview'>;
type CreateInput = ProcedureInput<'charts.create'>;

let client: FakeClient;
beforeEach(() => {
  window.location.hash = '#/box-office';
  client = createFakeClient({
    ...demoHandlers(),
    'performances.list': () => [],
    'charts.list': () => [],
    // The fake server builds layouts the way charts.preview does.
    'charts.preview': (input: PreviewInput) => {
      const layout = input.generate ? generateLayout(input.generate as Parameters<typeof generateLayout>[0]) : input.csv !== undefined ? layoutFromCsv(input.csv) : validateLayout(input.layout as ChartLayout);
      return { layout, seats: layout.seats.length, places: layout.seats.length + layout.areas.reduce((n, a) => n + (a.capacity ?? 0), 0) };
    },
    'charts.create': (input: CreateInput) => ({ id: input.chartId, venueId: input.venueId, spaceId: input.spaceId, name: input.name, latest: 1, versions: [{ version: 1, createdAt: 0, note: '', places: 1 }] }),
  } as Parameters<typeof createFakeClient>[0]);
});
afterEach(() => {
  cleanup();
  window.location.hash = '';
});

async function openEditor() {
  renderApp({ kind: 'desktop', client });
  await screen.findByRole('heading', { level: 1, name: 'Box Office' });
  fireEvent.click(screen.getByRole('tab', { name: 'Seating charts' }));
  return screen.findByRole('form', { name: 'Generator' });
}
const change = (el: HTMLElement, value: string) => fireEvent.change(el, { target: { value } });

describe('chart editor', () => {
  it('generates curved rows with aisles, builds the area tree, sets flags and zones on selected seats, and saves the layout', async () => {
    const gen = await openEditor();
    change(within(gen).getByLabelText('Rows'), '3');
    change(within(gen).getByLabelText('Seats per row'), '8');
    change(within(gen).getByLabelText('Curve'), '15');
    change(within(gen).getByLabelText('Aisles after seats'), '4');
    fireEvent.click(within(gen).getByRole('button', { name: 'Generate' }));
    const map = await screen.findByRole('group', { name: 'Seat map: Chart being edited' });
    expect(client.calls.find((c) => c.procedure === 'charts.preview')?.input).toMatchObject({ generate: { sections: [{ area: 'orchestra', rows: 3, seatsPerRow: 8, curve: 15, aislesAfter: [4], zone: 'standard' }] } });
    expect(within(map).getAllByRole('button')).toHaveLength(24);

    // Areas: a group holding the orchestra is not needed; add a general-admission lawn with a capacity.
    const areas = screen.getByRole('region', { name: 'Areas' });
    expect(within(areas).getByText(/Orchestra — Reserved seating, 24 seats/)).toBeTruthy();
    const newArea = within(areas).getByRole('form', { name: 'New area' });
    change(within(newArea).getByLabelText('Id'), 'balcony');
    change(within(newArea).getByLabelText('Name'), 'Balcony');
    fireEvent.click(within(newArea).getByRole('button', { name: 'Add area' }));
    change(within(newArea).getByLabelText('Id'), 'lawn');
    change(within(newArea).getByLabelText('Name'), 'Lawn');
    change(within(newArea).getByLabelText('Kind'), 'ga');
    change(within(newArea).getByLabelText('Inside'), 'balcony');
    change(within(newArea).getByLabelText('Capacity'), '40');
    fireEvent.click(within(newArea).getByRole('button', { name: 'Add area' }));
    expect(within(areas).getByText(/Lawn — General admission, capacity 40/)).toBeTruthy();
    await waitFor(() => expect(screen.getByText('64 places (24 reserved seats)')).toBeTruthy());

    // Select two seats on the map: wheelchair flag and a new price zone for them.
    fireEvent.click(within(map).getByRole('button', { name: /^Row A seat 1,/ }));
    fireEvent.click(within(map).getByRole('button', { name: /^Row A seat 2,/ }));
    const sel = screen.getByRole('region', { name: 'Selected seats' });
    expect(within(sel).getByRole('heading', { name: /2 selected seats: A-1, A-2/ })).toBeTruthy();
    fireEvent.click(within(sel).getByLabelText('Wheelchair space'));
    const zoneForm = within(sel).getByRole('form', { name: 'New price zone' });
    change(within(zoneForm).getByLabelText('New zone id'), 'access');
    change(within(zoneForm).getByLabelText('Zone name'), 'Accessible');
    fireEvent.click(within(zoneForm).getByRole('button', { name: 'Add zone for selection' }));
    expect((within(sel).getByLabelText('Price zone') as HTMLSelectElement).value).toBe('access');
    expect((within(sel).getByLabelText('Wheelchair space') as HTMLInputElement).checked).toBe(true);

    const save = screen.getByRole('form', { name: 'Save chart' });
    change(within(save).getByLabelText('Chart id'), 'playhouse-summer');
    change(within(save).getByLabelText('Name'), 'Summer layout');
    fireEvent.click(within(save).getByRole('button', { name: 'Save chart' }));
    await screen.findByRole('status');
    const saved = client.calls.find((c) => c.procedure === 'charts.create')!.input as CreateInput;
    const layout = saved.layout as ChartLayout;
    expect(saved).toMatchObject({ chartId: 'playhouse-summer', name: 'Summer layout', spaceId: 'main-stage' });
    // A-1 ends a row, so the generator marked it an aisle seat; A-4 sits by the aisle after seat 4.
    expect(layout.seats.find((s) => s.id === 'A-1')).toMatchObject({ zone: 'access', flags: ['aisle', 'wheelchair'] });
    expect(layout.seats.find((s) => s.id === 'A-2')).toMatchObject({ zone: 'access', flags: ['wheelchair'] });
    expect(layout.seats.find((s) => s.id === 'A-3')).toMatchObject({ zone: 'standard', flags: [] });
    expect(layout.seats.find((s) => s.id === 'A-4')!.flags).toContain('aisle');
    expect(layout.areas.find((a) => a.id === 'lawn')).toMatchObject({ kind: 'ga', capacity: 40, parent: 'balcony', zone: 'standard' });
    expect(layout.zones.map((z) => z.id)).toEqual(['standard', 'access']);
    expect(() => validateLayout(layout)).not.toThrow();
  });

  it('imports a CSV layout, and shows the server\'s error for a bad one', async () => {
    await openEditor();
    const imp = screen.getByRole('form', { name: 'Import' });
    change(within(imp).getByLabelText(/^Layout/), 'area,row,number,x,y,zone,flags\nstalls,A,1,10,10,front,aisle\nstalls,A,2,30,10,front,\n');
    fireEvent.click(within(imp).getByRole('button', { name: 'Import' }));
    const map = await screen.findByRole('group', { name: 'Seat map: Chart being edited' });
    expect(within(map).getAllByRole('button')).toHaveLength(2);
    expect(client.calls.some((c) => c.procedure === 'charts.preview' && (c.input as PreviewInput).csv?.includes('stalls,A,1'))).toBe(true);

    change(within(imp).getByLabelText(/^Layout/), '{"width": 100');
    fireEvent.click(within(imp).getByRole('button', { name: 'Import' }));
    expect((await within(imp).findByRole('alert')).textContent).toMatch(/does not parse/);
  });

  it('layout edits are pure: removing an area drops its seats and frees its children', () => {
    const base = generateLayout({ zones: [{ id: 'z', name: 'Z', color: '#123456' }], sections: [{ area: 'stalls', name: 'Stalls', rows: 1, seatsPerRow: 3, zone: 'z' }] } as Parameters<typeof generateLayout>[0]);
    const withGroup = layoutEdits.addArea(layoutEdits.addArea(base, { id: 'upper', name: 'Upper', kind: 'group', parent: null }), { id: 'box', name: 'Box', kind: 'ga', parent: 'upper', capacity: 4, zone: 'z' });
    const removed = layoutEdits.removeArea(withGroup, 'upper');
    expect(removed.areas.find((a) => a.id === 'box')!.parent).toBeNull();
    expect(layoutEdits.removeArea(base, 'stalls').seats).toHaveLength(0);
    expect(base.seats).toHaveLength(3);
    const middle = new Set([base.seats[1]!.id]);
    const flagged = layoutEdits.setFlag(base, middle, 'restricted', true);
    expect(flagged.seats[1]!.flags).toEqual(['restricted']);
    expect(layoutEdits.setFlag(flagged, middle, 'restricted', false).seats[1]!.flags).toEqual([]);
  });
});
