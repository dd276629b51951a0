import { conflict, notFound } from '../errors.ts';
import { ADMIN_ROLE, type Effect, type GrantRecord, type PolicyDoc, type RoleRecord, type UserRecord, type UserStatus } from './model.ts';
import { grantsNotIn, inheritedGrants, requireAdminLeft, requireAuthority, without, withChanges } from './policy-guards.ts';
import * as v from './policy-validate.ts';
import { childRoles, findCycle, formatRolePath } from './roles.ts';

/**
 * Operations on the policy document. Each one takes the document draft (inside an Automerge
 * change callback, or a plain object), validates everything first, then mutates the draft
 * in place with plain assignments. A refused operation throws CallboardError and changes
 * nothing. See policy-guards.ts for the authority rules applied on top of validation.
 */
export interface PolicyOpContext {
  /** The user making the change (the dispatcher has checked they hold policy.manage). */
  actorId: string;
  /** From the injected clock. */
  now: number;
}

/** Tells whether a concrete scope (`section:costumes`) names something that exists. */
export type ScopeExists = (scope: string) => boolean;

export interface NewUser {
  id: string;
  name: string;
  email: string;
  roles?: string[];
}

export interface NewRole {
  id: string;
  name: string;
  description?: string;
  parents?: string[];
}

export interface NewGrant {
  /** Defaults to `grant-<role>-<effect>-<action>-<scope>`. */
  id?: string;
  role: string;
  action: string;
  scope: string;
  effect: Effect;
}

function user(draft: PolicyDoc, id: unknown): UserRecord {
  const key = String(id);
  const u = Object.hasOwn(draft.users, key) ? draft.users[key] : undefined;
  if (!u) throw notFound(`User ${key} does not exist`, { field: 'userId' });
  return u;
}

function role(draft: PolicyDoc, id: unknown, field = 'roleId'): RoleRecord {
  const key = String(id);
  const r = Object.hasOwn(draft.roles, key) ? draft.roles[key] : undefined;
  if (!r) throw notFound(`Role ${key} does not exist`, { field });
  return r;
}

function existingRoles(draft: PolicyDoc, value: unknown, field: string): string[] {
  const ids = v.idList(value, field, (x, f) => v.roleId(x, f));
  ids.forEach((id, i) => role(draft, id, `${field}[${i}]`));
  return ids;
}

function emailTaken(draft: PolicyDoc, address: string, except?: string): void {
  const lower = address.toLowerCase();
  const other = Object.values(draft.users).find((u) => u.id !== except && String(u.email).toLowerCase() === lower);
  if (other) throw conflict(`The e-mail address ${address} already belongs to ${other.name}`, { field: 'email' });
}

// ---- users ----

export function createUser(draft: PolicyDoc, ctx: PolicyOpContext, input: NewUser): UserRecord {
  const id = v.userId(input.id);
  if (Object.hasOwn(draft.users, id)) throw conflict(`User ${id} already exists`, { field: 'id' });
  const name = v.text(input.name, 'name', 200, true);
  const address = v.email(input.email);
  emailTaken(draft, address);
  const roles = existingRoles(draft, input.roles ?? [], 'roles');
  requireAuthority(draft, ctx.actorId, `create ${name} with roles ${roles.join(', ')}`, inheritedGrants(draft, roles));
  const record: UserRecord = { id, name, email: address, status: 'active', roles, createdAt: ctx.now };
  draft.users[id] = record;
  return { ...record, roles: [...roles] };
}

export function updateUser(draft: PolicyDoc, _ctx: PolicyOpContext, id: string, patch: { name?: string; email?: string }): void {
  const u = user(draft, id);
  const name = patch.name === undefined ? undefined : v.text(patch.name, 'name', 200, true);
  const address = patch.email === undefined ? undefined : v.email(patch.email);
  if (address !== undefined) emailTaken(draft, address, u.id);
  if (name !== undefined) u.name = name;
  if (address !== undefined) u.email = address;
}

