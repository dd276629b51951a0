import type { Store } from '../../store/store.ts';
import { sectionDocId, type Page, type Section, type SectionDoc } from '../model.ts';
import { ORG_DOC_ID, type OrgDoc } from '../org.ts';
import { publishedPage, readPage } from '../pages.ts';
import { listPages, publishedSnapshots } from '../projection.ts';
import { References, type AssetInfo } from '../references.ts';
import { listSections } from '../sections.ts';
import { toTheme, type Theme } from '../theme.ts';
import { homeDocument, pageDocument, productionDocument, productionsIndex, sectionIndex, stylesheet, type SiteContext } from './templates.ts';

/**
 * The website build: every published page (as it was when published), a page per section,
 * the productions with their cast, schedule and galleries, and a home page, rendered through
 * the one template set with the theme as CSS custom properties. Pure and synchronous: it
 * returns the files as text plus the list of media blobs the pages show; writing them (and
 * copying the blobs) is the caller's job.
 */

export interface SiteMedia {
  path: string;
  hash: string;
  mime: string;
}

export interface SiteBuild {
  files: Record<string, string>;
  media: SiteMedia[];
  pages: number;
  productions: number;
  theme: Theme;
}

const EXT: Record<string, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp', 'image/gif': 'gif', 'image/avif': 'avif', 'video/mp4': 'mp4', 'video/webm': 'webm' };

interface Base {
  theme: Theme;
  company: SiteContext['company'];
  timeZone: string;
  refs: References;
  sections: Section[];
}

function base(store: Store): Base {
  const org = store.doc<OrgDoc>(ORG_DOC_ID);
  return {
    theme: toTheme(org.theme, org.company.name),
    company: { name: org.company.name, city: org.company.city, email: org.company.email, website: org.company.website },
    timeZone: org.company.timeZone || 'UTC',
    refs: new References(store.db),
    sections: listSections(store),
  };
}

function topOf(sections: Map<string, Section>, s: Section): Section {
  let cur = s;
  const seen = new Set<string>();
  while (cur.parent && sections.has(cur.parent) && !seen.has(cur.id)) {
    seen.add(cur.id);
    cur = sections.get(cur.parent)!;
  }
  return cur;
}

function context(b: Base, root: string, nav: SiteContext['nav'], mediaUrl: (a: AssetInfo) => string | undefined, style: SiteContext['style']): SiteContext {
  const logo = b.theme.logo ? b.refs.asset(b.theme.logo) : undefined;
  return { theme: b.theme, company: b.company, nav, root, style, mediaUrl, logo: logo?.published ? logo : undefined, resolve: b.refs, timeZone: b.timeZone };
}

