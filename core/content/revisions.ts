import * as A from '@automerge/automerge';
import { CallboardError } from '../errors.ts';
import type { Store } from '../store/store.ts';
import { writeBlock } from './blocks.ts';
import { changeMessage, imm, parseChangeMessage, sectionDocId, str, type Block, type BlockContent, type Page, type SectionDoc } from './model.ts';
import { getPage, readPage, sectionDoc, type Actor } from './pages.ts';
import { spansText } from './sanitize.ts';

/**
 * Revision history of a page, read from Automerge's own history: every change to a section
 * document carries `{u: user, p: page, s: summary}` in its message (pages.ts), so the
 * history of a page is the changes naming it, with who and when. A revision is a change
 * hash; the page at that revision is `Automerge.view(doc, [hash])`. Restoring writes the old
 * content as a new change (history is never rewritten).
 */

export interface Revision {
  id: string;
  at: number;
  userId: string | null;
  summary: string;
  actor: string;
}

export function pageHistory(store: Store, sectionId: string, pageId: string, limit = 200): Revision[] {
  const doc = sectionDoc(store, sectionId);
  const out: Revision[] = [];
  for (const c of A.getChangesMetaSince(doc, [])) {
    const note = parseChangeMessage(c.message);
    if (!note || note.p !== pageId) continue;
    out.push({ id: c.hash, at: c.time * 1000, userId: note.u, summary: note.s, actor: c.actor });
  }
  // Newest first; changes made in the same second keep their causal order (reversed).
  out.reverse();
  out.sort((a, b) => b.at - a.at);
  return out.slice(0, limit);
}

function pageAt(store: Store, sectionId: string, pageId: string, revision: string, field: string): Page {
  const doc = sectionDoc(store, sectionId);
  if (!/^[0-9a-f]{64}$/.test(revision) || !A.hasHeads(doc, [revision])) {
    throw new CallboardError('invalid', `${field}: no revision ${revision} in this section`, { field });
  }
  const page = readPage(A.view(doc, [revision]), sectionId, pageId);
  if (!page) throw new CallboardError('invalid', `${field}: the page did not exist at that revision`, { field });
  return page;
}

export interface TextOp {
  op: 'equal' | 'insert' | 'delete';
  text: string;
}

/** Word-level diff (LCS over words and spaces); falls back to replace-all past 4,000 tokens. */
export function diffText(a: string, b: string): TextOp[] {
  if (a === b) return a ? [{ op: 'equal', text: a }] : [];
  const ta = a.split(/(\s+)/).filter(Boolean);
  const tb = b.split(/(\s+)/).filter(Boolean);
  if (ta.length * tb.length > 4_000_000) return [...(a ? [{ op: 'delete' as const, text: a }] : []), ...(b ? [{ op: 'insert' as const, text: b }] : [])];
  const n = ta.length;
  const m = tb.length;
  const dp = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) dp[i]![j] = ta[i] === tb[j] ? dp[i + 1]![j + 1]! + 1 : Math.max(dp[i + 1]![j]!, dp[i]![j + 1]!);
  const ops: TextOp[] = [];
  const push = (op: TextOp['op'], text: string) => {
    const last = ops[ops.length - 1];
    if (last && last.op === op) last.text += text;
    else ops.push({ op, text });
  };
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (ta[i] === tb[j]) {
      push('equal', ta[i]!);
      i++;
      j++;
    } else if (dp[i + 1]![j]! >= dp[i]![j + 1]!) push('delete', ta[i++]!);
    else push('insert', tb[j++]!);
  }
  while (i < n) push('delete', ta[i++]!);
  while (j < m) push('insert', tb[j++]!);
  return ops;
}

function blockText(b: Block): string {
  if ('spans' in b) return spansText(b.spans);
  if (b.type === 'heading') return b.text;
  return '';
}

