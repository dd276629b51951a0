import { ALL_ACTIONS, isKnownAction } from './actions.ts';
import type { Decision, GrantRecord, GrantRef, PolicyDoc, UserRecord } from './model.ts';
import { formatRolePath, rolePaths } from './roles.ts';
import { covers, isValidScope, isWildcardScope, kindWildcard, overlaps } from './scopes.ts';

/**
 * The permission engine over one snapshot of the policy document.
 *
 * A user's effective grants are the grants of every role they hold and of all those roles'
 * ancestors. No matching grant: refused. Any matching deny: refused, however specific the
 * allows. Unknown or suspended user, unknown action or malformed scope: refused.
 *
 * Per user (compiled on first use, then cached) an index action → scope pattern → grants
 * makes `check` a handful of map lookups: a concrete scope can only be matched by itself,
 * its `<kind>:*` and `*`. Wildcard questions (`production:*`, action `*`) and `explain`
 * walk the user's whole grant list instead.
 *
 * The engine never changes: build a new one for a new policy snapshot (EngineAuthorizer does).
 */

/** A grant as it reached a user, with the role path it came through. */
interface Entry {
  readonly ref: GrantRef;
  readonly deny: boolean;
  /** 0 concrete scope, 1 `<kind>:*`, 2 `*`: the more specific grant is reported first. */
  readonly rank: number;
  /** Position in the user's list: role path breadth-first, then grant id. */
  readonly order: number;
}

interface Bucket {
  denies: Entry[];
  allows: Entry[];
}

type ScopeIndex = Map<string, Bucket>;

interface Compiled {
  readonly user: UserRecord | undefined;
  readonly entries: readonly Entry[];
  readonly byAction: ReadonlyMap<string, ScopeIndex>;
  /** Grants whose action is `*`: the index for actions no grant names explicitly. */
  readonly star: ScopeIndex;
}

export interface MatchedGrant extends GrantRef {
  /** True for the one grant the decision reports. */
  decisive: boolean;
}

export interface Explanation {
  decision: Decision;
  /** Every grant of the user that applies to the question, most specific first. */
  matches: MatchedGrant[];
}

function scopeRank(pattern: string): number {
  if (pattern === '*') return 2;
  return pattern.endsWith(':*') ? 1 : 0;
}

function addTo(index: ScopeIndex, e: Entry): void {
  let bucket = index.get(e.ref.scope);
  if (!bucket) index.set(e.ref.scope, (bucket = { denies: [], allows: [] }));
  (e.deny ? bucket.denies : bucket.allows).push(e);
}

function firstOf(list: readonly Entry[] | undefined): Entry | undefined {
  return list === undefined ? undefined : list[0];
}

function userName(user: UserRecord): string {
  return typeof user.name === 'string' && user.name !== '' ? user.name : user.id;
}

export class PolicyEngine {
  readonly #policy: PolicyDoc;
  readonly #grantsByRole = new Map<string, GrantRecord[]>();
  readonly #cache = new Map<string, Compiled>();

  constructor(policy: PolicyDoc) {
    this.#policy = policy;
    const grants = Object.values(policy.grants ?? {}).sort((a, b) => (a.id < b.id ? -1 : 1));
    for (const g of grants) {
      let list = this.#grantsByRole.get(g.role);
      if (!list) this.#grantsByRole.set(g.role, (list = []));
      list.push(g);
    }
  }

  /** The user if they exist and are active. */
  activeUser(userId: string): UserRecord | undefined {
    const user = this.#user(userId);
    return user?.status === 'active' ? user : undefined;
  }

