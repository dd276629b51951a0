import * as A from '@automerge/automerge';

/**
 * The content domain's records. Sections are registered in the `org` document; each section
 * has one document (`section:<id>`, scope `section:<id>`) holding its pages. A page is a
 * title, a slug, a status and a set of typed blocks ordered by a fractional `position` (so a
 * move is one field write: concurrent moves converge without duplicating a block, and
 * concurrent text edits inside a moved block survive). Prose (text and call-out bodies,
 * headings, captions) is Automerge collaborative text; everything else (ids, enums, slugs,
 * URLs, references) is ImmutableString. See docs/decisions/0006-content.md.
 */

export type Str = string | A.ImmutableString;
export const imm = (v: string): A.ImmutableString => new A.ImmutableString(v);
export const str = (v: Str | null | undefined): string => (v === null || v === undefined ? '' : typeof v === 'string' ? v : v.val);
export const strOrNull = (v: Str | null | undefined): string | null => (v === null || v === undefined ? null : str(v));

export const SECTION_DOC_TYPE = 'section';
export const sectionDocId = (sectionId: string): string => `section:${sectionId}`;
export const sectionScope = (sectionId: string): string => `section:${sectionId}`;

export const PAGE_STATUSES = ['draft', 'in_review', 'published'] as const;
export type PageStatus = (typeof PAGE_STATUSES)[number];

export const TEXT_STYLES = ['paragraph', 'bullets', 'numbered', 'quote'] as const;
export type TextStyle = (typeof TEXT_STYLES)[number];

export const MARK_NAMES = ['bold', 'italic', 'link'] as const;
export type MarkName = (typeof MARK_NAMES)[number];

export const BLOCK_TYPES = ['heading', 'text', 'image', 'video', 'castList', 'schedule', 'ticketLink', 'gallery', 'callout'] as const;
export type BlockType = (typeof BLOCK_TYPES)[number];

/** Limits: a page stays a small part of a small document (DESIGN: documents stay small). */
export const LIMITS = {
  blocksPerPage: 200,
  pagesPerSection: 300,
  textChars: 20_000,
  headingChars: 500,
  titleChars: 200,
  captionChars: 1_000,
  urlChars: 2_000,
  /** Sum of every block's text on one page. */
  pageChars: 100_000,
  spansPerText: 2_000,
} as const;

/** A run of text with its marks, as editors send it and the API returns it. */
export interface Span {
  text: string;
  bold?: boolean;
  italic?: boolean;
  /** http, https or mailto URL. */
  link?: string;
}

export interface MediaRef {
  productionId: string;
  assetId: string;
}

/** Blocks as the API accepts and returns them (plain strings; text as spans). */
export type BlockContent =
  | { type: 'heading'; text: string; level: 2 | 3 }
  | { type: 'text'; style: TextStyle; spans: Span[] }
  | { type: 'image'; asset: MediaRef; caption: string; alt: string }
  | { type: 'video'; asset: MediaRef; caption: string }
  | { type: 'castList'; productionId: string; title: string }
  | { type: 'schedule'; productionId: string; title: string }
  | { type: 'ticketLink'; performanceId: string; label: string }
  | { type: 'gallery'; galleryProductionId: string | null; galleryId: string; title: string }
  | { type: 'callout'; tone: 'info' | 'highlight'; title: string; spans: Span[]; linkLabel: string; linkUrl: string };

export type Block = BlockContent & { id: string };

/** The stored block: `text` is collaborative text (with marks for text and call-out), the rest immutable. */
export interface BlockRecord {
  id: Str;
  type: Str;
  position: number;
  [field: string]: unknown;
}

export interface PageRecord {
  id: Str;
  title: string;
  slug: Str;
  status: Str;
  blocks: Record<string, BlockRecord>;
  createdAt: number;
  createdBy: Str;
  updatedAt: number;
  updatedBy: Str;
  /** Heads of the section document at the last publish; the website renders the page as of then. */
  publishedHeads: Str[] | null;
  publishedAt: number | null;
  publishedBy: Str | null;
  /** Who asked for review, and when. */
  submittedBy: Str | null;
  submittedAt: number | null;
}

export interface SectionDoc {
  sectionId: Str;
  pages: Record<string, PageRecord>;
}

export interface Page {
  id: string;
  sectionId: string;
  title: string;
  slug: string;
  status: PageStatus;
  blocks: Block[];
  createdAt: number;
  createdBy: string;
  updatedAt: number;
  updatedBy: string;
  publishedAt: number | null;
  publishedBy: string | null;
  submittedBy: string | null;
  submittedAt: number | null;
}

/** A section of the registry (in the `org` document). */
export interface Section {
  id: string;
  title: string;
  parent: string | null;
  description: string;
  /** The role that owns (edits) the section, or null. */
  ownerRole: string | null;
  position: number;
  createdAt: number;
}

export interface SectionRecord {
  id: Str;
  title: Str;
  parent: Str | null;
  description: Str;
  ownerRole: Str | null;
  position: number;
  createdAt: number;
}

export function toSection(r: SectionRecord): Section {
  return {
    id: str(r.id),
    title: str(r.title),
    parent: strOrNull(r.parent),
    description: str(r.description),
    ownerRole: strOrNull(r.ownerRole),
    position: r.position,
    createdAt: r.createdAt,
  };
}

/** Change messages of content edits carry the author and the page: `{"u":user,"p":page,"s":summary}`. */
export interface ChangeNote {
  u: string;
  p?: string;
  s: string;
}

export function changeMessage(note: ChangeNote): string {
  return JSON.stringify(note);
}

export function parseChangeMessage(message: string | null | undefined): ChangeNote | null {
  if (!message || message[0] !== '{') return null;
  try {
    const v = JSON.parse(message) as Partial<ChangeNote>;
    if (typeof v.u === 'string' && typeof v.s === 'string') return { u: v.u, s: v.s, ...(typeof v.p === 'string' ? { p: v.p } : {}) };
  } catch {
    // not ours
  }
  return null;
}
