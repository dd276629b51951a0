import * as A from '@automerge/automerge';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CallboardError } from '../../../core/errors.ts';
import { contentPagesProjection } from '../../../core/content/projection.ts';
import { contentFixture, para, type ContentFixture } from './fixture.ts';

interface PageOut {
  id: string;
  slug: string;
  title: string;
  status: string;
  blocks: Array<{ id: string; type: string; spans?: Array<{ text: string }>; text?: string }>;
  changedSincePublish?: boolean;
}

async function failure(p: Promise<unknown>): Promise<CallboardError> {
  try {
    await p;
  } catch (err) {
    return err as CallboardError;
  }
  throw new Error('expected the call to fail');
}

let f: ContentFixture;
beforeEach(async () => {
  f = await contentFixture();
});
afterEach(() => f.cleanup());

const heads = (docId: string) => A.getHeads(f.t.app.store.doc(docId)).join(',');

describe('sections and pages through the API', () => {
  it('lists sections with owners and the caller’s rights', async () => {
    const asPriya = await f.call<Array<{ id: string; canEdit: boolean; canPublish: boolean; ownerRoleName: string | null }>>(f.priya, 'sections.list');
    expect(asPriya.map((s) => s.id)).toEqual(['about', 'season', 'costumes']);
    expect(asPriya.find((s) => s.id === 'costumes')).toMatchObject({ canEdit: true, canPublish: false, ownerRoleName: 'Costume designer' });
    expect(asPriya.find((s) => s.id === 'about')).toMatchObject({ canEdit: false, canPublish: false });
  });

  it('creates a page with blocks, derives a unique slug, and edits its blocks', async () => {
    const page = await f.call<PageOut>(f.admin, 'pages.create', { sectionId: 'about', title: 'Our History & Mission', blocks: [{ type: 'heading', text: 'Since 1952' }, para('Riverside Players began in a barn.')] });
    expect(page.slug).toBe('our-history-and-mission');
    expect(page.status).toBe('draft');
    expect(page.blocks.map((b) => b.type)).toEqual(['heading', 'text']);
    const second = await f.call<PageOut>(f.admin, 'pages.create', { sectionId: 'season', title: 'Our History & Mission' });
    expect(second.slug).toBe('our-history-and-mission-2');

    const [h, p] = page.blocks;
    await f.call(f.admin, 'pages.updateBlock', { sectionId: 'about', pageId: page.id, blockId: p!.id, block: { type: 'text', style: 'paragraph', spans: [{ text: 'Riverside Players began in a ' }, { text: 'dairy barn', bold: true }, { text: '.' }] } });
    await f.call(f.admin, 'pages.moveBlock', { sectionId: 'about', pageId: page.id, blockId: p!.id, after: null });
    const after = await f.call<PageOut>(f.admin, 'pages.get', { sectionId: 'about', pageId: page.id });
    expect(after.blocks.map((b) => b.id)).toEqual([p!.id, h!.id]);
    expect(after.blocks[0]!.spans).toEqual([{ text: 'Riverside Players began in a ' }, { text: 'dairy barn', bold: true }, { text: '.' }]);
    await f.call(f.admin, 'pages.removeBlock', { sectionId: 'about', pageId: page.id, blockId: h!.id });
    expect((await f.call<PageOut>(f.admin, 'pages.get', { sectionId: 'about', pageId: page.id })).blocks).toHaveLength(1);
  });

  it('resolves and validates references: media, productions, galleries', async () => {
    const page = await f.call<PageOut>(f.admin, 'pages.create', {
      sectionId: 'season',
      title: 'Earnest',
      blocks: [
        { type: 'image', asset: { productionId: 'earnest-2026', assetId: f.photo.id } },
        { type: 'video', asset: { productionId: 'earnest-2026', assetId: f.video.id } },
        { type: 'castList', productionId: 'earnest-2026' },
        { type: 'schedule', productionId: 'earnest-2026' },
        { type: 'gallery', galleryProductionId: 'earnest-2026', galleryId: 'rehearsals' },
      ],
    });
    expect(page.blocks).toHaveLength(5);
  });

  it('refuses bad input with a clear error and changes nothing', async () => {
    const page = await f.call<PageOut>(f.admin, 'pages.create', { sectionId: 'about', title: 'Auditions' });
    const before = heads('section:about');
    const cases: Array<[unknown, string, string]> = [
      [{ sectionId: 'about', title: 'Other', slug: 'auditions' }, 'conflict', 'slug'],
      [{ sectionId: 'about', title: 'Bad slug', slug: 'Not A Slug' }, 'invalid', 'slug'],
      [{ sectionId: 'about', title: 'X', blocks: [{ type: 'marquee', text: 'hi' }] }, 'invalid', 'blocks[0].type'],
      [{ sectionId: 'about', title: 'X', blocks: [{ type: 'image', asset: { productionId: 'earnest-2026', assetId: 'nope' }, alt: 'x' }] }, 'invalid', 'blocks[0].asset'],
      [{ sectionId: 'about', title: 'X', blocks: [{ type: 'castList', productionId: 'hamlet-1999' }] }, 'invalid', 'blocks[0].productionId'],
      [{ sectionId: 'about', title: 'X', blocks: [{ type: 'ticketLink', performanceId: 'perf-none' }] }, 'invalid', 'blocks[0].performanceId'],
      [{ sectionId: 'about', title: 'X', blocks: Array.from({ length: 201 }, () => para('x')) }, 'too_large', 'blocks'],
      [{ sectionId: 'about', title: 'X', blocks: Array.from({ length: 6 }, () => para('y'.repeat(19_000))) }, 'too_large', 'blocks'],
      [{ sectionId: 'nowhere', title: 'X' }, 'not_found', 'sectionId'],
    ];
    for (const [input, code, field] of cases) {
      const e = await failure(f.call(f.admin, 'pages.create', input));
      expect(e.code, JSON.stringify(input).slice(0, 80)).toBe(code);
      const fields = [e.details?.field, ...((e.details?.issues as Array<{ field: string }> | undefined) ?? []).map((i) => i.field)];
      expect(fields, e.message).toContain(field);
    }
    const e = await failure(f.call(f.admin, 'pages.addBlock', { sectionId: 'about', pageId: page.id, block: { type: 'image', asset: { productionId: 'earnest-2026', assetId: f.video.id }, alt: '' } }));
    expect(e.code).toBe('invalid');
    expect(heads('section:about')).toBe(before);
    expect((await f.call<PageOut[]>(f.admin, 'pages.list', { sectionId: 'about' })).map((p) => p.title)).toEqual(['Auditions']);
  });

  it('requires alt text for images (from the block or the asset)', async () => {
    const noAlt = { ...f.photo, id: 'asset-noalt', alt: '' };
    const { addAsset } = await import('../../../core/media/assets.ts');
    addAsset(f.t.app.store, noAlt);
    const page = await f.call<PageOut>(f.admin, 'pages.create', { sectionId: 'about', title: 'Gallery' });
    const e = await failure(f.call(f.admin, 'pages.addBlock', { sectionId: 'about', pageId: page.id, block: { type: 'image', asset: { productionId: 'earnest-2026', assetId: 'asset-noalt' } } }));
    expect(e.code).toBe('invalid');
    expect(e.details?.field).toBe('block.alt');
    await f.call(f.admin, 'pages.addBlock', { sectionId: 'about', pageId: page.id, block: { type: 'image', asset: { productionId: 'earnest-2026', assetId: 'asset-noalt' }, alt: 'The set at dusk' } });
  });
});