export interface PageComparison {
  from: string;
  to: string;
  fields: Array<{ field: 'title' | 'slug'; before: string; after: string }>;
  blocks: Array<
    | { change: 'added'; block: Block }
    | { change: 'removed'; block: Block }
    | { change: 'changed'; blockId: string; type: string; before: Block; after: Block; text: TextOp[] }
    | { change: 'moved'; blockId: string; type: string; fromIndex: number; toIndex: number }
  >;
}

export function comparePage(store: Store, sectionId: string, pageId: string, from: string, to: string): PageComparison {
  const a = pageAt(store, sectionId, pageId, from, 'from');
  const b = pageAt(store, sectionId, pageId, to, 'to');
  const fields: PageComparison['fields'] = [];
  if (a.title !== b.title) fields.push({ field: 'title', before: a.title, after: b.title });
  if (a.slug !== b.slug) fields.push({ field: 'slug', before: a.slug, after: b.slug });
  const blocks: PageComparison['blocks'] = [];
  const inA = new Map(a.blocks.map((x, i) => [x.id, { x, i }]));
  const inB = new Map(b.blocks.map((x, i) => [x.id, { x, i }]));
  const commonA = a.blocks.filter((x) => inB.has(x.id)).map((x) => x.id);
  const commonB = b.blocks.filter((x) => inA.has(x.id)).map((x) => x.id);
  for (const x of a.blocks) if (!inB.has(x.id)) blocks.push({ change: 'removed', block: x });
  for (const x of b.blocks) if (!inA.has(x.id)) blocks.push({ change: 'added', block: x });
  for (const x of b.blocks) {
    const old = inA.get(x.id);
    if (!old) continue;
    if (JSON.stringify(old.x) !== JSON.stringify(x)) {
      blocks.push({ change: 'changed', blockId: x.id, type: x.type, before: old.x, after: x, text: diffText(blockText(old.x), blockText(x)) });
    }
    if (commonA.indexOf(x.id) !== commonB.indexOf(x.id)) blocks.push({ change: 'moved', blockId: x.id, type: x.type, fromIndex: old.i, toIndex: inB.get(x.id)!.i });
  }
  return { from, to, fields, blocks };
}

/** Writes the page's content as of `revision` as a new change. Status and address history stay. */
export function restorePage(store: Store, sectionId: string, pageId: string, revision: string, actor: Actor): { before: Page; after: Page; restored: Page } {
  const old = pageAt(store, sectionId, pageId, revision, 'revision');
  const before = getPage(store, sectionId, pageId);
  store.change<SectionDoc>(
    sectionDocId(sectionId),
    (d) => {
      const root = d as unknown as A.Doc<unknown>;
      const p = d.pages[pageId]!;
      A.updateText(root, ['pages', pageId, 'title'], old.title);
      const keep = new Set(old.blocks.map((b) => b.id));
      for (const id of Object.keys(p.blocks)) if (!keep.has(id)) delete p.blocks[id];
      old.blocks.forEach((b, i) => {
        const existing = Object.hasOwn(p.blocks, b.id) ? p.blocks[b.id] : undefined;
        if (!existing || str(existing.type) !== b.type) p.blocks[b.id] = { id: imm(b.id), type: imm(b.type), position: i + 1 };
        else existing.position = i + 1;
        const { id: _id, ...content } = b;
        writeBlock(root, ['pages', pageId, 'blocks', b.id], p.blocks[b.id]!, content as BlockContent);
      });
      p.updatedAt = actor.now;
      p.updatedBy = imm(actor.userId);
    },
    { message: changeMessage({ u: actor.userId, p: pageId, s: `Restored the revision of ${new Date(pageHistoryTime(store, sectionId, revision)).toISOString().slice(0, 16).replace('T', ' ')} UTC` }) },
  );
  return { before, after: getPage(store, sectionId, pageId), restored: old };
}

function pageHistoryTime(store: Store, sectionId: string, revision: string): number {
  const c = A.getChangesMetaSince(store.doc<SectionDoc>(sectionDocId(sectionId)), []).find((m) => m.hash === revision);
  return c ? c.time * 1000 : 0;
}
