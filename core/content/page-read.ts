import type * as A from '@automerge/automerge';
import { readBlock } from './blocks.ts';
import { PAGE_STATUSES, str, strOrNull, type Block, type BlockRecord, type Page, type PageStatus, type SectionDoc } from './model.ts';

/** Reading a page out of a section document (at any heads), shared by pages.ts and the projection. */

export function ordered(blocks: Record<string, BlockRecord>): BlockRecord[] {
  return Object.values(blocks).sort((a, b) => a.position - b.position || str(a.id).localeCompare(str(b.id)));
}

/** The page in API form, from a document (at any heads). */
export function readPage(doc: A.Doc<SectionDoc>, sectionId: string, pageId: string): Page | undefined {
  const r = Object.hasOwn(doc.pages ?? {}, pageId) ? doc.pages[pageId] : undefined;
  if (!r) return undefined;
  const blocks: Block[] = [];
  for (const b of ordered(r.blocks ?? {})) {
    const block = readBlock(doc, ['pages', pageId, 'blocks', str(b.id)], b);
    if (block) blocks.push(block);
  }
  const status = str(r.status) as PageStatus;
  return {
    id: str(r.id),
    sectionId,
    title: typeof r.title === 'string' ? r.title : str(r.title),
    slug: str(r.slug),
    status: (PAGE_STATUSES as readonly string[]).includes(status) ? status : 'draft',
    blocks,
    createdAt: r.createdAt,
    createdBy: str(r.createdBy),
    updatedAt: r.updatedAt,
    updatedBy: str(r.updatedBy),
    publishedAt: r.publishedAt ?? null,
    publishedBy: strOrNull(r.publishedBy),
    submittedBy: strOrNull(r.submittedBy),
    submittedAt: r.submittedAt ?? null,
  };
}
