import type { DocChange, Store } from '../store/store.ts';
import type { Principal } from './procedure.ts';
import type { ChangeEvent } from './protocol.ts';

/** `*` matches every scope; `kind:*` matches every scope of that kind; otherwise exact. */
export function scopeMatches(pattern: string, scope: string): boolean {
  if (pattern === '*') return true;
  if (pattern.endsWith(':*')) return scope.startsWith(pattern.slice(0, -1));
  return pattern === scope;
}

type Can = (principal: Principal, action: string, scope: string) => boolean;

interface Subscription {
  /** What the subscriber called it; echoed in each event. */
  label: string;
  principal: Principal;
  pattern: string;
  listener: (event: ChangeEvent) => void;
}

/**
 * Change subscriptions: a client subscribes to a scope pattern and is told, after each
 * commit, which document of which scope changed. Events are filtered by `view` permission
 * at delivery time, so a grant revoked later stops the events.
 */
export class Subscriptions {
  readonly #subs = new Map<string, Subscription>();
  readonly #unsubscribeStore: () => void;
  #next = 0;

  constructor(
    store: Store,
    private readonly can: Can,
  ) {
    this.#unsubscribeStore = store.subscribe((change) => this.#deliver(change));
  }

  add(principal: Principal, pattern: string, listener: (event: ChangeEvent) => void, label?: string): () => void {
    const key = `sub-${++this.#next}`;
    this.#subs.set(key, { label: label ?? key, principal, pattern, listener });
    return () => this.#subs.delete(key);
  }

  get size(): number {
    return this.#subs.size;
  }

  #deliver(change: DocChange): void {
    for (const sub of this.#subs.values()) {
      if (!scopeMatches(sub.pattern, change.scope)) continue;
      if (!this.can(sub.principal, 'view', change.scope)) continue;
      try {
        sub.listener({
          subscription: sub.label,
          docId: change.docId,
          type: change.type,
          scope: change.scope,
          heads: [...change.heads],
          origin: change.origin,
        });
      } catch {
        // One subscriber's failure does not stop the others.
      }
    }
  }

  close(): void {
    this.#subs.clear();
    this.#unsubscribeStore();
  }
}
