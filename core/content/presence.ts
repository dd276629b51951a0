import * as A from '@automerge/automerge';
import type { Clock } from '../clock.ts';
import type { Store } from '../store/store.ts';

/**
 * Who is editing a page now. Each open editor reports itself (a heartbeat) and is
 * considered present for `ttlMs` after its last report, measured by the injected clock.
 * Presence is this replica's memory only: it is not synced state and is lost on restart.
 */
export interface Presence {
  userId: string;
  name: string;
  blockId: string | null;
  since: number;
  seenAt: number;
}

export class PresenceBoard {
  readonly #pages = new Map<string, Map<string, Presence>>();
  constructor(
    private readonly clock: Clock,
    readonly ttlMs = 30_000,
  ) {}

  #key(sectionId: string, pageId: string): string {
    return `${sectionId}/${pageId}`;
  }

  /** Records (or, with `editing: false`, removes) a user's presence; returns everyone present. */
  report(sectionId: string, pageId: string, who: { userId: string; name: string }, editing: boolean, blockId: string | null = null): Presence[] {
    const key = this.#key(sectionId, pageId);
    let page = this.#pages.get(key);
    if (!page) this.#pages.set(key, (page = new Map()));
    const now = this.clock.now();
    if (editing) {
      const prev = page.get(who.userId);
      const since = prev && now - prev.seenAt <= this.ttlMs ? prev.since : now;
      page.set(who.userId, { userId: who.userId, name: who.name, blockId, since, seenAt: now });
    } else page.delete(who.userId);
    return this.present(sectionId, pageId);
  }

  present(sectionId: string, pageId: string): Presence[] {
    const key = this.#key(sectionId, pageId);
    const page = this.#pages.get(key);
    if (!page) return [];
    const now = this.clock.now();
    for (const [id, p] of page) if (now - p.seenAt > this.ttlMs) page.delete(id);
    if (page.size === 0) this.#pages.delete(key);
    return [...page.values()].sort((a, b) => a.since - b.since || a.name.localeCompare(b.name));
  }
}

/**
 * Edits not yet synced. The sync layer (or a test relay) records the heads a peer has
 * acknowledged for a document with `markSynced`; changes made on this replica since then
 * are pending. A document never marked has every local change pending.
 */
const syncedKey = (docId: string) => `content.synced:${docId}`;

export function markSynced(store: Store, docId: string, heads: readonly string[]): void {
  store.setMeta(syncedKey(docId), JSON.stringify(heads));
}

export function pendingChanges(store: Store, docId: string, pageId?: string): number {
  const doc = store.doc<unknown>(docId);
  const raw = store.getMeta(syncedKey(docId));
  const synced = raw ? (JSON.parse(raw) as string[]) : [];
  const known = synced.length && A.hasHeads(doc, synced) ? A.view(doc, synced) : null;
  const changes = A.getChangesMetaSince(doc, known ? A.getHeads(known) : []);
  let n = 0;
  for (const c of changes) {
    if (c.actor !== store.actorId) continue;
    if (pageId !== undefined && !(c.message ?? '').includes(`"p":"${pageId}"`)) continue;
    n++;
  }
  return n;
}
