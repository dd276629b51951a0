import type { App } from '../../core/api/app.ts';
import type { Principal } from '../../core/api/procedure.ts';
import { initCompany } from '../../core/api/setup.ts';

/**
 * The load test's company: a lean Riverside Players (the full demo takes seconds to seed and
 * holds five years of history the load does not touch), with what the simulated team edits —
 * two website sections with a page each, four productions with credits, media in the fall
 * show, and one performance on sale in a 96-seat house. Everything through the API as the
 * admin, so the setup is audited like real use.
 */
export const ITW = 'into-the-woods-2026-27';
export const ACC = 'a-christmas-carol-2026-27';
export const EARNEST = 'the-importance-of-being-earnest-2025-26';
export const ARCADIA = 'arcadia-2023-24';
export const OUR_TOWN = 'our-town-2021-22';
/** Productions whose credits publicity may edit (each publicist owns one department of one). */
export const CREDIT_PRODUCTIONS = [ITW, ACC, EARNEST, ARCADIA] as const;
export const PERFORMANCE = 'itw-2026-10-09-1930';
export const ROWS = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'] as const;
export const SEATS_PER_ROW = 12;

export interface LoadCompany {
  adminId: string;
  admin: Principal;
  pages: { costumes: string; season: string; about: string };
  /** The poster of Into the Woods: every photographer tags it (same asset, concurrent edits). */
  sharedAsset: string;
  /** An asset of A Christmas Carol, which photographers are not granted. */
  foreignAsset: string;
  /** People the publicists credit. */
  people: string[];
  /** The director's credit (department creative) of each credit production, made at setup. */
  directors: Record<string, string>;
}

const HOUSE = {
  zones: [
    { id: 'front', name: 'Front (rows A–D)', color: '#7b2d8e' },
    { id: 'back', name: 'Back (rows E–H)', color: '#1f6fb2' },
  ],
  stage: { label: 'Stage', width: 360, height: 40 },
  sections: [{ area: 'orchestra', name: 'Orchestra', rows: [...ROWS], seatsPerRow: SEATS_PER_ROW, aislesAfter: [6], zone: 'back', zoneByRow: { A: 'front', B: 'front', C: 'front', D: 'front' } }],
};

export const PRICES = [
  { id: 'adult-front', ticketType: 'adult', zone: 'front', amount: 3200 },
  { id: 'senior-front', ticketType: 'senior', zone: 'front', amount: 2800 },
  { id: 'adult-back', ticketType: 'adult', zone: 'back', amount: 2600 },
  { id: 'student-back', ticketType: 'student', zone: 'back', amount: 1800 },
];

const PERSON_NAMES = [
  'Eleanor Vance', 'José Alvarez', 'Siobhan Kelly', 'Marcus Chen', 'Ingrid Holm', 'Tobias Wren', 'Amara Okoye', 'Felix Duarte',
  'Rosa Lindgren', 'Hugo Marchetti', 'Nadia Petrova', 'Owen Gallagher', 'Leila Haddad', 'Casper Nyberg', 'Mei Tanaka', 'Rafael Soto',
  'Greta Olsen', 'Idris Bello', 'Clara Moreau', 'Jonah Fisher', 'Anika Sharma', 'Bruno Costa', 'Delia Brennan', 'Emil Novak',
];

