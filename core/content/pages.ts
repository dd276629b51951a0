import { randomBytes } from 'node:crypto';
import * as A from '@automerge/automerge';
import { CallboardError } from '../errors.ts';
import type { Store } from '../store/store.ts';
import { blockChars, cleanBlock, readBlock, writeBlock } from './blocks.ts';
import {
  changeMessage,
  imm,
  LIMITS,
  sectionDocId,
  str,
  type Block,
  type BlockContent,
  type BlockRecord,
  type Page,
  type PageRecord,
  type PageStatus,
  type SectionDoc,
} from './model.ts';
import { ordered, readPage } from './page-read.ts';
import { References } from './references.ts';

export { readPage } from './page-read.ts';
import { cleanText } from './sanitize.ts';
import { findSlug, publishedSnapshot } from './projection.ts';
import { requireSection } from './sections.ts';

/**
 * Pages and their blocks, inside a section's document. Every write cleans its input, checks
 * the references it makes, and records its author and page in the change message (the
 * revision history reads them back).
 */

export interface Actor {
  userId: string;
  now: number;
}

export const SLUG_RE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const RESERVED_SLUGS = new Set(['index', 'productions', 'style', 'media', 'site', 'api', 'assets']);

export function newPageId(): string {
  return `pg-${randomBytes(5).toString('hex')}`;
}
export function newBlockId(): string {
  return `bk-${randomBytes(5).toString('hex')}`;
}

export function slugify(title: string): string {
  const s = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/g, '');
  return s || 'page';
}

const invalid = (field: string, message: string) => new CallboardError('invalid', `${field}: ${message}`, { field, issues: [{ field, message }] });

function checkSlug(store: Store, slug: string, self: { sectionId: string; pageId: string } | null): string {
  if (!SLUG_RE.test(slug) || slug.length > 80) throw invalid('slug', 'use lowercase letters, digits and single hyphens (at most 80)');
  if (RESERVED_SLUGS.has(slug)) throw invalid('slug', `"${slug}" is reserved for the website`);
  const taken = findSlug(store.db, slug);
  if (taken && (!self || taken.sectionId !== self.sectionId || taken.pageId !== self.pageId)) {
    throw new CallboardError('conflict', `The slug "${slug}" is already used by the page "${taken.title}"`, { field: 'slug', slug, pageId: taken.pageId, sectionId: taken.sectionId });
  }
  return slug;
}

function uniqueSlug(store: Store, base: string): string {
  let slug = base;
  for (let i = 2; findSlug(store.db, slug) || RESERVED_SLUGS.has(slug); i++) slug = `${base.slice(0, 76)}-${i}`;
  return slug;
}

export function sectionDoc(store: Store, sectionId: string): A.Doc<SectionDoc> {
  requireSection(store, sectionId);
  return store.doc<SectionDoc>(sectionDocId(sectionId));
}

function requirePage(doc: A.Doc<SectionDoc>, pageId: string, sectionId: string): PageRecord {
  const p = Object.hasOwn(doc.pages, pageId) ? doc.pages[pageId] : undefined;
  if (!p) throw new CallboardError('not_found', `No page ${pageId} in section ${sectionId}`, { field: 'pageId', pageId });
  return p;
}

export function getPage(store: Store, sectionId: string, pageId: string): Page {
  const doc = sectionDoc(store, sectionId);
  requirePage(doc, pageId, sectionId);
  return readPage(doc, sectionId, pageId)!;
}

/** The page as last published (content at the publish heads, from its snapshot), or undefined. */
export function publishedPage(store: Store, doc: A.Doc<SectionDoc>, sectionId: string, pageId: string): Page | undefined {
  const r = Object.hasOwn(doc.pages ?? {}, pageId) ? doc.pages[pageId] : undefined;
  if (!r || str(r.status) !== 'published' || !r.publishedHeads) return undefined;
  // The projection keeps the snapshot in step with the document; the view is only a fallback.
  const page = publishedSnapshot(store.db, sectionId, pageId) ?? readPage(A.view(doc, r.publishedHeads.map((h) => str(h))), sectionId, pageId);
  return page ? { ...page, status: 'published', publishedAt: r.publishedAt ?? null, slug: str(r.slug) } : undefined;
}