  /** Roles the user holds, directly or through inheritance, each with its role path. */
  effectiveRoles(userId: string): Array<{ role: string; path: string[] }> {
    const user = this.#user(userId);
    if (!user) return [];
    return [...rolePaths(this.#policy.roles ?? {}, user.roles ?? []).entries()].map(([role, path]) => ({ role, path }));
  }

  check(userId: string, action: string, scope: string): Decision {
    const c = this.#compiled(userId);
    const refusal = this.#refusal(c, userId, action, scope);
    if (refusal) return refusal;
    const user = c.user as UserRecord;
    if (action === ALL_ACTIONS || isWildcardScope(scope)) return this.#decide(user, action, scope, this.#matching(c, action, scope));

    const index = c.byAction.get(action) ?? c.star;
    const exact = index.get(scope);
    const kw = kindWildcard(scope);
    const kind = kw === undefined ? undefined : index.get(kw);
    const all = index.get('*');
    const deny = firstOf(exact?.denies) ?? firstOf(kind?.denies) ?? firstOf(all?.denies);
    if (deny) return this.#denied(user, action, scope, deny);
    const allow = firstOf(exact?.allows) ?? firstOf(kind?.allows) ?? firstOf(all?.allows);
    if (allow) return this.#allowed(user, action, scope, allow);
    return this.#noGrant(user, action, scope);
  }

  /** The decision and every grant of the user that applies, each with its role path. */
  explain(userId: string, action: string, scope: string): Explanation {
    const c = this.#compiled(userId);
    const refusal = this.#refusal(c, userId, action, scope);
    if (refusal) return { decision: refusal, matches: [] };
    const matches = this.#matching(c, action, scope);
    const decision = this.#decide(c.user as UserRecord, action, scope, matches);
    const decisiveId = decision.grant?.id;
    return {
      decision,
      matches: matches.map((e) => ({ ...e.ref, path: [...e.ref.path], decisive: e.ref.id === decisiveId })),
    };
  }

  #user(userId: string): UserRecord | undefined {
    const users = this.#policy.users ?? {};
    return Object.hasOwn(users, userId) ? users[userId] : undefined;
  }

  #refusal(c: Compiled, userId: string, action: string, scope: string): Decision | undefined {
    if (!c.user) return { allowed: false, reason: `User ${userId} is unknown` };
    if (c.user.status !== 'active') return { allowed: false, reason: `${userName(c.user)} is suspended` };
    if (!isKnownAction(action)) return { allowed: false, reason: `"${action}" is not a known action` };
    if (!isValidScope(scope)) return { allowed: false, reason: `"${scope}" is not a valid scope` };
    return undefined;
  }

  /**
   * Every entry that applies: allows whose action and scope cover the question, denies whose
   * action and scope merely overlap it. Most specific scope first, then in entry order.
   */
  #matching(c: Compiled, action: string, scope: string): Entry[] {
    const out: Entry[] = [];
    for (const e of c.entries) {
      const g = e.ref;
      const applies = e.deny
        ? (g.action === ALL_ACTIONS || action === ALL_ACTIONS || g.action === action) && overlaps(g.scope, scope)
        : (g.action === ALL_ACTIONS || g.action === action) && covers(g.scope, scope);
      if (applies) out.push(e);
    }
    return out.sort((a, b) => a.rank - b.rank || a.order - b.order);
  }

  #decide(user: UserRecord, action: string, scope: string, matches: readonly Entry[]): Decision {
    const deny = matches.find((e) => e.deny);
    if (deny) return this.#denied(user, action, scope, deny);
    const allow = matches[0];
    if (allow) return this.#allowed(user, action, scope, allow);
    return this.#noGrant(user, action, scope);
  }

  #allowed(user: UserRecord, action: string, scope: string, e: Entry): Decision {
    const g = e.ref;
    return {
      allowed: true,
      reason: `${userName(user)} may ${action} on ${scope}: ${formatRolePath(g.path)} allows ${g.action} on ${g.scope}`,
      grant: { ...g, path: [...g.path] },
    };
  }

  #denied(user: UserRecord, action: string, scope: string, e: Entry): Decision {
    const g = e.ref;
    return {
      allowed: false,
      reason: `${userName(user)} may not ${action} on ${scope}: ${formatRolePath(g.path)} denies ${g.action} on ${g.scope}`,
      grant: { ...g, path: [...g.path] },
    };
  }

  #noGrant(user: UserRecord, action: string, scope: string): Decision {
    return { allowed: false, reason: `No grant gives ${userName(user)} ${action} on ${scope}` };
  }

  #compiled(userId: string): Compiled {
    let c = this.#cache.get(userId);
    if (!c) this.#cache.set(userId, (c = this.#compile(userId)));
    return c;
  }

  #compile(userId: string): Compiled {
    const user = this.#user(userId);
    const entries: Entry[] = [];
    const byAction = new Map<string, ScopeIndex>();
    const star: ScopeIndex = new Map();
    if (user) {
      // rolePaths yields each reachable role once, so each grant is listed once.
      for (const [role, path] of rolePaths(this.#policy.roles ?? {}, user.roles ?? [])) {
        for (const g of this.#grantsByRole.get(role) ?? []) {
          const ref: GrantRef = { id: g.id, role: g.role, action: g.action, scope: g.scope, effect: g.effect === 'allow' ? 'allow' : 'deny', path };
          entries.push({ ref, deny: ref.effect === 'deny', rank: scopeRank(g.scope), order: entries.length });
        }
      }
      // Each named action's index holds its own grants and the `*` ones, in entry order.
      for (const e of entries) if (e.ref.action !== ALL_ACTIONS && !byAction.has(e.ref.action)) byAction.set(e.ref.action, new Map());
      const indexes = [...byAction.values()];
      for (const e of entries) {
        if (e.ref.action !== ALL_ACTIONS) addTo(byAction.get(e.ref.action) as ScopeIndex, e);
        else for (const index of [star, ...indexes]) addTo(index, e);
      }
    }
    return { user, entries, byAction, star };
  }
}
