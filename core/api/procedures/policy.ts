import { z } from 'zod';
import { ACTIONS, ALL_ACTIONS } from '../../auth/actions.ts';
import { ID_KINDS, SINGLETON_KINDS } from '../../auth/scopes.ts';
import { POLICY_DOC_ID, POLICY_SCOPE, type GrantRecord, type PolicyDoc, type RoleRecord, type UserRecord } from '../../auth/model.ts';
import * as ops from '../../auth/policy-ops.ts';
import { checkPassword, hashPassword } from '../../auth/passwords.ts';
import { CallboardError } from '../../errors.ts';
import { grant, procedure, type HandlerContext } from '../procedure.ts';
import { email, empty, name } from '../schemas.ts';
import { scopeExists } from '../scope-exists.ts';
import { newUserId } from '../setup.ts';

const userId = z.string().trim().min(1).max(100);
const roleId = z.string().trim().min(1).max(64);
const action = z.string().trim().min(1).max(100);
const scope = z.string().trim().min(1).max(300);

export function publicUser(u: UserRecord) {
  return { id: u.id, name: u.name, email: u.email, status: u.status, roles: [...u.roles], createdAt: u.createdAt };
}

function publicRole(r: RoleRecord, grants: GrantRecord[], holders: number) {
  return {
    id: r.id,
    name: r.name,
    description: r.description,
    parents: [...r.parents],
    builtIn: r.builtIn,
    holders,
    grants: grants.filter((g) => g.role === r.id).map(publicGrant),
  };
}

function publicGrant(g: GrantRecord) {
  return { id: g.id, role: g.role, action: g.action, scope: g.scope, effect: g.effect, createdAt: g.createdAt, createdBy: g.createdBy };
}

function policy(ctx: HandlerContext): PolicyDoc {
  return ctx.store.doc<PolicyDoc>(POLICY_DOC_ID);
}

/** Runs a policy operation on the policy document, and returns the document before and after. */
function changePolicy(ctx: HandlerContext, message: string, op: (draft: PolicyDoc, opCtx: ops.PolicyOpContext) => void) {
  const before = policy(ctx);
  const opCtx = { actorId: ctx.principal.userId, now: ctx.clock.now() };
  const after = ctx.store.change<PolicyDoc>(POLICY_DOC_ID, (d) => op(d, opCtx), { message });
  return { before, after };
}

function roleName(p: PolicyDoc, id: string): string {
  return Object.hasOwn(p.roles, id) ? p.roles[id]!.name : id;
}

function userLabel(p: PolicyDoc, id: string): string {
  const u = p.users[id];
  return u ? `${u.name}` : id;
}

export function findUser(p: PolicyDoc, idOrName: string): UserRecord | undefined {
  const direct = Object.hasOwn(p.users, idOrName) ? p.users[idOrName] : undefined;
  if (direct) return direct;
  const needle = idOrName.trim().toLowerCase();
  return Object.values(p.users).find((u) => u.name.toLowerCase() === needle || u.email.toLowerCase() === needle);
}

function requireUser(p: PolicyDoc, id: string): UserRecord {
  const u = findUser(p, id);
  if (!u) throw new CallboardError('not_found', `No user "${id}"`, { field: 'userId' });
  return u;
}

const readPolicy = grant('view', POLICY_SCOPE);
const managePolicy = grant('policy.manage', POLICY_SCOPE);

