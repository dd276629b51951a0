import type { App } from '../api/app.ts';
import { seedContentDemo } from './demo/content.ts';
import { initCompany } from '../api/setup.ts';
import { seedMediaDemo } from './demo/media.ts';
import { seedCalendarDemo } from './demo/calendar.ts';
import { seedDirectoryDemo } from './demo/directory.ts';
import { seedTicketsDemo } from './demo/tickets.ts';

export const DEMO_COMPANY = {
  name: 'Riverside Players',
  shortName: 'Riverside',
  city: 'Millbrook, Oregon',
  timeZone: 'America/Los_Angeles',
  website: 'https://riversideplayers.example.org',
  email: 'hello@riversideplayers.example.org',
};

export const DEMO_ADMIN = { name: 'Morgan Reyes', email: 'morgan@riversideplayers.example.org' };

/** The demo company's team. Each feature issue adds its part of the demo here. */
export const DEMO_TEAM = [
  { name: 'Priya Natarajan', email: 'priya@riversideplayers.example.org', job: 'Costume designer' },
  { name: 'Dev Okafor', email: 'dev@riversideplayers.example.org', job: 'Stage manager' },
  { name: 'Hannah Lindqvist', email: 'hannah@riversideplayers.example.org', job: 'Box office lead' },
  { name: 'Tomás Ruiz', email: 'tomas@riversideplayers.example.org', job: 'Company photographer' },
  { name: 'Grace Whitfield', email: 'grace@riversideplayers.example.org', job: 'Director, publicity' },
];

/**
 * Fills a new store with the Riverside Players demo company. Everything after the company
 * itself goes through the API as the admin, so the demo is audited like real use.
 */
export async function seedDemo(app: App): Promise<{ adminId: string }> {
  const { adminId } = initCompany(app.store, { company: DEMO_COMPANY, admin: DEMO_ADMIN });
  const admin = app.localPrincipal(adminId, 'system');
  for (const member of DEMO_TEAM) {
    await app.dispatcher.call(admin, 'users.create', { name: member.name, email: member.email });
  }
  await seedDirectoryDemo(app, admin);
  await seedTicketsDemo(app, admin);
  await seedCalendarDemo(app, admin);
  await seedMediaDemo(app, admin);
  await seedContentDemo(app, admin);
  return { adminId };
}