export function buildSite(store: Store): SiteBuild {
  const b = base(store);
  const files: Record<string, string> = {};
  const media = new Map<string, SiteMedia>();
  const mediaPath = (a: AssetInfo): string | undefined => {
    const blob = a.mime.startsWith('video/') && a.hash ? { hash: a.hash, mime: a.mime } : b.refs.imageBlob(a);
    if (!blob) return undefined;
    const path = `media/${blob.hash}.${EXT[blob.mime] ?? 'bin'}`;
    media.set(path, { path, hash: blob.hash, mime: blob.mime });
    return path;
  };
  const byId = new Map(b.sections.map((s) => [s.id, s]));

  // Published pages, per section, as of their publish heads.
  const published = new Map<string, Page[]>();
  // From the published snapshots (content_published): no document history is read here.
  const snapshots = publishedSnapshots(store.db);
  for (const row of listPages(store.db).filter((r) => r.published)) {
    if (!byId.has(row.sectionId)) continue;
    const snapshot = snapshots.get(`${row.sectionId}/${row.pageId}`);
    const page = snapshot
      ? { ...snapshot, status: 'published' as const, publishedAt: row.publishedAt, slug: row.slug }
      : publishedPage(store, store.doc<SectionDoc>(sectionDocId(row.sectionId)), row.sectionId, row.pageId);
    if (!page) continue;
    const list = published.get(row.sectionId) ?? [];
    list.push(page);
    published.set(row.sectionId, list);
  }
  const hasContent = (s: Section): boolean => (published.get(s.id)?.length ?? 0) > 0 || b.sections.some((c) => c.parent === s.id && hasContent(c));
  const productions = b.refs.productions();
  const nav: SiteContext['nav'] = [{ id: 'home', title: 'Home', href: 'index.html' }];
  for (const s of b.sections) if (s.parent === null && hasContent(s)) nav.push({ id: `section:${s.id}`, title: s.title, href: `sections/${s.id}.html` });
  if (productions.length) nav.push({ id: 'productions', title: 'Productions', href: 'productions/index.html' });

  const rootCtx = context(b, '', nav, mediaPath, { href: 'style.css' });
  const subCtx = context(b, '../', nav, (a) => {
    const p = mediaPath(a);
    return p ? `../${p}` : undefined;
  }, { href: '../style.css' });

  files['style.css'] = stylesheet(b.theme);
  let pages = 0;
  let home: Page | undefined;
  for (const [sectionId, list] of published) {
    const section = byId.get(sectionId)!;
    const navId = `section:${topOf(byId, section).id}`;
    for (const page of list) {
      pages++;
      if (page.slug === 'home') home = page;
      files[`${page.slug}.html`] = pageDocument(rootCtx, page, navId);
    }
  }
  for (const s of b.sections) {
    if (!hasContent(s)) continue;
    const navId = `section:${topOf(byId, s).id}`;
    const own = (published.get(s.id) ?? []).filter((p) => p.slug !== 'home').map((p) => ({ title: p.title, href: `${p.slug}.html` }));
    const children = b.sections.filter((c) => c.parent === s.id && hasContent(c)).map((c) => ({ title: c.title, href: `sections/${c.id}.html`, description: c.description }));
    files[`sections/${s.id}.html`] = sectionIndex(subCtx, s, navId, own, children);
  }
  files['index.html'] = home
    ? pageDocument(rootCtx, home, 'home')
    : homeDocument(
        rootCtx,
        productions.filter((p) => ['planning', 'auditions', 'rehearsals', 'running'].includes(p.status)).slice(0, 6),
        b.sections.filter((s) => s.parent === null && hasContent(s)).map((s) => ({ title: s.title, href: `sections/${s.id}.html`, description: s.description })),
      );
  if (productions.length) {
    files['productions/index.html'] = productionsIndex(subCtx, productions);
    const galleriesOf = galleriesByProduction(store);
    for (const p of productions) {
      const galleries = (galleriesOf.get(p.id) ?? []).map((g) => b.refs.gallery(p.id, g)).filter((g) => g !== undefined);
      files[`productions/${p.id}.html`] = productionDocument(subCtx, p, galleries);
    }
  }
  return { files, media: [...media.values()].sort((x, y) => x.path.localeCompare(y.path)), pages, productions: productions.length, theme: b.theme };
}

function galleriesByProduction(store: Store): Map<string, string[]> {
  const out = new Map<string, string[]>();
  try {
    const rows = store.db.prepare('SELECT id, production_id FROM media_galleries WHERE production_id IS NOT NULL ORDER BY title').all() as Array<{ id: string; production_id: string }>;
    for (const r of rows) out.set(r.production_id, [...(out.get(r.production_id) ?? []), r.id]);
  } catch {
    // no media module in this store
  }
  return out;
}

/**
 * One page rendered with the site's templates, for the in-app preview: its current content
 * (not only the published one), CSS inline, images from the daemon's media route.
 */
export function previewPage(store: Store, sectionId: string, pageId: string, options: { published?: boolean; mediaBase?: string } = {}): string | undefined {
  const b = base(store);
  const doc = store.doc<SectionDoc>(sectionDocId(sectionId));
  const page = options.published ? publishedPage(store, doc, sectionId, pageId) : readPage(doc, sectionId, pageId);
  if (!page) return undefined;
  const mediaBase = options.mediaBase ?? '/media/blob/';
  const mediaUrl = (a: AssetInfo) => (a.embed ? undefined : `${mediaBase}${encodeURIComponent(a.productionId)}/${encodeURIComponent(a.id)}/web`);
  const nav = b.sections.filter((s) => s.parent === null).map((s) => ({ id: `section:${s.id}`, title: s.title, href: `sections/${s.id}.html` }));
  const byId = new Map(b.sections.map((s) => [s.id, s]));
  const section = byId.get(sectionId);
  const ctx = context(b, '', nav, mediaUrl, { inline: stylesheet(b.theme) });
  return pageDocument(ctx, page, section ? `section:${topOf(byId, section).id}` : undefined);
}
