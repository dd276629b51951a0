import type { App } from '../../api/app.ts';
import type { Principal } from '../../api/procedure.ts';
import { PRODUCTION_DOC_TYPE, productionDocId, productionScope, type ProductionDoc, type ProductionInfo, type ProductionStatus } from '../../calendar/production.ts';
import { DEMO_ADMIN, DEMO_TEAM } from '../demo.ts';

/**
 * The directory part of the Riverside Players demo: about 120 people (accented names,
 * stage names, pronouns, bios, skills, union members), their credits across seven seasons,
 * and a likely duplicate to merge ("Jon Smyth" / "John Smith", same e-mail). People and most
 * credits arrive as one JSON import, the way a company would bring in its old cast lists.
 */

interface DemoShow {
  title: string;
  season: string;
  status: ProductionStatus;
  opening: string;
  closing: string;
  musical: boolean;
  roles: string[];
}

const SHOWS: DemoShow[] = [
  { title: 'Our Town', season: '2021-22', status: 'closed', opening: '2021-10-08', closing: '2021-10-24', musical: false, roles: ['Stage Manager', 'Emily Webb', 'George Gibbs', 'Dr. Gibbs', 'Mrs. Gibbs', 'Mr. Webb', 'Mrs. Webb', 'Simon Stimson', 'Howie Newsome', 'Rebecca Gibbs'] },
  { title: 'The Pirates of Penzance', season: '2022-23', status: 'closed', opening: '2022-11-04', closing: '2022-11-20', musical: true, roles: ['Major-General Stanley', 'The Pirate King', 'Frederic', 'Mabel', 'Ruth', 'Sergeant of Police', 'Samuel', 'Edith', 'Kate', 'Isabel'] },
  { title: 'Arcadia', season: '2023-24', status: 'closed', opening: '2023-10-13', closing: '2023-10-29', musical: false, roles: ['Thomasina Coverly', 'Septimus Hodge', 'Lady Croom', 'Hannah Jarvis', 'Bernard Nightingale', 'Valentine Coverly', 'Ezra Chater', 'Captain Brice', 'Jellaby'] },
  { title: 'The Music Man', season: '2024-25', status: 'closed', opening: '2024-11-08', closing: '2024-11-24', musical: true, roles: ['Harold Hill', 'Marian Paroo', 'Mrs. Paroo', 'Winthrop Paroo', 'Mayor Shinn', 'Eulalie Mackecknie Shinn', 'Marcellus Washburn', 'Charlie Cowell', 'Zaneeta Shinn', 'Tommy Djilas'] },
  { title: 'The Importance of Being Earnest', season: '2025-26', status: 'rehearsals', opening: '2026-04-10', closing: '2026-04-26', musical: false, roles: ['Lady Bracknell', 'John Worthing', 'Algernon Moncrieff', 'Gwendolen Fairfax', 'Cecily Cardew', 'Miss Prism', 'Rev. Canon Chasuble', 'Lane', 'Merriman'] },
  { title: 'Into the Woods', season: '2026-27', status: 'auditions', opening: '2026-10-09', closing: '2026-10-25', musical: true, roles: ['The Witch', 'The Baker', "The Baker's Wife", 'Cinderella', 'Jack', "Jack's Mother", 'Little Red Ridinghood', 'The Narrator', 'Rapunzel', "Cinderella's Prince", "Rapunzel's Prince", 'The Wolf', 'Mysterious Man', 'Granny'] },
  { title: 'A Christmas Carol', season: '2026-27', status: 'planning', opening: '2026-12-04', closing: '2026-12-20', musical: false, roles: ['Ebenezer Scrooge', 'Bob Cratchit', 'Fred', 'Jacob Marley', 'Ghost of Christmas Past', 'Ghost of Christmas Present', 'Ghost of Christmas Yet to Come', 'Mrs. Cratchit', 'Tiny Tim', 'Belle', 'Mr. Fezziwig', 'Mrs. Fezziwig'] },
];