export const policyProcedures = {
  'policy.get': procedure({
    name: 'policy.get',
    description: 'Users, roles (with parents and grants) and the action catalogue.',
    kind: 'query',
    input: empty,
    permission: readPolicy,
    handler: (_i, ctx) => {
      const p = policy(ctx);
      const grants = Object.values(p.grants);
      const holders = (roleId: string) => Object.values(p.users).filter((u) => u.roles.includes(roleId)).length;
      return {
        users: Object.values(p.users).map(publicUser).sort((a, b) => a.name.localeCompare(b.name)),
        roles: Object.values(p.roles)
          .map((r) => publicRole(r, grants, holders(r.id)))
          .sort((a, b) => a.name.localeCompare(b.name)),
        actions: ACTIONS.map((a) => ({ name: a.name, description: a.description, scopes: [...a.scopes] })),
        scopeKinds: { singletons: [...SINGLETON_KINDS], withIds: [...ID_KINDS] },
      };
    },
  }),
  'users.list': procedure({
    name: 'users.list',
    description: 'Every user of the company with their roles and status.',
    kind: 'query',
    input: empty,
    permission: readPolicy,
    handler: (_input, ctx) =>
      Object.values(policy(ctx).users)
        .map(publicUser)
        .sort((a, b) => a.name.localeCompare(b.name)),
  }),
  'users.create': procedure({
    name: 'users.create',
    description: 'Adds a user, with the roles given (you may only hand out what you hold yourself).',
    kind: 'mutation',
    input: z.object({ name, email, roles: z.array(roleId).max(50).default([]) }).strict(),
    permission: managePolicy,
    handler: (input, ctx) => {
      const id = newUserId();
      let created: UserRecord | undefined;
      changePolicy(ctx, 'create user', (d, c) => {
        created = ops.createUser(d, c, { id, name: input.name, email: input.email, roles: input.roles });
      });
      const user = publicUser(created!);
      ctx.audit({ target: `user:${id}`, summary: `Added user ${input.name} <${input.email}>${input.roles.length ? ` with roles ${input.roles.join(', ')}` : ''}`, after: user });
      return user;
    },
  }),
  'users.update': procedure({
    name: 'users.update',
    description: "Changes a user's name or e-mail address.",
    kind: 'mutation',
    input: z.object({ userId, name: name.optional(), email: email.optional() }).strict(),
    permission: managePolicy,
    handler: (input, ctx) => {
      const target = requireUser(policy(ctx), input.userId);
      const before = { name: target.name, email: target.email };
      const patch = { ...(input.name !== undefined ? { name: input.name } : {}), ...(input.email !== undefined ? { email: input.email } : {}) };
      const { after } = changePolicy(ctx, 'update user', (d, c) => ops.updateUser(d, c, target.id, patch));
      const now = after.users[target.id]!;
      ctx.audit({ target: `user:${target.id}`, summary: `Changed ${now.name}'s details`, before, after: { name: now.name, email: now.email } });
      return publicUser(now);
    },
  }),
  'users.setStatus': procedure({
    name: 'users.setStatus',
    description: 'Suspends or re-activates a user (the last admin cannot be suspended).',
    kind: 'mutation',
    input: z.object({ userId, status: z.enum(['active', 'suspended']) }).strict(),
    permission: managePolicy,
    handler: (input, ctx) => {
      const target = requireUser(policy(ctx), input.userId);
      const { after } = changePolicy(ctx, `set user ${input.status}`, (d, c) => ops.setUserStatus(d, c, target.id, input.status));
      ctx.audit({
        target: `user:${target.id}`,
        summary: `${input.status === 'suspended' ? 'Suspended' : 'Re-activated'} ${target.name}`,
        before: { status: target.status },
        after: { status: input.status },
      });
      return publicUser(after.users[target.id]!);
    },
  }),
  'users.delete': procedure({
    name: 'users.delete',
    description: 'Removes a user and revokes their devices (the last admin cannot be removed).',
    kind: 'mutation',
    input: z.object({ userId }).strict(),
    permission: managePolicy,
    handler: (input, ctx) => {
      const target = requireUser(policy(ctx), input.userId);
      changePolicy(ctx, 'delete user', (d, c) => ops.deleteUser(d, c, target.id));
      ctx.audit({ target: `user:${target.id}`, summary: `Removed user ${target.name}`, before: publicUser(target) });
      return { deleted: target.id };
    },
  }),
  'users.assignRole': procedure({
    name: 'users.assignRole',
    description: 'Gives a user a role (only if you hold every permission the role carries).',
    kind: 'mutation',
    input: z.object({ userId, roleId }).strict(),
    permission: managePolicy,
    handler: (input, ctx) => {
      const target = requireUser(policy(ctx), input.userId);
      const { after } = changePolicy(ctx, 'assign role', (d, c) => ops.assignRole(d, c, target.id, input.roleId));
      ctx.audit({ target: `user:${target.id}`, summary: `Gave ${target.name} the role ${after.roles[input.roleId]?.name ?? input.roleId}`, before: { roles: [...target.roles] }, after: { roles: [...after.users[target.id]!.roles] } });
      return publicUser(after.users[target.id]!);
    },
  }),
  'users.unassignRole': procedure({
    name: 'users.unassignRole',
    description: 'Takes a role from a user.',
    kind: 'mutation',
    input: z.object({ userId, roleId }).strict(),
    permission: managePolicy,
    handler: (input, ctx) => {
      const target = requireUser(policy(ctx), input.userId);
      const { after, before } = changePolicy(ctx, 'unassign role', (d, c) => ops.unassignRole(d, c, target.id, input.roleId));
      ctx.audit({ target: `user:${target.id}`, summary: `Took the role ${before.roles[input.roleId]?.name ?? input.roleId} from ${target.name}`, before: { roles: [...target.roles] }, after: { roles: [...after.users[target.id]!.roles] } });
      return publicUser(after.users[target.id]!);
    },
  }),
  'users.setPassword': procedure({
    name: 'users.setPassword',
    description: "Sets a user's sign-in password on this device (passwords are local to each replica).",
    kind: 'mutation',
    input: z.object({ userId, password: z.string().min(1).max(1024) }).strict(),
    permission: managePolicy,
    prepare: async (input) => hashPassword(checkPassword(input.password)),
    handler: (input, ctx, hash) => {
      const target = requireUser(policy(ctx), input.userId);
      ctx.services.passwords.set(target.id, hash);
      ctx.audit({ target: `user:${target.id}`, summary: `Set a sign-in password for ${target.name}` });
      return { userId: target.id, passwordSet: true };
    },
  }),
  'roles.create': procedure({
    name: 'roles.create',
    description: 'Creates a role, optionally inheriting from parent roles.',
    kind: 'mutation',
    input: z.object({ id: roleId, name, description: z.string().trim().max(500).default(''), parents: z.array(roleId).max(20).default([]) }).strict(),
    permission: managePolicy,
    handler: (input, ctx) => {
      let role: RoleRecord | undefined;
      const { after } = changePolicy(ctx, 'create role', (d, c) => {
        role = ops.createRole(d, c, input);
      });
      ctx.audit({ target: `role:${input.id}`, summary: `Created role ${input.name}${input.parents.length ? ` (inherits ${input.parents.map((r) => roleName(after, r)).join(', ')})` : ''}`, after: { ...role! } });
      return publicRole(after.roles[input.id]!, Object.values(after.grants), 0);
    },
  }),
  'roles.update': procedure({
    name: 'roles.update',
    description: "Changes a role's name or description.",
    kind: 'mutation',
    input: z.object({ roleId, name: name.optional(), description: z.string().trim().max(500).optional() }).strict(),
    permission: managePolicy,
    handler: (input, ctx) => {
      const before = policy(ctx).roles[input.roleId];
      const patch = { ...(input.name !== undefined ? { name: input.name } : {}), ...(input.description !== undefined ? { description: input.description } : {}) };
      const { after } = changePolicy(ctx, 'update role', (d, c) => ops.updateRole(d, c, input.roleId, patch));
      const role = after.roles[input.roleId]!;
      ctx.audit({ target: `role:${input.roleId}`, summary: `Changed role ${role.name}`, before: { name: before?.name, description: before?.description }, after: { name: role.name, description: role.description } });
      return publicRole(role, Object.values(after.grants), 0);
    },
  }),
  'roles.setParents': procedure({
    name: 'roles.setParents',
    description: 'Sets the roles a role inherits from (a cycle is refused with the path that would close it).',
    kind: 'mutation',
    input: z.object({ roleId, parents: z.array(roleId).max(20) }).strict(),
    permission: managePolicy,
    handler: (input, ctx) => {
      const before = policy(ctx).roles[input.roleId];
      const { after } = changePolicy(ctx, 'set role parents', (d, c) => ops.setRoleParents(d, c, input.roleId, input.parents));
      const role = after.roles[input.roleId]!;
      ctx.audit({ target: `role:${input.roleId}`, summary: `${role.name} now inherits from ${input.parents.length ? input.parents.map((r) => roleName(after, r)).join(', ') : 'no role'}`, before: { parents: before ? [...before.parents] : [] }, after: { parents: [...role.parents] } });
      return publicRole(role, Object.values(after.grants), 0);
    },
  }),
  'roles.delete': procedure({
    name: 'roles.delete',
    description: 'Deletes a role and its grants (refused while someone holds or inherits it).',
    kind: 'mutation',
    input: z.object({ roleId }).strict(),
    permission: managePolicy,
    handler: (input, ctx) => {
      const before = policy(ctx).roles[input.roleId];
      changePolicy(ctx, 'delete role', (d, c) => ops.deleteRole(d, c, input.roleId));
      ctx.audit({ target: `role:${input.roleId}`, summary: `Deleted role ${before?.name ?? input.roleId}`, before: before ? { ...before } : undefined });
      return { deleted: input.roleId };
    },
  }),
  'grants.add': procedure({
    name: 'grants.add',
    description: 'Gives a role an action on a scope (allow), or forbids it (deny: a deny always wins).',
    kind: 'mutation',
    input: z.object({ roleId, action, scope, effect: z.enum(['allow', 'deny']).default('allow') }).strict(),
    permission: managePolicy,
    handler: (input, ctx) => {
      let g: GrantRecord | undefined;
      const { after } = changePolicy(ctx, 'add grant', (d, c) => {
        g = ops.addGrant(d, c, { role: input.roleId, action: input.action, scope: input.scope, effect: input.effect }, (s) => scopeExists(ctx.store, s));
      });
      const what = `${input.action} on ${input.scope}`;
      ctx.audit({
        target: `grant:${g!.id}`,
        summary: input.effect === 'allow' ? `Role ${roleName(after, input.roleId)} may now ${what}` : `Added a deny to role ${roleName(after, input.roleId)}: ${what} is refused`,
        after: publicGrant(g!),
      });
      return publicGrant(g!);
    },
  }),
  'grants.remove': procedure({
    name: 'grants.remove',
    description: 'Removes a grant.',
    kind: 'mutation',
    input: z.object({ grantId: z.string().trim().min(1).max(400) }).strict(),
    permission: managePolicy,
    handler: (input, ctx) => {
      const before = Object.hasOwn(policy(ctx).grants, input.grantId) ? policy(ctx).grants[input.grantId] : undefined;
      changePolicy(ctx, 'remove grant', (d, c) => ops.removeGrant(d, c, input.grantId));
      const p = policy(ctx);
      ctx.audit({ target: `grant:${input.grantId}`, summary: before ? `Removed the ${before.effect} of ${before.action} on ${before.scope} from role ${roleName(p, before.role)}` : `Removed grant ${input.grantId}`, before: before ? publicGrant(before) : undefined });
      return { removed: input.grantId };
    },
  }),
  'auth.check': procedure({
    name: 'auth.check',
    description: 'Whether a user may do an action on a scope.',
    kind: 'query',
    input: z.object({ userId, action, scope }).strict(),
    permission: readPolicy,
    handler: (input, ctx) => {
      const target = requireUser(policy(ctx), input.userId);
      return ctx.services.authorizer.check(target.id, input.action, input.scope);
    },
  }),
  'auth.explain': procedure({
    name: 'auth.explain',
    description: 'Why a user may or may not do an action on a scope: the decision and every grant that applies, with the role path through inheritance.',
    kind: 'query',
    input: z.object({ userId, action, scope }).strict(),
    permission: readPolicy,
    handler: (input, ctx) => {
      const p = policy(ctx);
      const target = requireUser(p, input.userId);
      const explanation = ctx.services.authorizer.explain(target.id, input.action, input.scope);
      return {
        user: { id: target.id, name: target.name },
        action: input.action,
        scope: input.scope,
        ...explanation,
        matches: explanation.matches.map((m) => ({ ...m, roleNames: m.path.map((r) => p.roles[r]?.name ?? r) })),
      };
    },
  }),
  'auth.matrix': procedure({
    name: 'auth.matrix',
    description: 'What a person can do: every action against every scope in use, allowed or not.',
    kind: 'query',
    input: z.object({ userId }).strict(),
    permission: readPolicy,
    handler: (input, ctx) => {
      const p = policy(ctx);
      const target = requireUser(p, input.userId);
      const concrete = [...new Set(ctx.store.list().map((d) => d.scope))].filter((s) => s.includes(':')).sort();
      const scopes = ['*', ...SINGLETON_KINDS, ...ID_KINDS.map((k) => `${k}:*`), ...concrete];
      const kindOf = (s: string) => (s === '*' ? '*' : s.split(':')[0]!);
      const actions = ACTIONS.map((a) => a.name);
      const rows = scopes.map((s) => ({
        scope: s,
        cells: actions
          .filter((a) => a === 'view' || s === '*' || ACTIONS.find((x) => x.name === a)!.scopes.includes(kindOf(s) as never))
          .map((a) => {
            const d = ctx.services.authorizer.check(target.id, a, s);
            // 'deny' when a deny decided, 'none' when no grant applies at all.
            return { action: a, allowed: d.allowed, effect: d.allowed ? ('allow' as const) : d.grant?.effect === 'deny' ? ('deny' as const) : ('none' as const) };
          }),
      }));
      return { user: { id: target.id, name: target.name, roles: [...target.roles] }, actions, allActions: ALL_ACTIONS, rows, label: userLabel(p, target.id) };
    },
  }),
};