describe('permission isolation per section', () => {
  it('the costume designer edits Costumes and is refused on About', async () => {
    const page = await f.call<PageOut>(f.priya, 'pages.create', { sectionId: 'costumes', title: 'Costume shop hours', blocks: [para('Open Tuesdays 6–9 pm.')] });
    await f.call(f.priya, 'pages.updateBlock', { sectionId: 'costumes', pageId: page.id, blockId: page.blocks[0]!.id, block: para('Open Tuesdays and Thursdays 6–9 pm.') });
    await f.call(f.priya, 'pages.submit', { sectionId: 'costumes', pageId: page.id });

    const about = await f.call<PageOut>(f.admin, 'pages.create', { sectionId: 'about', title: 'About us', blocks: [para('Hello')] });
    const before = heads('section:about');
    const refused: Array<[string, unknown]> = [
      ['pages.create', { sectionId: 'about', title: 'Sneaky' }],
      ['pages.update', { sectionId: 'about', pageId: about.id, title: 'Mine now' }],
      ['pages.addBlock', { sectionId: 'about', pageId: about.id, block: para('x') }],
      ['pages.updateBlock', { sectionId: 'about', pageId: about.id, blockId: about.blocks[0]!.id, block: para('x') }],
      ['pages.removeBlock', { sectionId: 'about', pageId: about.id, blockId: about.blocks[0]!.id }],
      ['pages.delete', { sectionId: 'about', pageId: about.id }],
      ['pages.publish', { sectionId: 'costumes', pageId: page.id }],
      ['sections.create', { id: 'mine', title: 'Mine' }],
      ['theme.update', { companyName: 'Priya Players' }],
      ['site.build', {}],
    ];
    for (const [name, input] of refused) {
      const e = await failure(f.call(f.priya, name, input));
      expect(e.code, name).toBe('forbidden');
    }
    expect(heads('section:about')).toBe(before);
    // Reading is allowed (section editors see every section).
    expect((await f.call<PageOut>(f.priya, 'pages.get', { sectionId: 'about', pageId: about.id })).title).toBe('About us');
    // The admin publishes what Priya submitted.
    const published = await f.call<PageOut>(f.admin, 'pages.publish', { sectionId: 'costumes', pageId: page.id });
    expect(published.status).toBe('published');
    const audit = await f.call<Array<{ outcome: string; procedure: string }>>(f.admin, 'audit.list', { userId: f.priyaId });
    expect(audit.filter((e) => e.outcome === 'denied').length).toBe(refused.length);
  });
});