/** Whether the page's content differs from what was published. */
export function changedSincePublish(store: Store, doc: A.Doc<SectionDoc>, sectionId: string, pageId: string): boolean {
  const pub = publishedPage(store, doc, sectionId, pageId);
  const cur = readPage(doc, sectionId, pageId);
  if (!pub || !cur) return false;
  return JSON.stringify([pub.title, pub.blocks]) !== JSON.stringify([cur.title, cur.blocks]);
}

function precheck(chars: number): void {
  if (chars > LIMITS.pageChars) {
    throw new CallboardError('too_large', `The page would be too large (${chars} characters of text; at most ${LIMITS.pageChars})`, { field: 'blocks', limit: LIMITS.pageChars });
  }
}

/** Characters of text a page holds: every string field of its blocks (cheap: no marks are read). */
function rawChars(page: PageRecord, except?: string): number {
  let n = typeof page.title === 'string' ? page.title.length : 0;
  for (const [id, b] of Object.entries(page.blocks ?? {})) {
    if (id === except) continue;
    for (const v of Object.values(b)) if (typeof v === 'string') n += v.length;
  }
  return n;
}

function currentChars(doc: A.Doc<SectionDoc>, _sectionId: string, pageId: string, except?: string): number {
  return rawChars(doc.pages[pageId]!, except);
}

function change(store: Store, sectionId: string, actor: Actor, pageId: string, summary: string, fn: (d: SectionDoc) => void): A.Doc<SectionDoc> {
  return store.change<SectionDoc>(sectionDocId(sectionId), fn, { message: changeMessage({ u: actor.userId, p: pageId, s: summary }) });
}

function touch(p: PageRecord, actor: Actor): void {
  p.updatedAt = actor.now;
  if (str(p.updatedBy) !== actor.userId) p.updatedBy = imm(actor.userId);
}


export interface NewPage {
  title: string;
  slug?: string | undefined;
  blocks?: BlockContent[] | undefined;
}

export function createPage(store: Store, sectionId: string, input: NewPage, actor: Actor): Page {
  const doc = sectionDoc(store, sectionId);
  if (Object.keys(doc.pages).length >= LIMITS.pagesPerSection) {
    throw new CallboardError('too_large', `A section holds at most ${LIMITS.pagesPerSection} pages`, { field: 'sectionId', limit: LIMITS.pagesPerSection });
  }
  const title = cleanText(input.title, { field: 'title', max: LIMITS.titleChars });
  if (title === '') throw invalid('title', 'a page needs a title');
  const slug = input.slug !== undefined ? checkSlug(store, input.slug, null) : uniqueSlug(store, slugify(title));
  const refs = new References(store.db);
  const blocks = (input.blocks ?? []).map((b, i) => cleanBlock(b, refs, `blocks[${i}]`));
  if (blocks.length > LIMITS.blocksPerPage) throw new CallboardError('too_large', `A page holds at most ${LIMITS.blocksPerPage} blocks`, { field: 'blocks', limit: LIMITS.blocksPerPage });
  precheck(title.length + blocks.reduce((n, b) => n + blockChars(b), 0));
  const id = newPageId();
  change(store, sectionId, actor, id, `Created page "${title}"`, (d) => {
    d.pages[id] = {
      id: imm(id),
      title: '',
      slug: imm(slug),
      status: imm('draft'),
      blocks: {},
      createdAt: actor.now,
      createdBy: imm(actor.userId),
      updatedAt: actor.now,
      updatedBy: imm(actor.userId),
      publishedHeads: null,
      publishedAt: null,
      publishedBy: null,
      submittedBy: null,
      submittedAt: null,
    };
    A.updateText(d as unknown as A.Doc<unknown>, ['pages', id, 'title'], title);
    blocks.forEach((content, i) => {
      const bid = newBlockId();
      d.pages[id]!.blocks[bid] = { id: imm(bid), type: imm(content.type), position: i + 1 };
      writeBlock(d as unknown as A.Doc<unknown>, ['pages', id, 'blocks', bid], d.pages[id]!.blocks[bid]!, content);
    });
  });
  return getPage(store, sectionId, id);
}