/** Suspends (refused for the last active admin) or re-activates a user; no-op when unchanged. */
export function setUserStatus(draft: PolicyDoc, ctx: PolicyOpContext, id: string, status: UserStatus): void {
  const u = user(draft, id);
  const next = v.status(status);
  if (u.status === next) return;
  if (next === 'active') {
    requireAuthority(draft, ctx.actorId, `re-activate ${u.name}`, inheritedGrants(draft, [...u.roles]));
  } else {
    requireAdminLeft(draft, withChanges(draft, { users: { ...draft.users, [u.id]: { ...u, status: next } } }), `suspend ${u.name}`);
  }
  u.status = next;
}

/** Deletes a user and revokes their enrolled devices. Refused for the last active admin. */
export function deleteUser(draft: PolicyDoc, ctx: PolicyOpContext, id: string): void {
  const u = user(draft, id);
  requireAdminLeft(draft, withChanges(draft, { users: without(draft.users, u.id) }), `delete ${u.name}`);
  for (const device of Object.values(draft.devices)) {
    if (device.userId === u.id && device.revokedAt === null) device.revokedAt = ctx.now;
  }
  delete draft.users[u.id];
}

export function assignRole(draft: PolicyDoc, ctx: PolicyOpContext, userId: string, roleId: string): void {
  const u = user(draft, userId);
  const r = role(draft, roleId);
  if (u.roles.includes(r.id)) throw conflict(`${u.name} already holds role ${r.id}`, { field: 'roleId' });
  requireAuthority(draft, ctx.actorId, `give ${u.name} role ${r.id}`, inheritedGrants(draft, [r.id]));
  u.roles = [...u.roles, r.id];
}

/** Takes a role away. Dropping a role that carries denies needs authority over them. */
export function unassignRole(draft: PolicyDoc, ctx: PolicyOpContext, userId: string, roleId: string): void {
  const u = user(draft, userId);
  if (!u.roles.includes(roleId)) throw notFound(`${u.name} does not hold role ${roleId}`, { field: 'roleId' });
  const rest = u.roles.filter((r) => r !== roleId);
  const lost = grantsNotIn(inheritedGrants(draft, [roleId]), inheritedGrants(draft, rest));
  requireAuthority(draft, ctx.actorId, `take role ${roleId} from ${u.name}`, [], lost);
  requireAdminLeft(draft, withChanges(draft, { users: { ...draft.users, [u.id]: { ...u, roles: rest } } }), `take role ${roleId} from ${u.name}`);
  u.roles = rest;
}

// ---- roles ----

export function createRole(draft: PolicyDoc, _ctx: PolicyOpContext, input: NewRole): RoleRecord {
  const id = v.roleId(input.id);
  if (Object.hasOwn(draft.roles, id)) throw conflict(`Role ${id} already exists`, { field: 'id' });
  const name = v.text(input.name, 'name', 100, true);
  const description = v.text(input.description ?? '', 'description', 1000, false);
  const parents = existingRoles(draft, input.parents ?? [], 'parents');
  // Another role may still name a deleted role of the same id as a parent: that could close a cycle.
  const cycle = findCycle({ ...draft.roles, [id]: { parents } }, id, parents);
  if (cycle) throw conflict(`Role ${id} cannot inherit from ${cycle[1]}: ${formatRolePath(cycle)} would be a cycle`, { field: 'parents', cycle });
  const record: RoleRecord = { id, name, description, parents, builtIn: false };
  draft.roles[id] = record;
  return { ...record, parents: [...parents] };
}

export function updateRole(draft: PolicyDoc, _ctx: PolicyOpContext, id: string, patch: { name?: string; description?: string }): void {
  const r = role(draft, id);
  const name = patch.name === undefined ? undefined : v.text(patch.name, 'name', 100, true);
  const description = patch.description === undefined ? undefined : v.text(patch.description, 'description', 1000, false);
  if (name !== undefined) r.name = name;
  if (description !== undefined) r.description = description;
}

/** Replaces a role's parents. Cycles are refused with the path that would close them. */
export function setRoleParents(draft: PolicyDoc, ctx: PolicyOpContext, id: string, parents: string[]): void {
  const r = role(draft, id);
  const next = existingRoles(draft, parents, 'parents');
  const cycle = findCycle(draft.roles, r.id, next);
  if (cycle) throw conflict(`Role ${r.id} cannot inherit from ${cycle[1]}: ${formatRolePath(cycle)} would be a cycle`, { field: 'parents', cycle });
  const before = inheritedGrants(draft, [...r.parents]);
  const after = inheritedGrants(draft, next);
  const what = `change the parents of ${r.id}`;
  requireAuthority(draft, ctx.actorId, what, grantsNotIn(after, before), grantsNotIn(before, after));
  requireAdminLeft(draft, withChanges(draft, { roles: { ...draft.roles, [r.id]: { ...r, parents: next } } }), what);
  r.parents = next;
}

