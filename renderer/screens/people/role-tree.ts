import type { Role } from './policy-data.ts';

export interface RoleNode {
  role: Role;
  /** Unique per position: a role with two parents appears twice, under each. */
  key: string;
  children: RoleNode[];
  /** The role names from the root down to this node's parent. */
  inheritsFrom: string[];
}

/**
 * The inheritance forest for display: roots are roles with no (known) parent; each role
 * appears under every one of its parents. A cycle (which the API refuses) cannot loop here.
 */
export function buildRoleTree(roles: readonly Role[]): RoleNode[] {
  const byId = new Map(roles.map((r) => [r.id, r]));
  const children = new Map<string, Role[]>();
  for (const r of roles) {
    for (const p of r.parents) {
      if (!byId.has(p)) continue;
      const list = children.get(p) ?? [];
      list.push(r);
      children.set(p, list);
    }
  }
  const byName = (a: Role, b: Role) => a.name.localeCompare(b.name);
  const grow = (role: Role, path: string[], keyPrefix: string, seen: ReadonlySet<string>): RoleNode => {
    const key = `${keyPrefix}/${role.id}`;
    const next = new Set(seen).add(role.id);
    const kids = (children.get(role.id) ?? []).filter((c) => !next.has(c.id)).sort(byName);
    return { role, key, inheritsFrom: path, children: kids.map((c) => grow(c, [...path, role.name], key, next)) };
  };
  return roles
    .filter((r) => r.parents.every((p) => !byId.has(p)))
    .sort(byName)
    .map((r) => grow(r, [], '', new Set()));
}

/** Every role `roleId` inherits from, directly or not (for the parent picker: a descendant cannot become a parent). */
export function descendantsOf(roles: readonly Role[], roleId: string): Set<string> {
  const out = new Set<string>();
  const stack = [roleId];
  while (stack.length) {
    const id = stack.pop()!;
    for (const r of roles) {
      if (r.parents.includes(id) && !out.has(r.id)) {
        out.add(r.id);
        stack.push(r.id);
      }
    }
  }
  return out;
}

/** `Costume designer` → `costume-designer`: role ids are slugs. */
export function slugify(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64)
    .replace(/-+$/, '');
}
