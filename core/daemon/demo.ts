import type { App } from '../api/app.ts';
import { seedContentDemo } from './demo/content.ts';
import { initCompany } from '../api/setup.ts';
import { seedCalendarDemo } from './demo/calendar.ts';
import { seedDirectoryDemo } from './demo/directory.ts';
import { seedMediaDemo } from './demo/media.ts';
import { seedTicketsDemo } from './demo/tickets.ts';
import { seedSyncDemo } from './demo/sync.ts';

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
  { name: 'Priya Natarajan', email: 'priya@riversideplayers.example.org', job: 'Costume designer', roles: [] as string[] },
  { name: 'Dev Okafor', email: 'dev@riversideplayers.example.org', job: 'Stage manager', roles: ['stage-manager'] },
  { name: 'Hannah Lindqvist', email: 'hannah@riversideplayers.example.org', job: 'Box office lead', roles: ['box-office'] },
  { name: 'Tomás Ruiz', email: 'tomas@riversideplayers.example.org', job: 'Company photographer', roles: ['photographer'] },
  { name: 'Grace Whitfield', email: 'grace@riversideplayers.example.org', job: 'Director, publicity', roles: [] as string[] },
  // A new volunteer the manager has not given any role yet.
  { name: 'Sam Cho', email: 'sam@riversideplayers.example.org', job: 'Volunteer coordinator', roles: [] as string[] },
];

/**
 * Fills a new store with the Riverside Players demo company. Everything after the company
 * itself goes through the API as the admin, so the demo is audited like real use.
 */
export async function seedDemo(app: App): Promise<{ adminId: string }> {
  const { adminId } = initCompany(app.store, { company: DEMO_COMPANY, admin: DEMO_ADMIN });
  const admin = app.localPrincipal(adminId, 'system');
  for (const member of DEMO_TEAM) {
    await app.dispatcher.call(admin, 'users.create', { name: member.name, email: member.email, roles: member.roles });
  }
  await seedDirectoryDemo(app, admin);
  await seedCalendarDemo(app, admin);
  await seedTicketsDemo(app, admin);
  await seedMediaDemo(app, admin);
  await seedContentDemo(app, admin);
  await seedSyncDemo(app, admin);
  return { adminId };
}
