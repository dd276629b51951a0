// @vitest-environment jsdom
import { cleanup, configure, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFakeClient, type FakeClient } from '../../../renderer/api/fake-client.ts';
import type { ProcedureOutput } from '../../../renderer/api/types.ts';
import { generateLayout } from '../../../core/ticketing/chart.ts';
import { SMALL_HOUSE } from '../../fixtures/ticketing.ts';
import { demoHandlers } from './fixtures.ts';
import { renderApp } from './render-app.tsx';

// A ceiling for waits on a loaded machine, not a timing assertion.
configure({ asyncUtilTimeout: 5000 });

type SeatMap = ProcedureOutput<'performances.seatMap'>;
const layout = generateLayout(SMALL_HOUSE) as SeatMap['layout'];
const START = Date.UTC(2026, 9, 10, 2, 30);
const perfView = {
  id: 'itw-1', productionId: 'itw', eventId: null, title: 'Into the Woods', venueId: 'riverside', spaceId: 'main', chartId: 'small', chartVersion: 1, startsAt: START, onSaleAt: null, offSaleAt: START,
  holdMinutes: 10, offerMinutes: 60, status: 'scheduled', poolDevice: 'dev-1',
  prices: [
    { id: 'adult-front', ticketType: 'adult', zone: 'front', amount: 3000, label: 'Adult (front)' },
    { id: 'senior-front', ticketType: 'senior', zone: 'front', amount: 2500, label: 'Senior (front)' },
    { id: 'adult-back', ticketType: 'adult', zone: 'back', amount: 2000, label: 'Adult (back)' },
  ],
  kills: [], allocations: [],
};

let client: FakeClient;
let statuses: Record<string, 'sold' | 'held' | 'killed' | 'unallocated'>;

beforeEach(() => {
  window.location.hash = '#/box-office';
  statuses = { 'B-1': 'sold' };
  client = createFakeClient({
    ...demoHandlers(),
    'performances.list': () => [
      { performanceId: 'itw-1', productionId: 'itw', title: 'Into the Woods', startsAt: START, status: 'scheduled', capacity: 24, sold: 1, comp: 0, held: 0, killed: 0, available: 23, capacityPercent: 4.2, revenue: 2000, waiting: 0, eventId: null, venueId: 'riverside', spaceId: 'main', onSaleAt: null, offSaleAt: START },
    ],
    'performances.seatMap': () => ({
      performance: perfView, chartVersion: 1, layout, statuses: { ...statuses }, holds: [], gaRemaining: {},
      counts: { capacity: 24, available: 24 - Object.keys(statuses).length, held: 0, sold: 1, killed: 0, unallocated: 0 },
    }),
    'tickets.hold': (input) => ({ holdId: 'hold-1', performanceId: input.performanceId, seats: input.seats ?? [], expiresAt: new Date().getTime() + 10 * 60_000, kind: 'cart' }),
    'tickets.sell': (input) => ({
      created: true,
      order: {
        id: 'ord-1', performanceId: input.performanceId, createdAt: 0, device: 'dev-1', by: 'u', buyer: { name: input.buyer.name, email: input.buyer.email ?? '', phone: '' },
        payment: { method: input.payment.method, reference: '' }, source: 'boxoffice', externalId: null, externalPlatform: null, idempotencyKey: input.idempotencyKey ?? null, note: '',
        lines: input.tickets.map((t, i) => ({ id: `l${i + 1}`, seat: t.seatId!, priceId: t.priceId, ticketType: t.priceId.split('-')[0]!, zone: t.priceId.split('-')[1]!, amount: t.priceId === 'senior-front' ? 2500 : 3000, status: 'sold' })),
        total: 5500, refunded: 0, adjustments: [],
      },
    }),
  });
});
afterEach(() => {
  cleanup();
  window.location.hash = '';
});

describe('box office screen', () => {
  it('sells from the seat map: select, hold with a timer, check out, receipt', async () => {
    renderApp({ kind: 'desktop', client });
    await screen.findByRole('heading', { level: 1, name: 'Box Office' });
    fireEvent.change(await screen.findByLabelText('Performance'), { target: { value: 'itw-1' } });
    const map = await screen.findByRole('group', { name: /Seat map: Into the Woods/ });
    // Sold seats cannot be picked; available ones toggle.
    const sold = within(map).getByRole('button', { name: /Row B seat 1, Back, sold/ });
    expect(sold.getAttribute('aria-disabled')).toBe('true');
    fireEvent.click(sold);
    fireEvent.click(within(map).getByRole('button', { name: /Row A seat 3, Front, available/ }));
    fireEvent.click(within(map).getByRole('button', { name: /Row A seat 4, Front, available/ }));
    expect(within(map).getByRole('button', { name: /Row A seat 4, Front, selected/ }).getAttribute('aria-pressed')).toBe('true');
    fireEvent.click(screen.getByRole('button', { name: 'Hold 2 seats' }));
    expect((await screen.findByRole('timer')).textContent).toMatch(/Held for (10:00|9:5\d)/);
    expect(client.calls.find((c) => c.procedure === 'tickets.hold')?.input).toEqual({ performanceId: 'itw-1', seats: ['A-3', 'A-4'] });

    fireEvent.change(screen.getByLabelText('Price for A-4'), { target: { value: 'senior-front' } });
    const checkout = screen.getByRole('form', { name: 'Checkout' });
    fireEvent.change(within(checkout).getByLabelText('Buyer name'), { target: { value: 'Ada Byrne' } });
    expect(within(checkout).getByText('Total $55.00')).toBeTruthy();
    fireEvent.click(within(checkout).getByRole('button', { name: 'Complete sale' }));
    const receipt = await screen.findByRole('region', { name: 'Receipt' });
    expect(receipt.textContent).toContain('Ada Byrne');
    expect(receipt.textContent).toContain('A-4 — senior (front) $25.00');
    const sale = client.calls.find((c) => c.procedure === 'tickets.sell')?.input as { holdId: string; idempotencyKey: string; tickets: unknown[] };
    expect(sale).toMatchObject({ holdId: 'hold-1', tickets: [{ seatId: 'A-3', priceId: 'adult-front' }, { seatId: 'A-4', priceId: 'senior-front' }] });
    expect(sale.idempotencyKey).toMatch(/^ui-/);
  });

  it('updates the map live when another seller changes the performance', async () => {
    renderApp({ kind: 'desktop', client });
    fireEvent.change(await screen.findByLabelText('Performance'), { target: { value: 'itw-1' } });
    const map = await screen.findByRole('group', { name: /Seat map/ });
    expect(within(map).getByRole('button', { name: /Row C seat 5, Back, available/ })).toBeTruthy();
    statuses = { ...statuses, 'C-5': 'sold' };
    client.emit({ docId: 'tickets:itw-1', type: 'tickets', scope: 'boxoffice:itw-1', heads: ['h2'], origin: 'remote' });
    await waitFor(() => expect(within(map).getByRole('button', { name: /Row C seat 5, Back, sold/ })).toBeTruthy());
  });
});
