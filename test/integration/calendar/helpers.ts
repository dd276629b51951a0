import type { Principal } from '../../../core/api/procedure.ts';
import { createTestApp, type TestApp } from '../../fixtures/app.ts';

export interface CalendarTestApp extends TestApp {
  call: <T = unknown>(procedure: string, input: unknown, as?: Principal) => Promise<T>;
}

/** A test app with the Riverside Playhouse (main stage, studio) and one production. */
export async function calendarApp(clockStart = '2026-03-01T18:00:00Z'): Promise<CalendarTestApp> {
  const { TestClock } = await import('../../../core/clock.ts');
  const t = await createTestApp({ clock: new TestClock(clockStart) });
  const call = <T,>(procedure: string, input: unknown, as: Principal = t.admin) => t.app.dispatcher.call(as, procedure, input) as Promise<T>;
  await call('venues.create', {
    id: 'playhouse',
    name: 'Riverside Playhouse',
    address: '12 River Road, Millbrook',
    timeZone: 'America/Los_Angeles',
    spaces: [
      { id: 'main', name: 'Main stage', capacity: 220 },
      { id: 'studio', name: 'Studio', capacity: 60 },
    ],
  });
  await call('productions.create', { id: 'woods-2026', title: 'Into the Woods', season: '2026-27', timeZone: 'America/Los_Angeles' });
  return { ...t, call };
}

export function rowsOf(t: TestApp, table: string, order: string): unknown[] {
  return t.app.store.db.prepare(`SELECT * FROM ${table} ORDER BY ${order}`).all();
}
