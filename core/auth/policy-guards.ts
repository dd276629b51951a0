import { conflict } from '../errors.ts';
import { PolicyEngine } from './engine.ts';
import type { GrantRecord, PolicyDoc, UserRecord } from './model.ts';
import { forbidden } from './policy-validate.ts';
import { rolePaths } from './roles.ts';
import { POLICY_SCOPE } from './model.ts';

/**
 * The authority rules the policy operations enforce beyond "the actor holds policy.manage"
 * (which the dispatcher checks):
 *
 *  - nobody widens anyone's access beyond their own: every allow a change hands out (a new
 *    allow grant, a role assigned, a parent added, a user re-activated) and every deny it
 *    takes away (a deny removed, a role or parent carrying denies dropped) must be allowed
 *    to the actor by the current policy;
 *  - the company never locks itself out: a change that would leave no active user able to
 *    `policy.manage` on `policy`, when there is one now, is refused (the last active admin
 *    cannot be deleted, suspended, unassigned, or stripped of the grant).
 */

/** Grants of `roles` and all their ancestors, each once. */
export function inheritedGrants(policy: PolicyDoc, roles: readonly string[]): GrantRecord[] {
  const reach = rolePaths(policy.roles, roles);
  return Object.values(policy.grants).filter((g) => reach.has(g.role));
}

export function grantsNotIn(grants: readonly GrantRecord[], others: readonly GrantRecord[]): GrantRecord[] {
  const ids = new Set(others.map((g) => g.id));
  return grants.filter((g) => !ids.has(g.id));
}

/**
 * Refuses unless the actor may do every `allow` in `given` and every `deny` in `lifted`
 * (the action on the scope, judged by the current policy).
 */
export function requireAuthority(
  policy: PolicyDoc,
  actorId: string,
  what: string,
  given: readonly GrantRecord[],
  lifted: readonly GrantRecord[] = [],
): void {
  const engine = new PolicyEngine(policy);
  const needed = [...given.filter((g) => g.effect === 'allow'), ...lifted.filter((g) => g.effect === 'deny')];
  for (const g of needed) {
    if (!engine.check(actorId, g.action, g.scope).allowed) {
      throw forbidden(`You cannot ${what}: it would give ${g.action} on ${g.scope}, which you do not hold yourself`, {
        action: g.action,
        scope: g.scope,
        grant: g.id,
      });
    }
  }
}

function managers(policy: PolicyDoc): string[] {
  const engine = new PolicyEngine(policy);
  return Object.keys(policy.users).filter((id) => engine.check(id, 'policy.manage', POLICY_SCOPE).allowed);
}

/** Refuses when `after` leaves no active user who can manage the policy but `before` had one. */
export function requireAdminLeft(before: PolicyDoc, after: PolicyDoc, what: string): void {
  if (managers(after).length > 0) return;
  const now = managers(before);
  if (now.length === 0) return;
  const names = now.map((id) => (before.users[id] as UserRecord).name).join(', ');
  throw conflict(`You cannot ${what}: it would leave no active user who can manage users and roles (${names} is the last active admin)`, {
    lastAdmins: now,
  });
}

/** A shallow what-if copy of the policy with some tables replaced. */
export function withChanges(policy: PolicyDoc, changes: Partial<PolicyDoc>): PolicyDoc {
  return {
    users: changes.users ?? policy.users,
    roles: changes.roles ?? policy.roles,
    grants: changes.grants ?? policy.grants,
    devices: policy.devices,
  };
}

/** A copy of `table` without `key`. */
export function without<T>(table: Record<string, T>, key: string): Record<string, T> {
  const copy = { ...table };
  delete copy[key];
  return copy;
}
