/** A small stateful fake of the policy procedures for People & Roles and Audit tests. */
import { ApiError } from '../../../renderer/api/api-error.ts';
import type { FakeHandlers } from '../../../renderer/api/fake-client.ts';
import type { ProcedureOutput } from '../../../renderer/api/types.ts';
import { company, morgan } from './fixtures.ts';

type Policy = ProcedureOutput<'policy.get'>;
type Role = Policy['roles'][number];
type Grant = Role['grants'][number];
type User = Policy['users'][number];

const T0 = Date.UTC(2026, 0, 12, 18, 30);

export const ACTIONS: Policy['actions'] = [
  { name: 'view', description: 'See what a scope holds (read-only)', scopes: ['org', 'policy', 'directory', 'audit', 'section', 'production'] as never },
  { name: 'content.edit', description: "Edit a section's pages and blocks", scopes: ['section'] as never },
  { name: 'content.publish', description: "Publish a section's pages to the website", scopes: ['section'] as never },
  { name: 'policy.manage', description: 'Manage users, roles, grants and devices', scopes: ['policy'] as never },
];

const grant = (role: string, action: string, scope: string, effect: 'allow' | 'deny' = 'allow'): Grant => ({
  id: `${role}:${effect}:${action}@${scope}`,
  role,
  action,
  scope,
  effect,
  createdAt: T0,
  createdBy: morgan.id,
});

const role = (id: string, name: string, parents: string[], grants: Grant[], description = ''): Role => ({
  id,
  name,
  description,
  parents,
  builtIn: id !== 'costume-designer',
  holders: 0,
  grants,
});

export interface PolicyState {
  users: User[];
  roles: Role[];
}

export function policyState(): PolicyState {
  return {
    users: [
      { ...morgan, email: 'morgan@example.org', roles: ['admin'] },
      { id: 'u-priya', name: 'Priya Natarajan', email: 'priya@example.org', status: 'active', roles: ['costume-designer'], createdAt: T0 + 1000 },
      { id: 'u-dev', name: 'Dev Okafor', email: 'dev@example.org', status: 'suspended', roles: ['stage-manager'], createdAt: T0 + 2000 },
    ],
    roles: [
      role('admin', 'Admin', [], [grant('admin', '*', '*'), grant('admin', 'policy.manage', 'policy')], 'May do everything'),
      role('viewer', 'Viewer', [], [grant('viewer', 'view', '*')]),
      role('editor', 'Editor', ['viewer'], [grant('editor', 'content.edit', 'section:*')]),
      role('section-editor', 'Section editor', [], [grant('section-editor', 'view', 'section:*')]),
      role('stage-manager', 'Stage manager', [], []),
      role('costume-designer', 'Costume designer', ['section-editor'], [
        grant('costume-designer', 'content.edit', 'section:*'),
        grant('costume-designer', 'content.publish', 'section:*', 'deny'),
      ]),
      // inherits from two roles: drawn under each of them
      role('lead-editor', 'Lead editor', ['editor', 'section-editor'], []),
    ],
  };
}

function find<T extends { id: string }>(list: T[], id: string, what: string): T {
  const item = list.find((x) => x.id === id);
  if (!item) throw new ApiError('not_found', `${what} ${id} does not exist`);
  return item;
}

/** Handlers over `state`: reads see every change; refusals are configured per test by overriding handlers. */
export function policyHandlers(state: PolicyState): FakeHandlers {
  const snapshot = (): Policy => ({
    users: state.users.map((u) => ({ ...u, roles: [...u.roles] })),
    roles: state.roles.map((r) => ({ ...r, parents: [...r.parents], grants: r.grants.map((g) => ({ ...g })), holders: state.users.filter((u) => u.roles.includes(r.id)).length })),
    actions: ACTIONS,
    scopeKinds: { singletons: ['org', 'theme', 'policy', 'directory', 'audit', 'sync', 'system'], withIds: ['section', 'production', 'venue', 'media', 'boxoffice'] } as Policy['scopeKinds'],
  });
  let nextUser = 1;
  return {
    'org.get': () => ({ company: { ...company }, createdAt: T0 }),
    'session.whoami': () => ({ user: { id: morgan.id, name: morgan.name, email: morgan.email, roles: ['admin'], status: 'active' }, deviceId: 'dev-1', via: 'token' }),
    'system.health': () => ({ ok: true, version: '0.1.0', deviceId: 'dev-1', documents: 2, uptimeMs: 1 }),
    'policy.get': () => snapshot(),
    'users.list': () => snapshot().users,
    'users.create': (i) => {
      const user: User = { id: `u-new-${nextUser++}`, name: i.name, email: i.email, status: 'active', roles: [...(i.roles ?? [])], createdAt: T0 + 5000 };
      state.users.push(user);
      return { ...user };
    },
    'users.update': (i) => {
      const u = find(state.users, i.userId, 'User');
      if (i.name !== undefined) u.name = i.name;
      if (i.email !== undefined) u.email = i.email;
      return { ...u };
    },
    'users.setStatus': (i) => {
      const u = find(state.users, i.userId, 'User');
      u.status = i.status;
      return { ...u };
    },
    'users.delete': (i) => {
      find(state.users, i.userId, 'User');
      state.users = state.users.filter((u) => u.id !== i.userId);
      return { deleted: i.userId };
    },
    'users.assignRole': (i) => {
      const u = find(state.users, i.userId, 'User');
      u.roles = [...u.roles, i.roleId];
      return { ...u };
    },
    'users.unassignRole': (i) => {
      const u = find(state.users, i.userId, 'User');
      u.roles = u.roles.filter((r) => r !== i.roleId);
      return { ...u };
    },
    'roles.create': (i) => {
      const r = role(i.id, i.name, [...(i.parents ?? [])], [], i.description ?? '');
      state.roles.push({ ...r, builtIn: false });
      return { ...r, builtIn: false };
    },
    'roles.update': (i) => {
      const r = find(state.roles, i.roleId, 'Role');
      if (i.name !== undefined) r.name = i.name;
      if (i.description !== undefined) r.description = i.description;
      return { ...r };
    },
    'roles.setParents': (i) => {
      const r = find(state.roles, i.roleId, 'Role');
      r.parents = [...i.parents];
      return { ...r };
    },
    'roles.delete': (i) => {
      find(state.roles, i.roleId, 'Role');
      state.roles = state.roles.filter((r) => r.id !== i.roleId);
      return { deleted: i.roleId };
    },
    'grants.add': (i) => {
      const r = find(state.roles, i.roleId, 'Role');
      const g = grant(r.id, i.action, i.scope, i.effect ?? 'allow');
      r.grants.push(g);
      return { ...g };
    },
    'grants.remove': (i) => {
      for (const r of state.roles) r.grants = r.grants.filter((g) => g.id !== i.grantId);
      return { removed: i.grantId };
    },
    'audit.list': () => [],
  };
}

export function refuse(code: ApiError['code'], message: string, details?: Record<string, unknown>) {
  return () => {
    throw new ApiError(code, message, details);
  };
}