describe('theme', () => {
  it('refuses a palette that fails contrast, naming the pairs, and keeps the old theme', async () => {
    const e = await failure(f.call(f.admin, 'theme.update', { palette: { text: '#777777', background: '#888888', link: '#0000ee' } }));
    expect(e.code).toBe('invalid');
    expect(e.message).toContain('text on background');
    const failing = (e.details?.failing as Array<{ foreground: string; background: string }>).map((x) => `${x.foreground}/${x.background}`);
    expect(failing).toContain('text/background');
    expect(failing).toContain('muted/background');
    const theme = await f.call<{ theme: { palette: { text: string } } }>(f.admin, 'theme.get');
    expect(theme.theme.palette.text).toBe('#111827');
  });

  it('saves a passing theme; only theme.manage may', async () => {
    const r = await f.call<{ theme: { palette: Record<string, string>; fonts: { display: string } }; contrast: Array<{ passes: boolean }> }>(f.admin, 'theme.update', {
      palette: { primary: '#0f4c4c', accent: '#e0a526', onAccent: '#1a1a1a' },
      fonts: { display: 'serif-display', body: 'sans-humanist' },
    });
    expect(r.theme.palette.primary).toBe('#0f4c4c');
    expect(r.contrast.every((c) => c.passes)).toBe(true);
    expect((await failure(f.call(f.priya, 'theme.update', { palette: { primary: '#000000' } }))).code).toBe('forbidden');
    expect((await failure(f.call(f.admin, 'theme.update', { fonts: { body: 'comic-sans' } }))).code).toBe('invalid');
  });
});

