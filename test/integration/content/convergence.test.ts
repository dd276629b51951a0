import fs from 'node:fs';
import path from 'node:path';
import * as A from '@automerge/automerge';
import { afterAll, describe, expect, it } from 'vitest';
import { TestClock } from '../../../core/clock.ts';
import { ORG_DOC_ID, ORG_DOC_TYPE, ORG_SCOPE } from '../../../core/content/org.ts';
import { addBlock, createPage, getPage, moveBlock, updateBlock, type Actor } from '../../../core/content/pages.ts';
import { markSynced, pendingChanges } from '../../../core/content/presence.ts';
import { contentPagesProjection } from '../../../core/content/projection.ts';
import { createSection } from '../../../core/content/sections.ts';
import { sectionDocId, SECTION_DOC_TYPE, sectionScope, str, type Page, type SectionDoc, type Span } from '../../../core/content/model.ts';
import { readBlock } from '../../../core/content/blocks.ts';
import { initOrg } from '../../../core/content/org.ts';
import { Store } from '../../../core/store/store.ts';
import { tempDir } from '../../fixtures/app.ts';

/**
 * 20 editors, each a separate Store in its own folder, make 50 edits each to the same page.
 * They sync through a hub replica with an in-test relay (Automerge.getChanges since the heads
 * last exchanged → Store.applyChanges), standing in for peer sync (issue #10, not yet in
 * core/sync). Editors 0-4 stay partitioned (offline) until the end. Every replica must end
 * with identical content containing every edit.
 */

const EDITORS = 20;
const EDITS = 50;
const PARTITIONED = 5;
const SYNC_EVERY = 10;
const DOC = sectionDocId('costumes');

