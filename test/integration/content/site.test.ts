// @vitest-environment jsdom
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addAsset } from '../../../core/media/assets.ts';
import { buildHttpApp } from '../../../core/daemon/server.ts';
import { main, type Io } from '../../../core/daemon/cli.ts';
import { tempDir } from '../../fixtures/app.ts';
import { contentFixture, para, type ContentFixture } from './fixture.ts';

let f: ContentFixture;
let photoHash: string;
const PHOTO_BYTES = Buffer.from('not really a jpeg, but bytes to copy');

beforeAll(async () => {
  f = await contentFixture();
  const { call, admin } = f;
  await call(admin, 'theme.update', { companyName: 'Riverside Players', palette: { primary: '#0f4c4c', accent: '#e0a526', onAccent: '#1a1a1a', link: '#0b5d5d' }, fonts: { display: 'serif-display', body: 'sans-humanist' } });
  const media = f.t.app.services.media;
  photoHash = (await media.blobs.put(Readable.from([PHOTO_BYTES]))).hash;
  addAsset(f.t.app.store, { ...f.photo, id: 'asset-real', hash: photoHash, caption: 'Act two', alt: 'Two actors at a garden table' });
  await f.call(admin, 'calendar.createEvent', { productionId: 'earnest-2026', event: { type: 'performance', title: 'Opening night', start: '2026-04-10T19:30', end: '2026-04-10T22:00', timeZone: 'America/Los_Angeles', public: true } });
  await f.call(admin, 'calendar.createEvent', { productionId: 'earnest-2026', event: { type: 'rehearsal', title: 'Tech rehearsal (private)', start: '2026-04-08T18:00', end: '2026-04-08T22:00', timeZone: 'America/Los_Angeles', public: false } });
  const person = await call<{ id: string }>(admin, 'directory.createPerson', { name: 'Eleanor Vance' });
  await call(admin, 'directory.addCredit', { productionId: 'earnest-2026', personId: person.id, department: 'cast', role: 'Lady Bracknell' });

  const home = await call<{ id: string }>(admin, 'pages.create', { sectionId: 'about', title: 'Welcome to Riverside Players', slug: 'home', blocks: [para('Community theater on the river since 1952.'), { type: 'heading', text: 'This spring', level: 3 }, { type: 'image', asset: { productionId: 'earnest-2026', assetId: 'asset-real' } }] });
  const season = await call<{ id: string }>(admin, 'pages.create', {
    sectionId: 'season',
    title: 'The Importance of Being Earnest',
    slug: 'earnest',
    blocks: [para('Oscar Wilde’s comedy of manners.'), { type: 'castList', productionId: 'earnest-2026' }, { type: 'schedule', productionId: 'earnest-2026' }, { type: 'gallery', galleryProductionId: 'earnest-2026', galleryId: 'rehearsals' }],
  });
  const costumes = await call<{ id: string }>(f.priya, 'pages.create', { sectionId: 'costumes', title: 'Costume rentals', slug: 'costume-rentals', blocks: [{ type: 'text', style: 'bullets', spans: [{ text: 'Victorian\nEdwardian\n' }, { text: 'Fairy tale', italic: true }] }] });
  await call(admin, 'pages.create', { sectionId: 'about', title: 'Draft only', slug: 'draft-only' });
  for (const [s, p] of [['about', home.id], ['season', season.id], ['costumes', costumes.id]] as const) await call(admin, 'pages.publish', { sectionId: s, pageId: p });
});
afterAll(() => f.cleanup());

