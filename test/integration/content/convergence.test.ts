import * as A from '@automerge/automerge';
import { afterAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../../core/api/procedure.ts';
import { readBlock } from '../../../core/content/blocks.ts';
import { sectionDocId, str, type Page, type SectionDoc, type Span } from '../../../core/content/model.ts';
import { addBlock, getPage, moveBlock, updateBlock, type Actor } from '../../../core/content/pages.ts';
import { MemoryNetwork } from '../../../core/sync/memory-transport.ts';
import { createTestApp } from '../../fixtures/app.ts';
import { call, connect, disconnect, enrolled, type Company, type Replica } from '../../unit/sync/harness.ts';

/**
 * 20 editors, each a separate replica (its own store, device key and enrollment), make 50
 * edits each to the same page and sync through a hub replica (the daemon's role) with the
 * real sync layer: signed changes, validated on every receiving replica. Editors 0-4 stay
 * partitioned (offline) until the end; their edits show as pending meanwhile. Every replica
 * must end with identical content containing every edit, and nothing pending.
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

const cleanups: Array<() => void> = [];
afterAll(() => {
  for (const c of cleanups.splice(0)) c();
});

function blockOrder(r: Replica, pageId: string): Array<{ id: string; type: string }> {
  const blocks = r.app.store.doc<SectionDoc>(DOC).pages[pageId]!.blocks;
  return Object.values(blocks)
    .sort((a, b) => a.position - b.position || str(a.id).localeCompare(str(b.id)))
    .map((b) => ({ id: str(b.id), type: str(b.type) }));
}

function textOf(r: Replica, pageId: string, blockId: string): Span[] {
  const doc = r.app.store.doc<SectionDoc>(DOC);
  const block = readBlock(doc, ['pages', pageId, 'blocks', blockId], doc.pages[pageId]!.blocks[blockId]!);
  return block && 'spans' in block ? block.spans : [];
}

function pageText(page: Page): string {
  return page.blocks.map((b) => ('spans' in b ? b.spans.map((s) => s.text).join('') : 'text' in b ? b.text : '')).join('\n');
}

/** Connects, exchanges everything both ways, disconnects. */
function syncWithHub(c: Company, r: Replica): void {
  const sessions = connect(c, c.hub, r);
  c.net.deliver();
  disconnect(sessions);
  c.net.deliver();
}

describe('concurrent editing through the sync layer', () => {
  it('20 editors × 50 edits, some partitioned, converge to identical content with every edit present; offline edits show as pending until synced', async () => {
    const t = await createTestApp();
    const c: Company = { t, hub: { name: 'hub', app: t.app, dir: t.dir }, net: new MemoryNetwork(), clock: t.clock, admin: t.admin, replicas: [], cleanup: () => undefined };
    cleanups.push(() => {
      for (const r of c.replicas) if (!r.app.store.closed) r.app.close();
      t.cleanup();
    });
    const para = (text: string) => ({ type: 'text' as const, style: 'paragraph' as const, spans: [{ text }] as Span[] });
    await call(c.hub, c.admin, 'roles.create', { id: 'web-editor', name: 'Web editor', parents: ['section-editor'] });
    await call(c.hub, c.admin, 'sections.create', { id: 'costumes', title: 'Costumes', ownerRole: 'web-editor' });
    await call(c.hub, c.admin, 'grants.add', { roleId: 'web-editor', action: 'content.edit', scope: 'section:costumes' });
    const page = await call<Page>(c.hub, c.admin, 'pages.create', {
      sectionId: 'costumes',
      title: 'Costume shop',
      slug: 'costume-shop',
      blocks: [para('Shared paragraph one.'), para('Shared paragraph two.'), para('Shared paragraph three.')],
    });

    const editors: Array<{ replica: Replica; userId: string; principal: Principal }> = [];
    for (let e = 0; e < EDITORS; e++) {
      const user = await call<{ id: string }>(c.hub, c.admin, 'users.create', { name: `Editor ${e}`, email: `editor${e}@example.org`, roles: ['web-editor'] });
      const replica = await enrolled(c, `editor-${e}`, user.id);
      editors.push({ replica, userId: user.id, principal: replica.app.localPrincipal(user.id) });
    }
    expect(new Set(editors.map((x) => x.replica.app.store.actorId)).size).toBe(EDITORS);
    for (const x of editors) expect(getPage(x.replica.app.store, 'costumes', page.id).blocks).toHaveLength(3);
    // Synced at enrollment: nothing of theirs is pending yet.
    expect(await call<{ pendingChanges: number | null }>(editors[0]!.replica, editors[0]!.principal, 'pages.get', { sectionId: 'costumes', pageId: page.id })).toMatchObject({ pendingChanges: 0 });

    const tokens: string[] = [];
    const localChanges = new Array<number>(EDITORS).fill(0);
    for (let n = 0; n < EDITS; n++) {
      for (let e = 0; e < EDITORS; e++) {
        const r = editors[e]!.replica;
        const store = r.app.store;
        const random = rng(e * 1000 + n);
        const who: Actor = { userId: editors[e]!.userId, now: c.clock.now() };
        const token = `[e${e}n${n}]`;
        tokens.push(token);
        const blocks = blockOrder(r, page.id);
        const texts = blocks.filter((b) => b.type === 'text');
        const roll = random();
        if (roll < 0.6) {
          // Type into a shared paragraph at a random place between tokens, keeping its marks.
          const block = texts[Math.floor(random() * Math.min(3, texts.length))]!;
          const spans = textOf(r, page.id, block.id);
          const plain = spans.map((s) => s.text).join('');
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
          localChanges[e]!++;
        } else if (roll < 0.85) {
          const after = blocks[Math.floor(random() * blocks.length)]!.id;
          addBlock(store, 'costumes', page.id, { type: 'text', style: 'paragraph', spans: [{ text: 'New paragraph ', bold: random() < 0.5 }, { text: token }] }, after, who);
          localChanges[e]!++;
        } else {
          // Move a block, then add the token to the moved block's text.
          const moving = texts[Math.floor(random() * texts.length)]!;
          const target = blocks[Math.floor(random() * blocks.length)]!;
          if (target.id !== moving.id) {
            moveBlock(store, 'costumes', page.id, moving.id, target.id, who);
            localChanges[e]!++;
          }
          const spans = textOf(r, page.id, moving.id);
          updateBlock(store, 'costumes', page.id, moving.id, { type: 'text', style: 'paragraph', spans: [...spans, { text: ` ${token}`, italic: true }] }, who);
          localChanges[e]!++;
        }
        c.clock.advance(1000);
      }
      if ((n + 1) % SYNC_EVERY === 0) for (let e = PARTITIONED; e < EDITORS; e++) syncWithHub(c, editors[e]!.replica);
    }

    // Offline edits are pending (every one of them), on the page and in the section's lists;
    // a connected editor's are acknowledged by the hub.
    for (let e = 0; e < PARTITIONED; e++) {
      const x = editors[e]!;
      const got = await call<{ pendingChanges: number | null }>(x.replica, x.principal, 'pages.get', { sectionId: 'costumes', pageId: page.id });
      expect(got.pendingChanges).toBe(localChanges[e]);
      const rows = await call<Array<{ pageId: string; pendingChanges: number | null }>>(x.replica, x.principal, 'pages.list', { sectionId: 'costumes' });
      expect(rows.find((p) => p.pageId === page.id)?.pendingChanges).toBe(localChanges[e]);
    }
    const online = editors[PARTITIONED]!;
    expect((await call<{ pendingChanges: number | null }>(online.replica, online.principal, 'pages.get', { sectionId: 'costumes', pageId: page.id })).pendingChanges).toBe(0);
    const onlineSections = await call<Array<{ id: string; pendingChanges: number | null }>>(online.replica, online.principal, 'sections.list', {});
    expect(onlineSections.find((s) => s.id === 'costumes')?.pendingChanges).toBe(0);

    // The partition heals: everyone syncs with the hub, then everyone pulls the rest.
    for (const x of editors) syncWithHub(c, x.replica);
    for (const x of editors) syncWithHub(c, x.replica);

    const expected = getPage(c.hub.app.store, 'costumes', page.id);
    const text = pageText(expected);
    expect(tokens.filter((tk) => !text.includes(tk))).toEqual([]);
    expect(tokens).toHaveLength(EDITORS * EDITS);
    const hubHeads = A.getHeads(c.hub.app.store.doc(DOC)).sort();
    for (const x of editors) {
      expect(A.getHeads(x.replica.app.store.doc(DOC)).sort()).toEqual(hubHeads);
      expect(getPage(x.replica.app.store, 'costumes', page.id)).toEqual(expected);
      expect((await call<{ pendingChanges: number | null }>(x.replica, x.principal, 'pages.get', { sectionId: 'costumes', pageId: page.id })).pendingChanges).toBe(0);
    }
    // Nothing was refused: every editor wrote within their grant.
    expect(c.hub.app.store.db.prepare('SELECT count(*) FROM sync_rejected').pluck().get()).toBe(0);
    // Concurrent moves never duplicate a block; every block id is unique.
    expect(new Set(expected.blocks.map((b) => b.id)).size).toBe(expected.blocks.length);
  }, 900_000);
});