/**
 * Deletes a role and its grants. Refused for `admin`, and while any user holds the role or
 * any role inherits from it (unassign it / change those parents first).
 */
export function deleteRole(draft: PolicyDoc, _ctx: PolicyOpContext, id: string): void {
  const r = role(draft, id);
  if (r.id === ADMIN_ROLE) throw conflict('The admin role cannot be deleted', { field: 'roleId' });
  const holders = Object.values(draft.users).filter((u) => u.roles.includes(r.id));
  if (holders.length > 0) {
    throw conflict(`Role ${r.id} is held by ${holders.map((u) => u.name).join(', ')}; take it from them first`, { field: 'roleId', holders: holders.map((u) => u.id) });
  }
  const children = childRoles(draft.roles, r.id);
  if (children.length > 0) {
    throw conflict(`Role ${r.id} is inherited by ${children.join(', ')}; change their parents first`, { field: 'roleId', children });
  }
  for (const g of Object.values(draft.grants)) if (g.role === r.id) delete draft.grants[g.id];
  delete draft.roles[r.id];
}

// ---- grants ----

export function defaultGrantId(g: Pick<NewGrant, 'role' | 'action' | 'scope' | 'effect'>): string {
  return `grant-${g.role}-${g.effect}-${g.action}-${g.scope}`;
}

/**
 * Adds an allow or deny grant to a role. The action must be known and apply to the scope's
 * kind; a concrete scope must exist (`scopeExists`); an allow needs the actor to hold it; a
 * deny must not lock the company out.
 */
export function addGrant(draft: PolicyDoc, ctx: PolicyOpContext, input: NewGrant, scopeExists: ScopeExists): GrantRecord {
  const r = role(draft, input.role, 'role');
  const act = v.action(input.action);
  const parsed = v.scope(input.scope);
  v.actionOnScope(act, parsed, input.scope);
  const eff = v.effect(input.effect);
  if ('id' in parsed && parsed.id !== '*' && !scopeExists(input.scope)) {
    throw notFound(`Scope ${input.scope} does not exist`, { field: 'scope' });
  }
  const id = input.id === undefined ? defaultGrantId({ role: r.id, action: act, scope: input.scope, effect: eff }) : v.text(input.id, 'id', 300, true);
  if (Object.hasOwn(draft.grants, id)) throw conflict(`Grant ${id} already exists`, { field: 'id' });
  const same = Object.values(draft.grants).find((g) => g.role === r.id && g.action === act && g.scope === input.scope && g.effect === eff);
  if (same) throw conflict(`Role ${r.id} already has this grant (${same.id})`, { field: 'scope', grant: same.id });
  const record: GrantRecord = { id, role: r.id, action: act, scope: input.scope, effect: eff, createdAt: ctx.now, createdBy: ctx.actorId };
  if (eff === 'allow') requireAuthority(draft, ctx.actorId, `grant ${act} on ${input.scope}`, [record]);
  else requireAdminLeft(draft, withChanges(draft, { grants: { ...draft.grants, [id]: record } }), `add a deny of ${act} on ${input.scope} to ${r.id}`);
  draft.grants[id] = record;
  return { ...record };
}

/** Removes a grant. Removing a deny needs authority over what it denied. */
export function removeGrant(draft: PolicyDoc, ctx: PolicyOpContext, grantId: string): void {
  const g = Object.hasOwn(draft.grants, grantId) ? draft.grants[grantId] : undefined;
  if (!g) throw notFound(`Grant ${grantId} does not exist`, { field: 'grantId' });
  const what = `remove grant ${g.id} (${g.effect} ${g.action} on ${g.scope} for ${g.role})`;
  if (g.effect === 'deny') requireAuthority(draft, ctx.actorId, what, [], [g]);
  else requireAdminLeft(draft, withChanges(draft, { grants: without(draft.grants, g.id) }), what);
  delete draft.grants[g.id];
}
