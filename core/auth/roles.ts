import type { RoleRecord } from './model.ts';

/**
 * The role graph: roles inherit every grant of their parents. Policy operations keep the
 * graph acyclic, but a merge of two concurrent edits can still close a cycle, so every walk
 * here tolerates cycles and roles that no longer exist.
 */
export type RoleTable = Readonly<Record<string, Pick<RoleRecord, 'parents'>>>;

/** Parents of a role known to exist in `roles`. */
function parentsOf(roles: RoleTable, id: string): readonly string[] {
  return (roles[id] as Pick<RoleRecord, 'parents'>).parents ?? [];
}

/**
 * Every role reachable from `held` (the held roles themselves included), each with the
 * shortest role path from a held role to it, e.g. costume-designer → section-editor.
 * Breadth-first and in parent order, so the result is deterministic. Unknown roles are skipped.
 */
export function rolePaths(roles: RoleTable, held: readonly string[]): Map<string, string[]> {
  const paths = new Map<string, string[]>();
  const queue: string[] = [];
  for (const id of held) {
    if (!Object.hasOwn(roles, id) || paths.has(id)) continue;
    paths.set(id, [id]);
    queue.push(id);
  }
  for (let i = 0; i < queue.length; i++) {
    const id = queue[i] as string;
    const path = paths.get(id) as string[];
    for (const parent of parentsOf(roles, id)) {
      if (!Object.hasOwn(roles, parent) || paths.has(parent)) continue;
      paths.set(parent, [...path, parent]);
      queue.push(parent);
    }
  }
  return paths;
}

/** The roles `id` inherits from, transitively, nearest first; `id` itself excluded. */
export function ancestors(roles: RoleTable, id: string): string[] {
  return [...rolePaths(roles, [id]).keys()].filter((r) => r !== id);
}

/** The roles that name `id` as a direct parent, sorted. */
export function childRoles(roles: RoleTable, id: string): string[] {
  return Object.keys(roles)
    .filter((r) => parentsOf(roles, r).includes(id))
    .sort();
}

/**
 * If `id` took `parents` as its parents, would the graph have a cycle? Returns the path that
 * would close it, starting and ending at `id` (e.g. ['editor', 'section-editor', 'editor']),
 * or undefined when the graph stays acyclic.
 */
export function findCycle(roles: RoleTable, id: string, parents: readonly string[]): string[] | undefined {
  if (parents.includes(id)) return [id, id];
  for (const start of parents) {
    // Walk up from the proposed parent, looking for `id` among its ancestors.
    const paths = rolePaths(roles, [start]);
    const back = paths.get(id);
    if (back) return [id, ...back];
  }
  return undefined;
}

export function formatRolePath(path: readonly string[]): string {
  return path.join(' → ');
}