describe('workflow and history', () => {
  it('publishes a snapshot: later edits stay off the website until republished', async () => {
    const page = await f.call<PageOut>(f.admin, 'pages.create', { sectionId: 'about', title: 'Contact', blocks: [para('Call us at the box office.')] });
    await f.call(f.admin, 'pages.submit', { sectionId: 'about', pageId: page.id });
    expect((await failure(f.call(f.admin, 'pages.submit', { sectionId: 'about', pageId: page.id }))).code).toBe('conflict');
    await f.call(f.admin, 'pages.publish', { sectionId: 'about', pageId: page.id });
    await f.call(f.admin, 'pages.updateBlock', { sectionId: 'about', pageId: page.id, blockId: page.blocks[0]!.id, block: para('DRAFT WORDING') });
    const now = await f.call<PageOut>(f.admin, 'pages.get', { sectionId: 'about', pageId: page.id });
    expect(now.changedSincePublish).toBe(true);
    const site = await f.call<{ files: Record<string, string> }>(f.admin, 'site.render');
    expect(site.files['contact.html']).toContain('Call us at the box office.');
    expect(site.files['contact.html']).not.toContain('DRAFT WORDING');
    const preview = await f.call<{ html: string }>(f.admin, 'site.preview', { sectionId: 'about', pageId: page.id });
    expect(preview.html).toContain('DRAFT WORDING');
    await f.call(f.admin, 'pages.publish', { sectionId: 'about', pageId: page.id });
    expect((await f.call<{ files: Record<string, string> }>(f.admin, 'site.render')).files['contact.html']).toContain('DRAFT WORDING');
    expect((await failure(f.call(f.admin, 'pages.delete', { sectionId: 'about', pageId: page.id }))).code).toBe('conflict');
    await f.call(f.admin, 'pages.unpublish', { sectionId: 'about', pageId: page.id });
    expect((await f.call<{ files: Record<string, string> }>(f.admin, 'site.render')).files['contact.html']).toBeUndefined();
  });

  it('lists revisions with their authors, compares two and restores one as a new audited change', async () => {
    const page = await f.call<PageOut>(f.priya, 'pages.create', { sectionId: 'costumes', title: 'Fittings', blocks: [para('Fittings are on Saturdays.')] });
    const blockId = page.blocks[0]!.id;
    f.t.clock.advance(60_000);
    await f.call(f.priya, 'pages.updateBlock', { sectionId: 'costumes', pageId: page.id, blockId, block: para('Fittings are on Saturday mornings.') });
    f.t.clock.advance(60_000);
    await f.call(f.admin, 'pages.update', { sectionId: 'costumes', pageId: page.id, title: 'Costume fittings' });
    await f.call(f.admin, 'pages.addBlock', { sectionId: 'costumes', pageId: page.id, block: { type: 'heading', text: 'Bring' } });
    const history = await f.call<Array<{ id: string; userName: string; summary: string; at: number }>>(f.admin, 'pages.history', { sectionId: 'costumes', pageId: page.id });
    expect(history.map((h) => h.userName)).toEqual(['Morgan Reyes', 'Morgan Reyes', 'Priya Natarajan', 'Priya Natarajan']);
    expect(history.at(-1)!.summary).toBe('Created page "Fittings"');
    const first = history.at(-1)!.id;
    const second = history.at(-2)!.id;
    const diff = await f.call<{ fields: unknown[]; blocks: Array<{ change: string; text?: Array<{ op: string; text: string }> }> }>(f.admin, 'pages.compare', { sectionId: 'costumes', pageId: page.id, from: first, to: second });
    expect(diff.fields).toEqual([]);
    expect(diff.blocks).toHaveLength(1);
    expect(diff.blocks[0]!.text).toEqual([
      { op: 'equal', text: 'Fittings are on ' },
      { op: 'delete', text: 'Saturdays.' },
      { op: 'insert', text: 'Saturday mornings.' },
    ]);
    const diff2 = await f.call<{ fields: Array<{ field: string; after: string }>; blocks: Array<{ change: string }> }>(f.admin, 'pages.compare', { sectionId: 'costumes', pageId: page.id, from: first, to: history[0]!.id });
    expect(diff2.fields).toEqual([{ field: 'title', before: 'Fittings', after: 'Costume fittings' }]);
    expect(diff2.blocks.map((b) => b.change).sort()).toEqual(['added', 'changed']);

    const restored = await f.call<PageOut>(f.priya, 'pages.restore', { sectionId: 'costumes', pageId: page.id, revision: first });
    expect(restored.title).toBe('Fittings');
    expect(restored.blocks.map((b) => b.spans?.map((s) => s.text).join(''))).toEqual(['Fittings are on Saturdays.']);
    expect(restored.blocks[0]!.id).toBe(blockId);
    const after = await f.call<Array<{ summary: string; userName: string }>>(f.admin, 'pages.history', { sectionId: 'costumes', pageId: page.id });
    expect(after).toHaveLength(5);
    expect(after[0]).toMatchObject({ userName: 'Priya Natarajan' });
    expect(after[0]!.summary).toMatch(/^Restored the revision of/);
    const audit = await f.call<Array<{ procedure: string; summary: string }>>(f.admin, 'audit.list', { userId: f.priyaId });
    expect(audit.some((e) => e.procedure === 'pages.restore' && e.summary.includes('Restored "Fittings"'))).toBe(true);
    expect((await failure(f.call(f.admin, 'pages.restore', { sectionId: 'costumes', pageId: page.id, revision: 'f'.repeat(64) }))).code).toBe('invalid');
  });
});

describe('presence', () => {
  it('shows who else is editing, and forgets them after the TTL', async () => {
    const page = await f.call<PageOut>(f.admin, 'pages.create', { sectionId: 'costumes', title: 'Wardrobe' });
    const key = { sectionId: 'costumes', pageId: page.id };
    await f.call(f.priya, 'pages.presence', key);
    f.t.clock.advance(10_000);
    const seen = await f.call<{ others: Array<{ name: string }> }>(f.admin, 'pages.presence', key);
    expect(seen.others.map((o) => o.name)).toEqual(['Priya Natarajan']);
    f.t.clock.advance(31_000);
    const later = await f.call<{ others: Array<{ name: string }> }>(f.priya, 'pages.presence', key);
    expect(later.others).toEqual([]);
    await f.call(f.priya, 'pages.presence', { ...key, editing: false });
    expect((await f.call<{ others: unknown[] }>(f.admin, 'pages.presence', { ...key, editing: false })).others).toEqual([]);
  });
});