export function updatePage(store: Store, sectionId: string, pageId: string, patch: { title?: string | undefined; slug?: string | undefined }, actor: Actor): { before: Page; after: Page } {
  const doc = sectionDoc(store, sectionId);
  requirePage(doc, pageId, sectionId);
  const before = readPage(doc, sectionId, pageId)!;
  const title = patch.title === undefined ? undefined : cleanText(patch.title, { field: 'title', max: LIMITS.titleChars });
  if (title === '') throw invalid('title', 'a page needs a title');
  const slug = patch.slug === undefined ? undefined : checkSlug(store, patch.slug, { sectionId, pageId });
  change(store, sectionId, actor, pageId, 'Changed the page title or address', (d) => {
    const p = d.pages[pageId]!;
    if (title !== undefined) A.updateText(d as unknown as A.Doc<unknown>, ['pages', pageId, 'title'], title);
    if (slug !== undefined && str(p.slug) !== slug) p.slug = imm(slug);
    touch(p, actor);
  });
  return { before, after: getPage(store, sectionId, pageId) };
}

/** Position for a block placed right after `after` (null: first). */
function positionAfter(blocks: BlockRecord[], after: string | null, moving: string | null): number | null {
  const list = blocks.filter((b) => str(b.id) !== moving);
  if (list.length === 0) return 1;
  if (after === null) return list[0]!.position - 1;
  const i = list.findIndex((b) => str(b.id) === after);
  if (i < 0) throw invalid('after', `no block ${after} on this page`);
  const prev = list[i]!.position;
  const next = list[i + 1]?.position;
  if (next === undefined) return prev + 1;
  const mid = prev + (next - prev) / 2;
  return mid > prev && mid < next ? mid : null;
}

/**
 * Where to put `blockId` so it follows `after`, computed on the materialized document (cheap)
 * and applied inside the change: its new position, plus renumbered positions for every block
 * when the fractions between two neighbours are exhausted.
 */
function placement(page: PageRecord, blockId: string, after: string | null): { position: number; renumber: Map<string, number> | null } {
  const list = ordered(page.blocks);
  const pos = positionAfter(list, after, blockId);
  if (pos !== null) return { position: pos, renumber: null };
  const renumber = new Map<string, number>();
  const rest = list.filter((b) => str(b.id) !== blockId);
  const at = after === null ? 0 : rest.findIndex((b) => str(b.id) === after) + 1;
  rest.forEach((b, i) => renumber.set(str(b.id), i + 1 + (i >= at ? 1 : 0)));
  return { position: at + 1, renumber };
}

function applyPlacement(p: PageRecord, blockId: string, placed: { position: number; renumber: Map<string, number> | null }): void {
  if (placed.renumber) for (const [id, n] of placed.renumber) if (p.blocks[id]) p.blocks[id]!.position = n;
  p.blocks[blockId]!.position = placed.position;
}

export function addBlock(store: Store, sectionId: string, pageId: string, content: BlockContent, after: string | null | undefined, actor: Actor): Block {
  const doc = sectionDoc(store, sectionId);
  const page = requirePage(doc, pageId, sectionId);
  const cleaned = cleanBlock(content, new References(store.db));
  precheck(currentChars(doc, sectionId, pageId) + blockChars(cleaned));
  if (Object.keys(page.blocks).length >= LIMITS.blocksPerPage) {
    throw new CallboardError('too_large', `A page holds at most ${LIMITS.blocksPerPage} blocks`, { field: 'blocks', limit: LIMITS.blocksPerPage });
  }
  const id = newBlockId();
  const last = ordered(page.blocks).at(-1);
  const afterId = after === undefined ? (last ? str(last.id) : null) : after;
  if (afterId !== null) requireBlock(page, afterId);
  const placed = placement(page, id, afterId);
  change(store, sectionId, actor, pageId, `Added a ${cleaned.type} block`, (d) => {
    const p = d.pages[pageId]!;
    p.blocks[id] = { id: imm(id), type: imm(cleaned.type), position: 0 };
    applyPlacement(p, id, placed);
    writeBlock(d as unknown as A.Doc<unknown>, ['pages', pageId, 'blocks', id], p.blocks[id]!, cleaned);
    touch(p, actor);
  });
  return blockOf(store, sectionId, pageId, id);
}

function blockOf(store: Store, sectionId: string, pageId: string, blockId: string): Block {
  const doc = store.doc<SectionDoc>(sectionDocId(sectionId));
  return readBlock(doc, ['pages', pageId, 'blocks', blockId], doc.pages[pageId]!.blocks[blockId]!)!;
}

function requireBlock(page: PageRecord, blockId: string): BlockRecord {
  const b = Object.hasOwn(page.blocks, blockId) ? page.blocks[blockId] : undefined;
  if (!b) throw new CallboardError('not_found', `No block ${blockId} on this page`, { field: 'blockId', blockId });
  return b;
}

