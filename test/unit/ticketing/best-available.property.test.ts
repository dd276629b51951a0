import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bestAvailable, rowSegments } from '../../../core/ticketing/best-available.ts';
import { generateLayout, places, type Place } from '../../../core/ticketing/chart.ts';

/** A random house: 1-6 rows of 2-16 seats, maybe an aisle, two zones, some wheelchair spaces. */
const house = fc
  .record({
    rows: fc.integer({ min: 1, max: 6 }),
    seats: fc.integer({ min: 2, max: 16 }),
    aisle: fc.option(fc.integer({ min: 1, max: 15 }), { nil: undefined }),
    wheelchairRow: fc.integer({ min: 0, max: 5 }),
  })
  .map((h) => {
    const rows = 'ABCDEF'.slice(0, h.rows).split('');
    const layout = generateLayout({
      zones: [
        { id: 'front', name: 'Front', color: '#111111' },
        { id: 'back', name: 'Back', color: '#222222' },
      ],
      sections: [
        {
          area: 'h',
          name: 'House',
          rows,
          seatsPerRow: h.seats,
          ...(h.aisle !== undefined && h.aisle < h.seats ? { aislesAfter: [h.aisle] } : {}),
          zone: 'back',
          zoneByRow: { A: 'front' },
          wheelchair: [{ row: rows[Math.min(h.wheelchairRow, rows.length - 1)]!, seats: [1, 2] }],
        },
      ],
    });
    return places(layout);
  });

const scenario = house.chain((all) =>
  fc.record({
    all: fc.constant(all),
    free: fc.array(fc.boolean(), { minLength: all.length, maxLength: all.length }),
    count: fc.integer({ min: 1, max: 6 }),
    zone: fc.constantFrom(null, 'front', 'back'),
    accessible: fc.boolean(),
  }),
);

/** Brute force: every valid block and whether it leaves a single empty seat beside it. */
function allBlocks(all: Place[], available: Set<string>, count: number, zone: string | null, accessible: boolean) {
  const out: Array<{ seats: string[]; orphan: boolean }> = [];
  for (const seg of rowSegments(all)) {
    const free = seg.seats.map((s) => available.has(s.id));
    for (let i = 0; i + count <= seg.seats.length; i++) {
      const block = seg.seats.slice(i, i + count);
      if (!block.every((s) => available.has(s.id))) continue;
      if (zone && block.some((s) => s.zone !== zone)) continue;
      const wc = block.some((s) => s.flags.includes('wheelchair'));
      if (accessible !== wc) continue;
      const left = i >= 1 && free[i - 1] && !(i >= 2 && free[i - 2]);
      const right = i + count < free.length && free[i + count] && !(i + count + 1 < free.length && free[i + count + 1]);
      out.push({ seats: block.map((s) => s.id), orphan: Boolean(left || right) });
    }
  }
  return out;
}

describe('best available (property)', () => {
  it('returns N adjacent free seats in one row segment that match the ask, avoiding single empty seats whenever possible', () => {
    fc.assert(
      fc.property(scenario, ({ all, free, count, zone, accessible }) => {
        const available = new Set(all.filter((_, i) => free[i]).map((p) => p.id));
        const result = bestAvailable(all, available, { count, zone, accessible });
        const blocks = allBlocks(all, available, count, zone, accessible);
        if (blocks.length === 0) {
          expect(result).toBeNull();
          return;
        }
        expect(result).not.toBeNull();
        const seats = result!;
        expect(seats).toHaveLength(count);
        expect(seats.every((s) => available.has(s))).toBe(true);
        const chosen = blocks.find((b) => b.seats.join() === seats.join());
        expect(chosen, 'result is one adjacent block in one row segment').toBeDefined();
        if (blocks.some((b) => !b.orphan)) expect(chosen!.orphan).toBe(false);
        const byId = new Map(all.map((p) => [p.id, p]));
        if (zone) expect(seats.every((s) => byId.get(s)!.zone === zone)).toBe(true);
        if (accessible) expect(seats.some((s) => byId.get(s)!.flags.includes('wheelchair'))).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it('is deterministic: the same state gives the same seats', () => {
    fc.assert(
      fc.property(scenario, ({ all, free, count, zone, accessible }) => {
        const available = new Set(all.filter((_, i) => free[i]).map((p) => p.id));
        const a = bestAvailable(all, available, { count, zone, accessible });
        const b = bestAvailable([...all].reverse(), new Set([...available].reverse()), { count, zone, accessible });
        expect(a).toEqual(b);
      }),
      { numRuns: 200 },
    );
  });

  it('prefers the front centre in an empty house', () => {
    const all = places(generateLayout({ zones: [{ id: 'z', name: 'Z', color: '#000000' }], sections: [{ area: 'h', name: 'H', rows: 5, seatsPerRow: 10, zone: 'z' }] }));
    expect(bestAvailable(all, new Set(all.map((p) => p.id)), { count: 2 })).toEqual(['A-5', 'A-6']);
  });

  it('takes the lowest free general-admission places', () => {
    const all = places(generateLayout({ zones: [{ id: 'ga', name: 'GA', color: '#000000' }], sections: [], ga: [{ area: 'studio', name: 'Studio', capacity: 5, zone: 'ga' }] }));
    expect(bestAvailable(all, new Set(['studio-2', 'studio-4', 'studio-5']), { count: 2 })).toEqual(['studio-2', 'studio-4']);
  });
});