describe('website build', () => {
  it('renders the published pages, sections and productions through one template set (snapshot)', async () => {
    const site = await f.call<{ files: Record<string, string>; media: Array<{ path: string; hash: string }> }>(f.admin, 'site.render');
    expect(Object.keys(site.files).sort()).toEqual([
      'costume-rentals.html',
      'earnest.html',
      'home.html',
      'index.html',
      'productions/earnest-2026.html',
      'productions/index.html',
      'sections/about.html',
      'sections/costumes.html',
      'sections/season.html',
      'style.css',
    ]);
    expect(site.media).toContainEqual({ path: `media/${photoHash}.jpg`, hash: photoHash, mime: 'image/jpeg' });
    expect(site.media).toContainEqual({ path: `media/${f.photo.hash}.jpg`, hash: f.photo.hash, mime: 'image/jpeg' });
    for (const [name, text] of Object.entries(site.files)) await expect(text).toMatchFileSnapshot(`./__snapshots__/site/${name}`);
  });

  it('is accessible: landmarks, one h1, headings in order, alt text, theme tokens on every page', async () => {
    const site = await f.call<{ files: Record<string, string> }>(f.admin, 'site.render');
    expect(site.files['style.css']).toContain('--color-primary: #0f4c4c;');
    expect(site.files['style.css']).toContain("--font-display: 'Iowan Old Style'");
    for (const [name, text] of Object.entries(site.files)) {
      if (!name.endsWith('.html')) continue;
      const doc = new DOMParser().parseFromString(text, 'text/html');
      expect(doc.documentElement.lang, name).toBe('en');
      expect(doc.querySelectorAll('header.site-header, nav[aria-label="Main"], main#main, footer').length, name).toBe(4);
      expect(doc.querySelectorAll('h1').length, name).toBe(1);
      const levels = [...doc.querySelectorAll('h1, h2, h3, h4, h5, h6')].map((h) => Number(h.tagName[1]));
      levels.forEach((l, i) => expect(l - (levels[i - 1] ?? 0), `${name}: ${levels.join(',')}`).toBeLessThanOrEqual(1));
      for (const img of doc.querySelectorAll('img')) if (!img.closest('.brand')) expect(img.getAttribute('alt')?.trim(), name).toBeTruthy();
      const css = doc.querySelector('link[rel="stylesheet"]')!.getAttribute('href');
      expect(css, name).toBe(name.includes('/') ? '../style.css' : 'style.css');
    }
    const earnest = site.files['productions/earnest-2026.html']!;
    expect(earnest).toContain('Eleanor Vance');
    expect(earnest).toContain('Opening night');
    expect(earnest).not.toContain('Tech rehearsal');
    expect(site.files['index.html']).toContain('Community theater on the river');
  });

  it('`callboard site build --out DIR` writes the site with its media; the daemon serves the built site at /site/', async () => {
    const out = path.join(tempDir('cb-site-'), 'out');
    const lines: string[] = [];
    const io: Io = { out: (l) => lines.push(l), err: (l) => lines.push(`ERR ${l}`), env: { ...process.env, CALLBOARD_DATA: f.t.dir }, untilStopped: () => new Promise(() => undefined) };
    f.t.app.close();
    try {
      expect(await main(['site', 'build', '--out', out, '--data', f.t.dir, '--as', 'Morgan Reyes'], io), lines.join('\n')).toBe(0);
      expect(lines.join('\n')).toMatch(/Built the website in .*: 3 pages, 1 productions, 10 files, 1 media files \(1 media files not on this replica\)/);
      expect(fs.readFileSync(path.join(out, `media/${photoHash}.jpg`))).toEqual(PHOTO_BYTES);
      expect(fs.readFileSync(path.join(out, 'earnest.html'), 'utf8')).toContain('Oscar Wilde');
      expect(await main(['site', 'build', '--data', f.t.dir, '--as', 'Priya Natarajan'], io)).toBe(4);
      expect(lines.at(-1)).toMatch(/^ERR error: forbidden:/);
      expect(await main(['site', 'build', '--data', f.t.dir, '--as', 'Morgan Reyes', '--json'], io)).toBe(0);
      expect(JSON.parse(lines.at(-1)!)).toMatchObject({ pages: 3, productions: 1, files: 10, media: 2 });
    } finally {
      f.t.app = await (await import('../../../core/api/app.ts')).openApp({ dataDir: f.t.dir, clock: f.t.clock });
    }
    const http = buildHttpApp({ app: f.t.app, host: '127.0.0.1', port: 0, localSecret: 'x', log: () => undefined });
    const get = (p: string) => http.request(`http://localhost${p}`, {}, { incoming: { socket: { remoteAddress: '127.0.0.1' } } } as never);
    const index = await get('/site/');
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toContain('text/html');
    expect(index.headers.get('content-security-policy')).toContain("script-src 'none'");
    expect(await index.text()).toContain('Community theater on the river');
    const css = await get('/site/style.css');
    expect(await css.text()).toContain('--color-primary');
    const img = await get(`/site/media/${photoHash}.jpg`);
    expect(img.status).toBe(200);
    expect(Buffer.from(await img.arrayBuffer())).toEqual(PHOTO_BYTES);
    expect((await get(`/site/media/${'b'.repeat(64)}.jpg`)).status).toBe(404);
    expect((await get('/site/media.json')).status).toBe(404);
    expect((await get('/site/..%2F..%2Fcallboard.db')).status).toBe(404);
  });
});