export function updateBlock(store: Store, sectionId: string, pageId: string, blockId: string, content: BlockContent, actor: Actor): { before: Block; after: Block } {
  const doc = sectionDoc(store, sectionId);
  const page = requirePage(doc, pageId, sectionId);
  const record = requireBlock(page, blockId);
  if (str(record.type) !== content.type) throw invalid('block.type', `this block is a ${str(record.type)} block; add a new block to change its type`);
  const before = readBlock(doc, ['pages', pageId, 'blocks', blockId], record)!;
  const cleaned = cleanBlock(content, new References(store.db));
  precheck(currentChars(doc, sectionId, pageId, blockId) + blockChars(cleaned));
  change(store, sectionId, actor, pageId, `Edited a ${cleaned.type} block`, (d) => {
    const p = d.pages[pageId]!;
    writeBlock(d as unknown as A.Doc<unknown>, ['pages', pageId, 'blocks', blockId], p.blocks[blockId]!, cleaned);
    touch(p, actor);
  });
  return { before, after: blockOf(store, sectionId, pageId, blockId) };
}

export function moveBlock(store: Store, sectionId: string, pageId: string, blockId: string, after: string | null, actor: Actor): Page {
  const doc = sectionDoc(store, sectionId);
  const page = requirePage(doc, pageId, sectionId);
  requireBlock(page, blockId);
  if (after === blockId) throw invalid('after', 'a block cannot follow itself');
  if (after !== null) requireBlock(page, after);
  const placed = placement(page, blockId, after);
  change(store, sectionId, actor, pageId, 'Moved a block', (d) => {
    const p = d.pages[pageId]!;
    applyPlacement(p, blockId, placed);
    touch(p, actor);
  });
  return getPage(store, sectionId, pageId);
}

export function removeBlock(store: Store, sectionId: string, pageId: string, blockId: string, actor: Actor): Block {
  const doc = sectionDoc(store, sectionId);
  const page = requirePage(doc, pageId, sectionId);
  const before = readBlock(doc, ['pages', pageId, 'blocks', blockId], requireBlock(page, blockId))!;
  change(store, sectionId, actor, pageId, `Removed a ${before.type} block`, (d) => {
    const p = d.pages[pageId]!;
    delete p.blocks[blockId];
    touch(p, actor);
  });
  return before;
}

export function setStatus(store: Store, sectionId: string, pageId: string, to: PageStatus, actor: Actor): { before: PageStatus; after: PageStatus } {
  const doc = sectionDoc(store, sectionId);
  const page = requirePage(doc, pageId, sectionId);
  const before = str(page.status) as PageStatus;
  if (to === 'in_review' && before === 'in_review') throw new CallboardError('conflict', 'This page is already waiting for review', { field: 'status' });
  const heads = A.getHeads(doc);
  const verb = to === 'published' ? 'Published' : to === 'in_review' ? 'Submitted for review' : before === 'published' ? 'Unpublished' : 'Returned to draft';
  change(store, sectionId, actor, pageId, verb, (d) => {
    const p = d.pages[pageId]!;
    if (str(p.status) !== to) p.status = imm(to);
    if (to === 'published') {
      p.publishedHeads = heads.map((h) => imm(h));
      p.publishedAt = actor.now;
      p.publishedBy = imm(actor.userId);
      p.submittedBy = null;
      p.submittedAt = null;
    } else if (to === 'in_review') {
      p.submittedBy = imm(actor.userId);
      p.submittedAt = actor.now;
    } else {
      p.publishedHeads = null;
      p.publishedAt = null;
      p.publishedBy = null;
      p.submittedBy = null;
      p.submittedAt = null;
    }
    touch(p, actor);
  });
  return { before, after: to };
}

export function deletePage(store: Store, sectionId: string, pageId: string, actor: Actor): Page {
  const doc = sectionDoc(store, sectionId);
  const page = requirePage(doc, pageId, sectionId);
  if (str(page.status) === 'published') throw new CallboardError('conflict', 'Unpublish the page before deleting it', { field: 'pageId' });
  const before = readPage(doc, sectionId, pageId)!;
  change(store, sectionId, actor, pageId, `Deleted page "${before.title}"`, (d) => {
    delete d.pages[pageId];
  });
  return before;
}