const FIRST = ['Amelia', 'Ben', 'Carmen', 'Daniel', 'Eleanor', 'Felix', 'Gabriela', 'Henry', 'Imani', 'Jonah', 'Keiko', 'Liam', 'Maya', 'Noah', 'Olivia', 'Pedro', 'Quinn', 'Rosa', 'Samuel', 'Talia', 'Uriel', 'Vera', 'Walter', 'Ximena', 'Yusuf', 'Zara', 'Aoife', 'Bjørn', 'Chloé', 'Dmitri', 'Elif', 'Frances', 'Gregor', 'Hélène', 'Ingrid', 'Jamal', 'Kwame', 'Lucía', 'Mateo', 'Niamh', 'Owen', 'Paloma', 'Rahul', 'Søren', 'Thérèse', 'Ursula', 'Viktor', 'Wen', 'Yara', 'Zeynep'];
const LAST = ['Abernathy', 'Bergström', 'Castillo', 'Dubois', 'Eriksen', 'Fitzgerald', 'García', 'Hoffmann', 'Ibáñez', 'Jankowski', 'Kowalski', 'Laurent', 'McAllister', 'Nakamura', 'Okonkwo', 'Petrović', 'Quintero', 'Rossi', 'Sullivan', 'Takahashi', 'Underwood', 'Villanueva', 'Whitaker', 'Xu', 'Yilmaz', 'Zielinski', 'Adeyemi', 'Brennan', 'Chen', 'Delacroix', 'Esposito', 'Fernández', 'Gallagher', 'Haddad', 'Iverson', 'Jiménez', 'Kaur', 'Lindqvist', 'Moreau', 'Novak', "O'Brien", 'Pham', 'Ruiz', 'Schultz', 'Thornton', 'Vasquez', 'Walsh', 'Nguyen', 'Müller', 'Doyle'];
const PRONOUNS = ['she/her', 'he/him', 'they/them', 'she/they', 'he/they', ''];
const ACTOR_SKILLS = ['Soprano', 'Alto', 'Tenor', 'Baritone', 'Bass', 'Tap', 'Ballet', 'Jazz dance', 'Stage combat', 'Dialects', 'Improv', 'Piano', 'Guitar', 'Juggling'];
const CREW_SKILLS = ['Carpentry', 'Welding', 'Scenic painting', 'Sewing', 'Wig styling', 'Lighting', 'Sound', 'Rigging', 'Props', 'Stage management', 'Photography', 'Box office'];
const MUSICIAN_SKILLS = ['Violin', 'Cello', 'Clarinet', 'Flute', 'Trumpet', 'Trombone', 'Percussion', 'Double bass', 'Piano'];
const TOWNS = ['Millbrook', 'Cedar Falls', 'Riverside', 'Ashford', 'Willow Creek'];
const JOBS = ['teaches third grade', 'is a nurse at Millbrook General', 'runs the bakery on Main Street', 'is a retired librarian', 'studies at Oregon State', 'works in software', 'is a veterinarian', 'manages the hardware store', 'is a high school chemistry teacher', 'works for the county parks department'];

const CREATIVE = ['Director', 'Set designer', 'Costume designer', 'Lighting designer', 'Sound designer'];
const MUSICAL_CREATIVE = ['Music director', 'Choreographer'];
const PRODUCTION = ['Stage manager', 'Assistant stage manager', 'Production photographer'];
const CREW = ['Master carpenter', 'Props', 'Wardrobe', 'Light board operator', 'Sound board operator', 'Fly operator'];
const ORCHESTRA = ['Piano / conductor', 'Violin', 'Reed 1', 'Trumpet', 'Bass', 'Percussion'];
const FRONT = ['House manager', 'Box office'];

/** A small deterministic generator, so the demo is the same every time. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function slug(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

interface DemoPerson {
  name: string;
  stageName?: string;
  pronouns: string;
  email: string;
  phone: string;
  skills: string[];
  unions: string[];
  bio: string;
  credits: Array<{ production: string; role: string; department: string; understudy?: boolean }>;
}

/** Finds each demo production (the calendar's demo may have made it) or creates it. */
async function ensureProductions(app: App, admin: Principal): Promise<string[]> {
  const ids: string[] = [];
  for (const show of SHOWS) {
    const existing = app.store.db.prepare('SELECT id FROM productions WHERE lower(title) = lower(?) AND season = ?').get(show.title, show.season) as { id: string } | undefined;
    if (existing) {
      ids.push(existing.id);
      continue;
    }
    const id = `${slug(show.title)}-${slug(show.season).slice(0, 9)}`;
    if (!app.store.has(productionDocId(id))) {
      if (app.dispatcher.procedure('productions.create')) {
        await app.dispatcher.call(admin, 'productions.create', { id, title: show.title, season: show.season, status: show.status, opening: show.opening, closing: show.closing, timeZone: 'America/Los_Angeles' });
      } else {
        const info: ProductionInfo = { id, title: show.title, season: show.season, status: show.status, opening: show.opening, closing: show.closing, description: '', createdAt: app.clock.now() };
        app.store.create<ProductionDoc>(productionDocId(id), PRODUCTION_DOC_TYPE, productionScope(id), (d) => {
          d.production = info;
        });
      }
    }
    ids.push(id);
  }
  return ids;
}