export async function seedLoadCompany(app: App): Promise<LoadCompany> {
  const { adminId } = initCompany(app.store, {
    company: { name: 'Riverside Players', shortName: 'Riverside', city: 'Millbrook, Oregon', timeZone: 'America/Los_Angeles', website: 'https://riversideplayers.example.org', email: 'hello@riversideplayers.example.org' },
    admin: { name: 'Morgan Reyes', email: 'morgan@riversideplayers.example.org' },
  });
  const admin = app.localPrincipal(adminId, 'system');
  const call = <T = unknown>(procedure: string, input: unknown) => app.dispatcher.call(admin, procedure, input) as Promise<T>;

  // Roles: the built-in ones plus the company's own (as in the demo).
  await call('roles.create', { id: 'costume-designer', name: 'Costume designer', description: 'Edits the Costumes section', parents: ['section-editor'] });
  await call('roles.create', { id: 'publicity', name: 'Publicity', description: 'Edits the season pages and the productions’ credits', parents: ['section-editor'] });
  await call('roles.create', { id: 'production-photographer', name: 'Production photographer', description: 'Edits the media of Into the Woods', parents: [] });
  for (const s of ['about', 'season', 'costumes']) {
    await call('sections.create', { id: s, title: s === 'about' ? 'About' : s === 'season' ? 'Season' : 'Costumes', ownerRole: s === 'costumes' ? 'costume-designer' : s === 'season' ? 'publicity' : null });
  }
  await call('grants.add', { roleId: 'costume-designer', action: 'content.edit', scope: 'section:costumes' });
  await call('grants.add', { roleId: 'publicity', action: 'content.edit', scope: 'section:season' });


  const page = async (sectionId: string, title: string, slug: string, text: string) =>
    (await call<{ id: string }>('pages.create', { sectionId, title, slug, blocks: [{ type: 'text', style: 'paragraph', spans: [{ text }] }] })).id;
  const pages = {
    costumes: await page('costumes', 'Costume rentals', 'costume-rentals', 'Our costume shop holds more than four thousand pieces, from Victorian bustles to 1970s polyester.'),
    season: await page('season', 'Into the Woods', 'into-the-woods', 'Sondheim and Lapine’s fairy-tale musical comes to the Playhouse this fall.'),
    about: await page('about', 'Welcome to Riverside Players', 'home', 'Neighbors making plays for neighbors since 1952.'),
  };

  for (const [id, title, season, opening, closing] of [
    [ITW, 'Into the Woods', '2026-27', '2026-10-09', '2026-10-25'],
    [ACC, 'A Christmas Carol', '2026-27', '2026-12-04', '2026-12-20'],
    [EARNEST, 'The Importance of Being Earnest', '2025-26', '2026-04-10', '2026-04-26'],
    [ARCADIA, 'Arcadia', '2023-24', '2023-10-13', '2023-10-29'],
    [OUR_TOWN, 'Our Town', '2021-22', '2021-10-08', '2021-10-24'],
  ] as const) {
    await call('productions.create', { id, title, season, opening, closing, timeZone: 'America/Los_Angeles' });
  }
  await call('grants.add', { roleId: 'publicity', action: 'view', scope: 'directory' });
  await call('grants.add', { roleId: 'publicity', action: 'view', scope: 'production:*' });
  for (const p of CREDIT_PRODUCTIONS) await call('grants.add', { roleId: 'publicity', action: 'directory.edit', scope: `production:${p}` });
  await call('grants.add', { roleId: 'production-photographer', action: 'media.upload', scope: `media:${ITW}` });
  await call('grants.add', { roleId: 'production-photographer', action: 'media.edit', scope: `media:${ITW}` });
  await call('grants.add', { roleId: 'production-photographer', action: 'view', scope: 'media:*' });
  await call('grants.add', { roleId: 'production-photographer', action: 'view', scope: 'production:*' });
  const people: string[] = [];
  for (const name of PERSON_NAMES) people.push((await call<{ id: string }>('directory.createPerson', { name })).id);
  // Each production's credits document exists before the load (a first credit per production).
  const directors: Record<string, string> = {};
  for (const [i, p] of CREDIT_PRODUCTIONS.entries()) {
    directors[p] = (await call<{ id: string }>('directory.addCredit', { productionId: p, personId: people[i]!, department: 'creative', role: 'Director' })).id;
  }

  const poster = await call<{ id: string }>('media.addVideo', { production: ITW, url: 'https://www.youtube.com/watch?v=LcWLNxzUkj0', title: 'Into the Woods trailer', category: 'posters-marketing', tags: ['trailer'] });
  const foreign = await call<{ id: string }>('media.addVideo', { production: ACC, url: 'https://youtu.be/kJQP7kiw5Fk', title: 'A Christmas Carol trailer', category: 'posters-marketing', tags: ['trailer'] });

  await call('charts.create', { venueId: 'riverside-playhouse', spaceId: 'main-stage', chartId: 'playhouse-load', name: 'Riverside Playhouse — main stage', generate: HOUSE });
  await call('performances.create', {
    performanceId: PERFORMANCE,
    productionId: ITW,
    title: 'Into the Woods — opening night',
    venueId: 'riverside-playhouse',
    spaceId: 'main-stage',
    chartId: 'playhouse-load',
    startsAt: '2026-10-10T02:30:00Z',
    onSaleAt: null,
    offSaleAt: null,
    prices: PRICES,
  });
  return { adminId, admin, pages, sharedAsset: poster.id, foreignAsset: foreign.id, people, directors };
}