// A deterministic pseudo-random sequence, so a failure replays.
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const dirs: string[] = [];
const stores: Store[] = [];
afterAll(() => {
  for (const s of stores) if (!s.closed) s.close();
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

// Replicas live in memory-backed folders when the machine has them: this test is about
// convergence, not durability, and 21 stores × 1,000 fsyncs would only measure the disk.
const SHM = '/dev/shm';

async function openStore(clock: TestClock): Promise<Store> {
  const dir = fs.existsSync(SHM) ? fs.mkdtempSync(path.join(SHM, 'cb-conv-')) : tempDir('cb-conv-');
  dirs.push(dir);
  const store = await Store.open(path.join(dir, 'store'), { clock });
  store.registerProjections([contentPagesProjection]);
  stores.push(store);
  return store;
}

interface Link {
  store: Store;
  /** Heads of the editor's document the hub has (sent). */
  sent: A.Heads;
  /** Heads of the hub's document the editor has (received). */
  received: A.Heads;
}

/**
 * Applies only the changes `to` lacks. (Store.applyChanges with a batch it already holds
 * keeps an outdated document in its cache, so the next change to it throws; reported.)
 */
function deliver(to: Store, changes: Uint8Array[]): void {
  const doc = to.doc<unknown>(DOC);
  const fresh = changes.filter((c) => !A.hasHeads(doc, [A.decodeChange(c).hash!]));
  if (fresh.length) to.applyChanges(DOC, fresh);
}

function syncWithHub(hub: Store, link: Link): void {
  const mine = link.store.doc<unknown>(DOC);
  deliver(hub, A.getChanges(A.view(mine, link.sent), mine));
  const hubDoc = hub.doc<unknown>(DOC);
  deliver(link.store, A.getChanges(A.view(hubDoc, link.received), hubDoc));
  link.sent = A.getHeads(link.store.doc(DOC));
  link.received = A.getHeads(hub.doc(DOC));
  markSynced(link.store, DOC, link.received);
}

function blockOrder(store: Store, pageId: string): Array<{ id: string; type: string }> {
  const blocks = store.doc<SectionDoc>(DOC).pages[pageId]!.blocks;
  return Object.values(blocks)
    .sort((a, b) => a.position - b.position || str(a.id).localeCompare(str(b.id)))
    .map((b) => ({ id: str(b.id), type: str(b.type) }));
}

function textOf(store: Store, pageId: string, blockId: string): Span[] {
  const doc = store.doc<SectionDoc>(DOC);
  const block = readBlock(doc, ['pages', pageId, 'blocks', blockId], doc.pages[pageId]!.blocks[blockId]!);
  return block && 'spans' in block ? block.spans : [];
}

function pageText(page: Page): string {
  return page.blocks.map((b) => ('spans' in b ? b.spans.map((s) => s.text).join('') : 'text' in b ? b.text : '')).join('\n');
}

describe('concurrent editing', () => {
  it('20 editors × 50 edits, some partitioned, converge to identical content with every edit present', async () => {
    const clock = new TestClock('2026-03-01T18:00:00Z');
    const hub = await openStore(clock);
    const admin: Actor = { userId: 'usr-admin', now: clock.now() };
    hub.create(ORG_DOC_ID, ORG_DOC_TYPE, ORG_SCOPE, (d: Parameters<typeof initOrg>[0]) => initOrg(d, { name: 'Riverside Players', shortName: 'Riverside', city: '', timeZone: 'UTC', website: '', email: '' }, clock.now()));
    createSection(hub, { id: 'costumes', title: 'Costumes' }, admin);
    const para = (text: string) => ({ type: 'text' as const, style: 'paragraph' as const, spans: [{ text }] as Span[] });
    const page = createPage(hub, 'costumes', { title: 'Costume shop', slug: 'costume-shop', blocks: [para('Shared paragraph one.'), para('Shared paragraph two.'), para('Shared paragraph three.')] }, admin);

    const links: Link[] = [];
    for (let i = 0; i < EDITORS; i++) {
      const store = await openStore(clock);
      for (const id of [ORG_DOC_ID, DOC]) {
        const info = hub.info(id)!;
        store.importDocument(id, info.type, info.scope, A.save(hub.doc(id)));
      }
      expect(store.info(DOC)).toMatchObject({ type: SECTION_DOC_TYPE, scope: sectionScope('costumes') });
      const heads = A.getHeads(store.doc(DOC));
      links.push({ store, sent: heads, received: heads });
    }
    expect(new Set(stores.map((s) => s.actorId)).size).toBe(EDITORS + 1);

    const tokens: string[] = [];
    for (let n = 0; n < EDITS; n++) {
      for (let e = 0; e < EDITORS; e++) {
        const { store } = links[e]!;
        const random = rng(e * 1000 + n);
        const who: Actor = { userId: `usr-editor-${e}`, now: clock.now() };
        const token = `[e${e}n${n}]`;
        tokens.push(token);
        // The editor's view of the page: block order from the document, text read only for the block edited.
        const current = { blocks: blockOrder(store, page.id) };
        const texts = current.blocks.filter((b) => b.type === 'text').map((b) => ({ id: b.id, get spans() { return textOf(store, page.id, b.id); } }));
        const r = random();
        if (r < 0.6) {
          // Type into a shared paragraph at a random place, keeping its marks.
          const block = texts[Math.floor(random() * Math.min(3, texts.length))]!;
          const spans = block.spans;
          const plain = spans.map((s) => s.text).join('');
          // Type between tokens, never inside one (a token is one edit, checked whole at the end).
          const allowed: number[] = [];
          let depth = 0;
          for (let i = 0; i <= plain.length; i++) {
            if (depth === 0) allowed.push(i);
            if (plain[i] === '[') depth++;
            else if (plain[i] === ']') depth--;
          }
          const at = allowed[Math.floor(random() * allowed.length)]!;
          const next: Span[] = [];
          let pos = 0;
          let done = false;
          for (const s of spans) {
            if (!done && at <= pos + s.text.length) {
              const k = at - pos;
              next.push({ ...s, text: s.text.slice(0, k) + token + s.text.slice(k) });
              done = true;
            } else next.push(s);
            pos += s.text.length;
          }
          if (!done) next.push({ text: token });
          updateBlock(store, 'costumes', page.id, block.id, { type: 'text', style: 'paragraph', spans: next }, who);
        } else if (r < 0.85) {
          const after = current.blocks[Math.floor(random() * current.blocks.length)]!.id;
          addBlock(store, 'costumes', page.id, { ...para(`New paragraph ${token}`), spans: [{ text: 'New paragraph ', bold: random() < 0.5 }, { text: token }] }, after, who);
        } else {
          // Move a block, then add the token to the moved block's text.
          const moving = texts[Math.floor(random() * texts.length)]!;
          const target = current.blocks[Math.floor(random() * current.blocks.length)]!;
          if (target.id !== moving.id) moveBlock(store, 'costumes', page.id, moving.id, target.id, who);
          const spans = textOf(store, page.id, moving.id);
          updateBlock(store, 'costumes', page.id, moving.id, { type: 'text', style: 'paragraph', spans: [...spans, { text: ` ${token}`, italic: true }] }, who);
        }
        clock.advance(1000);
      }
      if ((n + 1) % SYNC_EVERY === 0) for (let e = PARTITIONED; e < EDITORS; e++) syncWithHub(hub, links[e]!);
    }

    // The partitioned editors' edits are pending; the connected ones' are synced.
    for (let e = 0; e < PARTITIONED; e++) expect(pendingChanges(links[e]!.store, DOC, page.id)).toBe(EDITS);
    expect(pendingChanges(links[PARTITIONED]!.store, DOC, page.id)).toBe(0);

    // Partition heals: everyone syncs with the hub, then everyone pulls the rest.
    for (const link of links) syncWithHub(hub, link);
    for (const link of links) syncWithHub(hub, link);

    const expected = getPage(hub, 'costumes', page.id);
    const text = pageText(expected);
    const missing = tokens.filter((t) => !text.includes(t));
    expect(missing).toEqual([]);
    expect(tokens).toHaveLength(EDITORS * EDITS);
    const hubHeads = A.getHeads(hub.doc(DOC)).sort();
    for (const link of links) {
      expect(A.getHeads(link.store.doc(DOC)).sort()).toEqual(hubHeads);
      expect(getPage(link.store, 'costumes', page.id)).toEqual(expected);
      expect(pendingChanges(link.store, DOC, page.id)).toBe(0);
    }
    // Concurrent moves never duplicate a block; every block id is unique.
    expect(new Set(expected.blocks.map((b) => b.id)).size).toBe(expected.blocks.length);
  }, 120_000);
});