function demoPeople(productionIds: string[]): DemoPerson[] {
  const rand = rng(20260301);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const some = <T>(xs: readonly T[], n: number): T[] => [...new Set(Array.from({ length: n }, () => pick(xs)))];
  const people: DemoPerson[] = [];
  const named = new Set<string>();
  // The team's directory entries carry their sign-in addresses, so "my calls" finds them.
  const teamEmails = new Map([DEMO_ADMIN, ...DEMO_TEAM].map((m) => [m.name, m.email]));
  const person = (name: string, extra: Partial<DemoPerson> = {}): DemoPerson => {
    named.add(name);
    const p: DemoPerson = {
      name,
      pronouns: pick(PRONOUNS),
      email: teamEmails.get(name) ?? `${slug(name).replace(/-/g, '.')}@example.org`,
      phone: `541-555-0${String(100 + people.length).padStart(3, '0')}`,
      skills: [],
      unions: [],
      bio: '',
      credits: [],
      ...extra,
    };
    people.push(p);
    return p;
  };
  // People the demo's other parts know by name.
  person('Zoë Fontaine', { pronouns: 'she/her', skills: ['Soprano', 'Tap'], unions: ['AEA'], bio: 'Zoë trained at the Conservatoire de Lyon before moving to Millbrook, and has sung with Riverside Players since The Pirates of Penzance. By day she teaches French at Millbrook High.' });
  person('José Álvarez', { pronouns: 'he/him', skills: ['Baritone', 'Guitar'], bio: 'José is delighted to be back on the Riverside stage. Favorite roles include Harold Hill (The Music Man) and Septimus Hodge (Arcadia). Love to Ana and the kids.' });
  person("Siobhán O'Neill", { pronouns: 'she/her', skills: ['Dialects', 'Alto'], unions: ['AEA'], bio: "Siobhán grew up in Galway and has coached dialects for every Riverside show since 2021. She is thrilled to finally play Lady Bracknell." });
  person('Priya Natarajan', { pronouns: 'she/her', skills: ['Sewing', 'Wig styling'], bio: 'Priya has designed costumes for Riverside Players since Our Town. Her Victorian bustles are legendary.' });
  person('Dev Okafor', { pronouns: 'he/him', skills: ['Stage management'], bio: 'Dev has called cues for five Riverside seasons and has never once lost a prompt book.' });
  person('Grace Whitfield', { pronouns: 'she/her', skills: ['Directing'], bio: 'Grace directed Our Town and The Music Man for Riverside, and spends the rest of her year writing our press releases.' });
  person('Tomás Ruiz', { pronouns: 'he/him', skills: ['Photography'], bio: 'Tomás photographs every Riverside production from the back row of the balcony.' });
  person('Hannah Lindqvist', { pronouns: 'she/her', skills: ['Box office'], bio: '' });
  person('Morgan Reyes', { pronouns: 'they/them', skills: ['Stage management'], bio: 'Morgan is the company manager of Riverside Players.' });
  person('Jonathan Smythe-Davies', { stageName: 'Jon Davies', pronouns: 'he/him', skills: ['Tenor'], unions: ['AEA', 'SAG-AFTRA'], bio: 'Jon has appeared in regional theater across the Pacific Northwest and is a proud member of Actors’ Equity.' });
  person('Mary-Kate Oduya', { pronouns: 'she/her', skills: ['Alto', 'Jazz dance'], bio: 'Mary-Kate previously performed as Mary Kate Oduya-Brown.' });
  // Everyone else.
  while (people.length < 116) {
    const name = `${pick(FIRST)} ${pick(LAST)}`;
    if (named.has(name)) continue;
    const kind = rand();
    const isActor = kind < 0.55;
    const isMusician = !isActor && kind < 0.68;
    const skills = isActor ? some(ACTOR_SKILLS, 2) : isMusician ? some(MUSICIAN_SKILLS, 1) : some(CREW_SKILLS, 2);
    const union = rand() < 0.12 ? [isActor ? 'AEA' : isMusician ? 'AFM' : 'IATSE'] : [];
    const bio = rand() < 0.8 ? `${name.split(' ')[0]} lives in ${pick(TOWNS)} and ${pick(JOBS)}. ${isActor ? 'Favorite role: anything with a sword fight.' : isMusician ? 'Has played in the Riverside pit since high school.' : 'Happiest backstage with a headset on.'}` : '';
    person(name, { skills, unions: union, bio });
  }
  // Credits: principals from the actors, designers and crew from everyone else.
  const actors = people.filter((p) => p.skills.some((s) => ACTOR_SKILLS.includes(s)));
  const musicians = people.filter((p) => p.skills.some((s) => MUSICIAN_SKILLS.includes(s)));
  const crew = people.filter((p) => !actors.includes(p) && !musicians.includes(p));
  const byName = new Map(people.map((p) => [p.name, p]));
  SHOWS.forEach((show, i) => {
    const production = productionIds[i]!;
    const cast = [...actors].sort(() => rand() - 0.5).slice(0, show.roles.length);
    const fixed: Record<string, string> = {
      'Lady Bracknell': "Siobhán O'Neill",
      'The Witch': 'Zoë Fontaine',
      'Harold Hill': 'José Álvarez',
      'Septimus Hodge': 'José Álvarez',
      'John Worthing': 'José Álvarez',
      'The Baker': 'Jonathan Smythe-Davies',
      Mabel: 'Zoë Fontaine',
    };
    show.roles.forEach((role, k) => {
      const who = fixed[role] ? byName.get(fixed[role]!)! : cast[k]!;
      who.credits.push({ production, role, department: 'cast' });
    });
    const understudy = actors[(i * 7) % actors.length]!;
    understudy.credits.push({ production, role: show.roles[0]!, department: 'cast', understudy: true });
    const staff: Array<[string, string, DemoPerson]> = [
      ['creative', 'Director', byName.get(i % 2 ? 'Grace Whitfield' : 'Morgan Reyes')!],
      ['creative', 'Costume designer', byName.get('Priya Natarajan')!],
      ['production', 'Stage manager', byName.get('Dev Okafor')!],
      ['production', 'Production photographer', byName.get('Tomás Ruiz')!],
      ['front-of-house', 'Box office', byName.get('Hannah Lindqvist')!],
    ];
    const pool = [...crew].sort(() => rand() - 0.5);
    let n = 0;
    for (const role of [...CREATIVE.filter((r) => r !== 'Director' && r !== 'Costume designer'), ...(show.musical ? MUSICAL_CREATIVE : [])]) staff.push(['creative', role, pool[n++ % pool.length]!]);
    for (const role of PRODUCTION.filter((r) => r !== 'Stage manager' && r !== 'Production photographer')) staff.push(['production', role, pool[n++ % pool.length]!]);
    for (const role of CREW) staff.push(['crew', role, pool[n++ % pool.length]!]);
    for (const role of FRONT.filter((r) => r !== 'Box office')) staff.push(['front-of-house', role, pool[n++ % pool.length]!]);
    if (show.musical) ORCHESTRA.forEach((role, k) => staff.push(['orchestra', role, musicians[(k + i) % musicians.length]!]));
    for (const [department, role, who] of staff) who.credits.push({ production, role, department });
  });
  return people;
}

