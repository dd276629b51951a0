import type { Role } from './policy-data.ts';
import { EffectBadge } from './GrantList.tsx';

/** Every ancestor of `role`, nearest first, with the path of names that leads to it. */
function ancestors(role: Role, roles: readonly Role[]): { role: Role; path: string[] }[] {
  const byId = new Map(roles.map((r) => [r.id, r]));
  const out: { role: Role; path: string[] }[] = [];
  const seen = new Set([role.id]);
  let frontier = [{ role, path: [role.name] }];
  while (frontier.length) {
    const next: typeof frontier = [];
    for (const { role: r, path } of frontier) {
      for (const pid of r.parents) {
        const p = byId.get(pid);
        if (!p || seen.has(pid)) continue;
        seen.add(pid);
        const item = { role: p, path: [...path, p.name] };
        out.push(item);
        next.push(item);
      }
    }
    frontier = next;
  }
  return out;
}

/** Grants a role gets from the roles it inherits from (read-only here; change them on those roles). */
export function InheritedGrants({ role, roles }: { role: Role; roles: readonly Role[] }) {
  const list = ancestors(role, roles).filter((a) => a.role.grants.length > 0);
  if (list.length === 0) return null;
  return (
    <div className="editor-part">
      <h3>Inherited grants</h3>
      <ul className="grant-list inherited" aria-label={`Grants ${role.name} inherits`}>
        {list.flatMap(({ role: from, path }) =>
          from.grants.map((g) => (
            <li key={g.id} className={`grant grant-${g.effect}`}>
              <span className="grant-text">
                <EffectBadge effect={g.effect} /> <code>{g.action}</code> on <code>{g.scope}</code>
                <span className="grant-words">from {path.join(' → ')}</span>
              </span>
            </li>
          )),
        )}
      </ul>
    </div>
  );
}
