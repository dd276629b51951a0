import * as A from '@automerge/automerge';
import type { Clock } from '../clock.ts';
import type { Store } from '../store/store.ts';
import { parseChangeMessage } from './model.ts';

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
 * Edits not yet synced: changes made on this replica (its actor) that no peer has acknowledged.
 * The sync layer records, per peer and document, the heads the peer is known to hold
 * (`sync_peer_docs`, written as peers acknowledge); a change is acknowledged once it is among
 * the ancestors of some peer's known heads. A replica that has never synced with any peer
 * (no row in `sync_peers`, e.g. a company's only device) has nothing it could sync to: the
 * count is then `null` ("not syncing"), not the whole history.
 */
export function pendingByPage(store: Store, docId: string): Map<string, number> | null {
  const peers = store.db.prepare('SELECT count(*) FROM sync_peers').pluck().get() as number;
  if (peers === 0) return null;
  const doc = store.doc<unknown>(docId);
  const rows = store.db.prepare('SELECT heads FROM sync_peer_docs WHERE doc_id = ?').pluck().all(docId) as string[];
  // Unacknowledged by every peer = in the intersection of "changes since what the peer holds".
  let pending: Set<string> | undefined;
  const local = (heads: string[]) => new Set(A.getChangesMetaSince(doc, heads).filter((c) => c.actor === store.actorId).map((c) => c.hash));
  if (rows.length === 0) pending = local([]);
  for (const row of rows) {
    const known = (JSON.parse(row) as string[]).filter((h) => A.hasHeads(doc, [h]));
    const since = local(known);
    pending = pending ? new Set([...pending].filter((h) => since.has(h))) : since;
    if (pending.size === 0) break;
  }
  const out = new Map<string, number>();
  if (!pending || pending.size === 0) return out;
  for (const c of A.getChangesMetaSince(doc, [])) {
    if (!pending.has(c.hash)) continue;
    const page = parseChangeMessage(c.message)?.p ?? '';
    out.set(page, (out.get(page) ?? 0) + 1);
  }
  return out;
}

/** Pending edits of one page (or, without `pageId`, of the whole section document); null when this replica never syncs. */
export function pendingChanges(store: Store, docId: string, pageId?: string): number | null {
  const byPage = pendingByPage(store, docId);
  if (byPage === null) return null;
  if (pageId !== undefined) return byPage.get(pageId) ?? 0;
  let n = 0;
  for (const v of byPage.values()) n += v;
  return n;
}