export async function seedDirectoryDemo(app: App, admin: Principal): Promise<void> {
  const productionIds = await ensureProductions(app, admin);
  const people = demoPeople(productionIds);
  const rows = people.map((p) => ({
    name: p.name,
    stageName: p.stageName ?? '',
    pronouns: p.pronouns,
    skills: p.skills,
    unions: p.unions,
    bio: p.bio,
    contact: { email: p.email, phone: p.phone },
    credits: p.credits,
  }));
  await app.dispatcher.call(admin, 'directory.import', { format: 'json', data: JSON.stringify({ people: rows }), confirm: true });

  // A likely duplicate for the merge wizard: the same carpenter entered twice, years apart.
  const jon = (await app.dispatcher.call(admin, 'directory.createPerson', {
    name: 'Jon Smyth',
    pronouns: 'he/him',
    skills: ['Carpentry'],
    bio: 'Jon built the revolving stage for The Pirates of Penzance.',
    contact: { email: 'jsmith.carpentry@example.org', phone: '541-555-0199' },
  })) as { id: string };
  const john = (await app.dispatcher.call(admin, 'directory.createPerson', {
    name: 'John Smith',
    skills: ['Carpentry', 'Welding'],
    unions: ['IATSE'],
    contact: { email: 'JSmith.Carpentry@example.org' },
  })) as { id: string };
  await app.dispatcher.call(admin, 'directory.addCredit', { productionId: productionIds[1]!, personId: jon.id, department: 'crew', role: 'Deck crew' });
  await app.dispatcher.call(admin, 'directory.addCredit', { productionId: productionIds[4]!, personId: john.id, department: 'crew', role: 'Deck crew' });
  // Two different people who share a name (for "not duplicates").
  await app.dispatcher.call(admin, 'directory.createPerson', { name: 'Anna Berg', pronouns: 'she/her', skills: ['Alto'], bio: 'Anna sings alto and teaches piano in Ashford.' });
  await app.dispatcher.call(admin, 'directory.createPerson', { name: 'Anna Berg', skills: ['Box office'], bio: 'Anna (the other one) has volunteered at the box office since 2019.' });
}
