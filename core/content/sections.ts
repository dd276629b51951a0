import { createHash } from 'node:crypto';
import * as A from '@automerge/automerge';
import { CallboardError } from '../errors.ts';
import type { Store } from '../store/store.ts';
import { imm, SECTION_DOC_TYPE, sectionDocId, sectionScope, str, toSection, type Section, type SectionDoc, type SectionRecord } from './model.ts';
import { ORG_DOC_ID, type OrgDoc } from './org.ts';
import { listPages } from './projection.ts';
import { cleanText } from './sanitize.ts';

/**
 * The section registry, in the `org` document. Creating a section also creates its
 * document (`section:<id>`, the scope its grants name). Sections nest (`parent`); a cycle is
 * refused. The owner role is the role the manager delegates the section to (shown in the
 * tree; the grant itself is made with grants.add).
 */

export const SECTION_ID_RE = /^[a-z0-9][a-z0-9-]{0,63}$/;
export const MAX_SECTIONS = 200;

const invalid = (field: string, message: string) => new CallboardError('invalid', `${field}: ${message}`, { field, issues: [{ field, message }] });

export function listSections(store: Store): Section[] {
  const org = store.doc<OrgDoc>(ORG_DOC_ID);
  return Object.values(org.sections ?? {})
    .map(toSection)
    .sort((a, b) => a.position - b.position || a.title.localeCompare(b.title));
}

export function findSection(store: Store, id: string): Section | undefined {
  const org = store.doc<OrgDoc>(ORG_DOC_ID);
  const r = org.sections && Object.hasOwn(org.sections, id) ? org.sections[id] : undefined;
  return r ? toSection(r) : undefined;
}

export function requireSection(store: Store, id: string): Section {
  const s = findSection(store, id);
  if (!s) throw new CallboardError('not_found', `No section "${id}"`, { field: 'sectionId', sectionId: id });
  return s;
}

function checkParent(store: Store, id: string, parent: string | null): void {
  if (parent === null) return;
  if (parent === id) throw invalid('parent', 'a section cannot be its own parent');
  let cur: string | null = parent;
  const seen = new Set<string>();
  while (cur !== null) {
    const s = findSection(store, cur);
    if (!s) throw invalid('parent', `no section "${cur}"`);
    if (s.id === id || seen.has(s.id)) throw invalid('parent', `"${parent}" is inside "${id}": sections cannot form a cycle`);
    seen.add(s.id);
    cur = s.parent;
  }
}

export interface SectionInput {
  id: string;
  title: string;
  parent?: string | null | undefined;
  description?: string | undefined;
  ownerRole?: string | null | undefined;
}

export function createSection(store: Store, input: SectionInput, by: { userId: string; now: number }): Section {
  if (!SECTION_ID_RE.test(input.id)) throw invalid('id', 'use lowercase letters, digits and hyphens (at most 64), starting with a letter or digit');
  if (findSection(store, input.id)) throw new CallboardError('conflict', `A section "${input.id}" already exists`, { field: 'id' });
  const org = store.doc<OrgDoc>(ORG_DOC_ID);
  if (Object.keys(org.sections ?? {}).length >= MAX_SECTIONS) throw new CallboardError('too_large', `At most ${MAX_SECTIONS} sections`, { field: 'id' });
  const title = cleanText(input.title, { field: 'title', max: 200 });
  if (!title) throw invalid('title', 'a section needs a title');
  const description = cleanText(input.description ?? '', { field: 'description', max: 1000 });
  const parent = input.parent ?? null;
  checkParent(store, input.id, parent);
  const position = Math.max(0, ...Object.values(org.sections ?? {}).map((s) => s.position)) + 1;
  store.transaction(() => {
    store.change<OrgDoc>(
      ORG_DOC_ID,
      (d) => {
        d.sections ??= {};
        const record: SectionRecord = {
          id: imm(input.id),
          title: imm(title),
          parent: parent === null ? null : imm(parent),
          description: imm(description),
          ownerRole: input.ownerRole ? imm(input.ownerRole) : null,
          position,
          createdAt: by.now,
        };
        d.sections[input.id] = record;
      },
      { message: JSON.stringify({ u: by.userId, s: `Created section ${input.id}` }) },
    );
    ensureSectionDoc(store, input.id);
  });
  return requireSection(store, input.id);
}

/**
 * Creates a section's document from a deterministic first change (fixed actor, time and
 * content) if this replica has none: two replicas that create the same section while apart
 * produce byte-identical roots, so their copies merge into one document instead of two
 * competing `pages` maps (where one side's pages would vanish).
 */
export function ensureSectionDoc(store: Store, sectionId: string): void {
  const id = sectionDocId(sectionId);
  if (store.has(id)) return;
  const actor = createHash('sha256').update(`genesis:${id}`).digest('hex').slice(0, 32);
  const doc = A.change(A.init<SectionDoc>({ actor }), { message: `create ${SECTION_DOC_TYPE}`, time: 0 }, (d) => {
    d.sectionId = imm(sectionId);
    d.pages = {};
  });
  store.importDocument(id, SECTION_DOC_TYPE, sectionScope(sectionId), A.save(doc));
}

export function updateSection(
  store: Store,
  id: string,
  patch: { title?: string | undefined; description?: string | undefined; parent?: string | null | undefined; ownerRole?: string | null | undefined; position?: number | undefined },
  by: { userId: string },
): { before: Section; after: Section } {
  const before = requireSection(store, id);
  const title = patch.title === undefined ? undefined : cleanText(patch.title, { field: 'title', max: 200 });
  if (title === '') throw invalid('title', 'a section needs a title');
  const description = patch.description === undefined ? undefined : cleanText(patch.description, { field: 'description', max: 1000 });
  if (patch.parent !== undefined) checkParent(store, id, patch.parent);
  store.change<OrgDoc>(
    ORG_DOC_ID,
    (d) => {
      const s = d.sections![id]!;
      if (title !== undefined && str(s.title) !== title) s.title = imm(title);
      if (description !== undefined && str(s.description) !== description) s.description = imm(description);
      if (patch.parent !== undefined) s.parent = patch.parent === null ? null : imm(patch.parent);
      if (patch.ownerRole !== undefined) s.ownerRole = patch.ownerRole === null ? null : imm(patch.ownerRole);
      if (patch.position !== undefined) s.position = patch.position;
    },
    { message: JSON.stringify({ u: by.userId, s: `Changed section ${id}` }) },
  );
  return { before, after: requireSection(store, id) };
}

export function deleteSection(store: Store, id: string, by: { userId: string }): Section {
  const before = requireSection(store, id);
  if (listPages(store.db, { sectionId: id }).length > 0) throw new CallboardError('conflict', `Section "${id}" still has pages; delete or move them first`, { field: 'id' });
  if (listSections(store).some((s) => s.parent === id)) throw new CallboardError('conflict', `Section "${id}" has sub-sections`, { field: 'id' });
  store.change<OrgDoc>(
    ORG_DOC_ID,
    (d) => {
      delete d.sections![id];
    },
    { message: JSON.stringify({ u: by.userId, s: `Deleted section ${id}` }) },
  );
  return before;
}
