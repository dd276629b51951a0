import type { App } from '../../api/app.ts';
import type { Principal } from '../../api/procedure.ts';

/**
 * The Riverside Players website: sections delegated to the team (Costumes to the costume
 * designer, Priya), pages with real-sounding copy, the brand (deep teal and warm gold, a serif
 * display face and a sans body), a few published pages, one in review and one draft. Blocks
 * that show other data (cast, schedule, gallery, a photo, tickets) refer to what the other
 * demos created, when they did.
 */

type Block = Record<string, unknown>;
const p = (text: string): Block => ({ type: 'text', style: 'paragraph', spans: [{ text }] });
const rich = (...spans: Array<{ text: string; bold?: boolean; italic?: boolean; link?: string }>): Block => ({ type: 'text', style: 'paragraph', spans });
const h = (text: string, level: 2 | 3 = 2): Block => ({ type: 'heading', text, level });
const bullets = (...items: string[]): Block => ({ type: 'text', style: 'bullets', spans: [{ text: items.join('\n') }] });

export async function seedContentDemo(app: App, admin: Principal): Promise<void> {
  const call = (name: string, input: unknown) => app.dispatcher.call(admin, name, input);
  const db = app.store.db;
  const one = <T>(sql: string, ...args: unknown[]): T | undefined => {
    try {
      return db.prepare(sql).get(...args) as T | undefined;
    } catch {
      return undefined;
    }
  };

  await call('theme.update', {
    companyName: 'Riverside Players',
    palette: { primary: '#0f4c4c', onPrimary: '#ffffff', accent: '#e0a526', onAccent: '#1a1a1a', background: '#fffdf8', surface: '#f1ede4', text: '#1c2424', muted: '#4d5656', link: '#0b5d5d' },
    typeScale: { base: 18, ratio: 1.25 },
    fonts: { display: 'serif-display', body: 'sans-humanist' },
  });

  await call('roles.create', { id: 'costume-designer', name: 'Costume designer', description: 'Edits the Costumes section', parents: ['section-editor'] });
  await call('roles.create', { id: 'publicity', name: 'Publicity', description: 'Edits and publishes Season and Press', parents: ['section-editor'] });
  const sections = [
    { id: 'about', title: 'About', description: 'Who we are, our history and how to find us.' },
    { id: 'season', title: 'Season', description: 'This season’s productions, dates and tickets.', ownerRole: 'publicity' },
    { id: 'costumes', title: 'Costumes', description: 'The costume shop: rentals, volunteering and fittings.', ownerRole: 'costume-designer' },
    { id: 'education', title: 'Education', description: 'Youth workshops and summer camp.' },
    { id: 'support', title: 'Support Us', description: 'Donate, volunteer, become a member.' },
    { id: 'press', title: 'Press', description: 'Press releases and reviews.', parent: 'about', ownerRole: 'publicity' },
  ];
  for (const s of sections) await call('sections.create', s);
  await call('grants.add', { roleId: 'costume-designer', action: 'content.edit', scope: 'section:costumes' });
  for (const s of ['season', 'press']) {
    await call('grants.add', { roleId: 'publicity', action: 'content.edit', scope: `section:${s}` });
    await call('grants.add', { roleId: 'publicity', action: 'content.publish', scope: `section:${s}` });
  }
  const users = (await call('users.list', {})) as Array<{ id: string; name: string }>;
  const userId = (name: string) => users.find((u) => u.name === name)?.id;
  const priya = userId('Priya Natarajan');
  const grace = userId('Grace Whitfield');
  if (priya) await call('users.assignRole', { userId: priya, roleId: 'costume-designer' });
  if (grace) await call('users.assignRole', { userId: grace, roleId: 'publicity' });

  const create = async (sectionId: string, title: string, slug: string, blocks: Block[], as: Principal = admin) =>
    (await app.dispatcher.call(as, 'pages.create', { sectionId, title, slug, blocks })) as { id: string };
  const publish = (sectionId: string, pageId: string) => call('pages.publish', { sectionId, pageId });

  const home = await create('about', 'Welcome to Riverside Players', 'home', [
    rich({ text: 'Riverside Players is Millbrook’s community theater: ' }, { text: 'neighbors making plays for neighbors', italic: true }, { text: ' since 1952, in the old grange hall by the river and, since 1988, at the Riverside Playhouse.' }),
    h('This season'),
    p('We open the spring with Oscar Wilde’s The Importance of Being Earnest, return in the fall with Sondheim’s Into the Woods, and close the year with our twenty-fifth A Christmas Carol.'),
    { type: 'callout', tone: 'highlight', title: 'Auditions for Into the Woods', spans: [{ text: 'Open auditions are on June 6 and 7 at the Playhouse. No experience needed; bring sixteen bars of anything you love to sing.' }], linkLabel: 'Audition details', linkUrl: 'https://riversideplayers.example.org/auditions' },
  ]);
  await publish('about', home.id);
  const history = await create('about', 'Our history', 'history', [
    p('Seven friends staged Our Town in the Millbrook Grange Hall in the spring of 1952 with borrowed chairs and a bedsheet for a curtain. Three hundred people came, and Riverside Players was born.'),
    h('The Playhouse'),
    p('In 1988 the company bought the old Riverside cannery and, with eleven years of bake sales and one very generous lumberyard, turned it into the 220-seat Riverside Playhouse.'),
    { type: 'text', style: 'quote', spans: [{ text: 'The best seat in the county is whichever one you’re in.' }, { text: ' (Millbrook Courier, 1989)', italic: true }] },
  ]);
  await publish('about', history.id);
  const visit = await create('about', 'Visit us', 'visit', [
    h('Riverside Playhouse'),
    p('412 River Road, Millbrook. Free parking behind the building; the accessible entrance is on the river side.'),
    bullets('Box office opens one hour before curtain', 'Hearing loop in every row', 'Wheelchair spaces in row C; book them by phone or at the box office'),
    rich({ text: 'Questions? Write to ' }, { text: 'hello@riversideplayers.example.org', link: 'mailto:hello@riversideplayers.example.org' }, { text: '.' }),
  ]);
  await publish('about', visit.id);

  // Season: a page per current production, showing its cast, schedule, photos and tickets from the other modules.
  const earnest = one<{ id: string }>("SELECT id FROM productions WHERE title = 'The Importance of Being Earnest' ORDER BY season DESC LIMIT 1");
  const seasonBlocks: Block[] = [p('A trivial comedy for serious people: two young men invent alter egos, two young women fall for the name Ernest, and Lady Bracknell has opinions about handbags.')];
  if (earnest) {
    const photo = one<{ id: string }>("SELECT id FROM media_assets WHERE production_id = ? AND kind = 'photo' AND published = 1 AND alt <> '' ORDER BY sort_at LIMIT 1", earnest.id);
    if (photo) seasonBlocks.push({ type: 'image', asset: { productionId: earnest.id, assetId: photo.id }, caption: '' });
    seasonBlocks.push({ type: 'schedule', productionId: earnest.id, title: 'Dates and times' }, { type: 'castList', productionId: earnest.id, title: 'Cast' });
    const perf = one<{ perf_id: string }>('SELECT perf_id FROM ticket_performances WHERE production_id = ? ORDER BY starts_at LIMIT 1', earnest.id);
    if (perf) seasonBlocks.push({ type: 'ticketLink', performanceId: perf.perf_id, label: 'Buy tickets' });
    const gallery = one<{ id: string }>('SELECT id FROM media_galleries WHERE production_id = ? LIMIT 1', earnest.id);
    if (gallery) seasonBlocks.push({ type: 'gallery', galleryProductionId: earnest.id, galleryId: gallery.id, title: 'In rehearsal' });
  }
  const graceP = grace ? app.localPrincipal(grace, 'system') : admin;
  const season = await create('season', 'The Importance of Being Earnest', 'earnest', seasonBlocks, graceP);
  await publish('season', season.id);
  const woods = await create('season', 'Into the Woods', 'into-the-woods', [p('Sondheim and Lapine’s fairy-tale musical comes to the Playhouse this fall: be careful what you wish for.'), h('Auditions'), p('June 6 and 7. Roles for every age from 10 to 80.')], graceP);
  await app.dispatcher.call(graceP, 'pages.submit', { sectionId: 'season', pageId: woods.id });

  // Costumes: Priya's section.
  const priyaP = priya ? app.localPrincipal(priya, 'system') : admin;
  const rentals = await create('costumes', 'Costume rentals', 'costume-rentals', [
    p('Our costume shop holds more than four thousand pieces, from Victorian bustles to 1970s polyester. Schools and other companies may rent them for a small fee.'),
    bullets('Victorian and Edwardian (men’s and women’s)', 'Fairy tale and storybook', 'Period military, 1860–1945', 'Holiday: Dickens, elves, one very tired Santa suit'),
    rich({ text: 'Rentals are by appointment on ' }, { text: 'Tuesday and Thursday evenings', bold: true }, { text: '. Write to Priya at ' }, { text: 'costumes@riversideplayers.example.org', link: 'mailto:costumes@riversideplayers.example.org' }, { text: '.' }),
  ], priyaP);
  await publish('costumes', rentals.id);
  await create('costumes', 'Sewing volunteers', 'sewing-volunteers', [p('Can you hem a skirt or sew on a button? The shop needs hands every Saturday morning before a show opens. Coffee and pastries provided.')], priyaP);

  const camp = await create('education', 'Summer theater camp', 'summer-camp', [
    p('Two weeks in July for ages 8 to 14: acting games, stage combat, a little singing, and a short play of their own on the last Friday.'),
    { type: 'callout', tone: 'info', title: 'Scholarships', spans: [{ text: 'No child is turned away for lack of money. Ask about our scholarships when you register.' }], linkLabel: '', linkUrl: '' },
  ]);
  await publish('education', camp.id);
  const donate = await create('support', 'Support Riverside Players', 'donate', [
    p('Tickets cover about half of what a show costs. Members and donors cover the rest: lumber, lights, rights and the heating bill in December.'),
    bullets('Members ($60 a year) get early booking and a seat at the season preview', 'Volunteers usher, build sets and run the concession stand', 'Local businesses can sponsor a production'),
  ]);
  await publish('support', donate.id);
  await create('press', 'Press release: 2026–27 season', 'season-announcement', [p('Riverside Players today announced its 2026–27 season: Into the Woods in the fall, followed by the twenty-fifth anniversary production of A Christmas Carol in December.')]);
}
