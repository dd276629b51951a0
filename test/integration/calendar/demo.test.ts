import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedCalendarDemo } from '../../../core/daemon/demo/calendar.ts';
import { createTestApp, type TestApp } from '../../fixtures/app.ts';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(() => t.cleanup());

describe('calendar demo', () => {
  it('seeds venues and 2021–2026 productions with full timelines through the API', async () => {
    await seedCalendarDemo(t.app, t.admin);
    const call = <T,>(p: string, i: unknown) => t.app.dispatcher.call(t.admin, p, i) as Promise<T>;
    const venues = await call<Array<{ name: string; spaces: Array<{ name: string; capacity: number }> }>>('venues.list', {});
    expect(venues.map((v) => v.name)).toEqual(['Millbrook Grange Hall', 'Riverside Playhouse']);
    expect(venues[1]!.spaces).toEqual([
      { id: 'main-stage', name: 'Main stage', capacity: 220 },
      { id: 'studio', name: 'Studio', capacity: 60 },
    ]);
    const productions = await call<Array<{ id: string; title: string }>>('productions.list', {});
    expect(productions.map((p) => p.title)).toContain('Into the Woods');
    expect(productions).toHaveLength(7);
    const woods = await call<{ events: Array<{ type: string; rule: unknown; exdates: string[]; overrides: Record<string, unknown> }> }>('productions.get', { id: 'into-the-woods-2026-27' });
    expect(new Set(woods.events.map((e) => e.type))).toEqual(new Set(['audition', 'rehearsal', 'costume_fitting', 'tech', 'dress', 'preview', 'performance', 'strike', 'meeting']));
    const series = woods.events.find((e) => e.type === 'rehearsal' && e.exdates.length > 0)!;
    expect(Object.keys(series.overrides)).toHaveLength(1);
    const carol = await call<Array<{ start: string; title: string }>>('calendar.events', { from: '2026-12-01', to: '2027-01-01', types: ['performance'] });
    expect(carol.map((o) => o.start)).toEqual([
      '2026-12-04T19:30', '2026-12-05T19:30', '2026-12-06T14:00', '2026-12-11T19:30', '2026-12-12T19:30', '2026-12-13T14:00', '2026-12-18T19:30', '2026-12-19T19:30', '2026-12-20T14:00',
    ]);
    const past = await call<unknown[]>('calendar.events', { from: '2021-08-01', to: '2021-11-01', productionIds: ['our-town-2021-22'] });
    expect(past.length).toBeGreaterThan(25);
  });
});
