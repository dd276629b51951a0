import type { Effect, GrantRecord, PolicyDoc, RoleRecord, UserRecord, UserStatus } from '../../../core/auth/model.ts';

export interface PolicySpec {
  /** user id → roles held (status defaults to active). */
  users?: Record<string, string[] | { roles: string[]; status?: UserStatus; name?: string }>;
  /** role id → parents. */
  roles?: Record<string, string[]>;
  /** [role, action, scope, effect = allow, id?] */
  grants?: Array<[string, string, string, Effect?, string?]>;
}

/** A small policy document built from a compact description. */
export function makePolicy(spec: PolicySpec): PolicyDoc {
  const users: Record<string, UserRecord> = {};
  for (const [id, u] of Object.entries(spec.users ?? {})) {
    const o = Array.isArray(u) ? { roles: u } : u;
    users[id] = { id, name: o.name ?? id.toUpperCase(), email: `${id}@example.org`, status: o.status ?? 'active', roles: o.roles, createdAt: 0 };
  }
  const roles: Record<string, RoleRecord> = {};
  for (const [id, parents] of Object.entries(spec.roles ?? {})) roles[id] = { id, name: id, description: '', parents, builtIn: false };
  const grants: Record<string, GrantRecord> = {};
  (spec.grants ?? []).forEach(([role, action, scope, effect = 'allow', id], i) => {
    const gid = id ?? `g${String(i).padStart(3, '0')}`;
    grants[gid] = { id: gid, role, action, scope, effect, createdAt: 0, createdBy: 'test' };
  });
  return { users, roles, grants, devices: {} };
}