describe('content_pages projection', () => {
  it('rebuilds to the same rows as incremental updates', async () => {
    const p = await f.call<PageOut>(f.admin, 'pages.create', { sectionId: 'about', title: 'One', blocks: [para('a')] });
    await f.call(f.admin, 'pages.create', { sectionId: 'season', title: 'Two' });
    await f.call(f.admin, 'pages.publish', { sectionId: 'about', pageId: p.id });
    await f.call(f.admin, 'pages.update', { sectionId: 'about', pageId: p.id, slug: 'uno' });
    await f.call(f.admin, 'pages.updateBlock', { sectionId: 'about', pageId: p.id, blockId: p.blocks[0]!.id, block: para('edited after publishing') });
    const rows = () => ({
      pages: f.t.app.store.db.prepare('SELECT * FROM content_pages ORDER BY section_id, page_id').all(),
      published: f.t.app.store.db.prepare('SELECT * FROM content_published ORDER BY section_id, page_id').all(),
    });
    const incremental = rows();
    f.t.app.store.reindex({ names: [contentPagesProjection.name] });
    expect(rows()).toEqual(incremental);
    expect(incremental.pages).toHaveLength(2);
    // The published snapshot is the content at publish time, not the later edit.
    expect(incremental.published).toHaveLength(1);
    const snapshot = (incremental.published[0] as { page_json: string }).page_json;
    expect(snapshot).toContain('"text":"a"');
    expect(snapshot).not.toContain('edited after publishing');
  });
});

describe('pages.blockOptions', () => {
  type Options = { productions: Array<{ id: string }>; options: Array<{ id: string; productionId: string | null; label: string; detail: string; published: boolean; alt: string }> };
  it('lists what referenced blocks may point at, to whoever may edit the section, and each choice makes a valid block', async () => {
    const images = await f.call<Options>(f.priya, 'pages.blockOptions', { sectionId: 'costumes', kind: 'image' });
    expect(images.options).toEqual([expect.objectContaining({ id: f.photo.id, productionId: 'earnest-2026', label: 'Lady Bracknell', published: true, alt: f.photo.alt })]);
    expect(images.productions.map((p) => p.id)).toEqual(['earnest-2026']);
    expect((await f.call<Options>(f.priya, 'pages.blockOptions', { sectionId: 'costumes', kind: 'image', query: 'nothing like this' })).options).toEqual([]);
    expect((await f.call<Options>(f.priya, 'pages.blockOptions', { sectionId: 'costumes', kind: 'image', productionId: 'other-2027' })).options).toEqual([]);
    const videos = await f.call<Options>(f.priya, 'pages.blockOptions', { sectionId: 'costumes', kind: 'video', productionId: 'earnest-2026' });
    expect(videos.options.map((o) => [o.id, o.detail])).toEqual([[f.video.id, 'The Importance of Being Earnest · youtube']]);
    const productions = await f.call<Options>(f.priya, 'pages.blockOptions', { sectionId: 'costumes', kind: 'production', query: 'earnest' });
    expect(productions.options.map((o) => o.id)).toEqual(['earnest-2026']);
    const galleries = await f.call<Options>(f.priya, 'pages.blockOptions', { sectionId: 'costumes', kind: 'gallery', productionId: 'earnest-2026' });
    expect(galleries.options).toEqual([expect.objectContaining({ id: 'rehearsals', productionId: 'earnest-2026', label: 'In rehearsal', detail: 'The Importance of Being Earnest · 1 item' })]);
    expect((await f.call<Options>(f.priya, 'pages.blockOptions', { sectionId: 'costumes', kind: 'performance' })).options).toEqual([]);
    // What the picker offers is accepted as a block.
    const page = await f.call<PageOut>(f.priya, 'pages.create', {
      sectionId: 'costumes',
      title: 'Earnest costumes',
      blocks: [
        { type: 'image', asset: { productionId: images.options[0]!.productionId, assetId: images.options[0]!.id }, caption: '', alt: '' },
        { type: 'castList', productionId: productions.options[0]!.id, title: 'Cast and company' },
        { type: 'gallery', galleryProductionId: galleries.options[0]!.productionId, galleryId: galleries.options[0]!.id, title: 'In rehearsal' },
      ],
    });
    expect(page.blocks.map((b) => b.type)).toEqual(['image', 'castList', 'gallery']);
    // Listing choices is part of editing: refused where the user may not edit.
    await expect(f.call(f.priya, 'pages.blockOptions', { sectionId: 'about', kind: 'image' })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(f.call(f.admin, 'pages.blockOptions', { sectionId: 'about', kind: 'sound' })).rejects.toMatchObject({ code: 'invalid' });
    await expect(f.call(f.admin, 'pages.blockOptions', { sectionId: 'nowhere', kind: 'image' })).rejects.toMatchObject({ code: 'not_found' });
  });
});
