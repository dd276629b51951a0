import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PolicyEngine } from '../../../core/auth/engine.ts';
import type { Effect, GrantRecord, PolicyDoc } from '../../../core/auth/model.ts';
import { makePolicy } from './fixtures.ts';

const ACTIONS = ['view', 'content.edit', 'calendar.schedule', '*'] as const;
const SCOPES = ['*', 'section:a', 'section:b', 'section:*', 'production:x', 'production:*', 'directory'] as const;
const USERS = ['u0', 'u1', 'u2'] as const;

/** Random DAG (parents only among lower-numbered roles), users holding role subsets, random grants. */
const policyArb = fc
  .integer({ min: 1, max: 8 })
  .chain((n) => {
    const roleIds = Array.from({ length: n }, (_, i) => `r${i}`);
    const parents = fc.tuple(...roleIds.map((_, i) => (i === 0 ? fc.constant([] as string[]) : fc.subarray(roleIds.slice(0, i)))));
    const held = fc.tuple(...USERS.map(() => fc.subarray(roleIds, { maxLength: Math.min(3, n) })));
    const status = fc.tuple(...USERS.map(() => fc.constantFrom('active', 'active', 'active', 'suspended') as fc.Arbitrary<'active' | 'suspended'>));
    const grant = fc.tuple(fc.constantFrom(...roleIds), fc.constantFrom(...ACTIONS), fc.constantFrom(...SCOPES), fc.constantFrom<Effect>('allow', 'allow', 'allow', 'deny'));
    return fc.record({ parents, held, status, grants: fc.array(grant, { maxLength: 25 }) }).map(({ parents: ps, held: hs, status: st, grants }) =>
      makePolicy({
        roles: Object.fromEntries(roleIds.map((id, i) => [id, ps[i] as string[]])),
        users: Object.fromEntries(USERS.map((u, i) => [u, { roles: hs[i] as string[], status: st[i] }])),
        grants: grants.map(([r, a, s, e]) => [r, a, s, e]),
      }),
    );
  });

function* queries(): Generator<[string, string, string]> {
  for (const u of [...USERS, 'stranger']) for (const a of ACTIONS) for (const s of SCOPES) yield [u, a, s];
}

/** An independent, naive statement of the rules. */
function oracle(p: PolicyDoc, userId: string, action: string, scope: string): boolean {
  const user = p.users[userId];
  if (!user || user.status !== 'active') return false;
  const reach = new Set<string>();
  const visit = (r: string) => {
    if (reach.has(r) || !p.roles[r]) return;
    reach.add(r);
    p.roles[r]?.parents.forEach(visit);
  };
  user.roles.forEach(visit);
  const mine = Object.values(p.grants).filter((g) => reach.has(g.role));
  const expand = (pattern: string): string[] => SCOPES.filter((s) => !s.includes('*')).filter((s) => pattern === '*' || pattern === s || (pattern.endsWith(':*') && s.startsWith(pattern.slice(0, -1))));
  const concrete = expand(scope);
  const actionsAsked = action === '*' ? ['view', 'content.edit', 'calendar.schedule', 'other'] : [action];
  const coveredSet = (g: GrantRecord) => new Set(expand(g.scope));
  const denied = mine.some((g) => g.effect === 'deny' && (g.action === '*' || actionsAsked.includes(g.action)) && concrete.some((s) => coveredSet(g).has(s)));
  if (denied) return false;
  return mine.some(
    (g) =>
      g.effect === 'allow' &&
      (g.action === '*' || g.action === action) &&
      (g.scope === '*' || g.scope === scope || (g.scope.endsWith(':*') && scope.startsWith(g.scope.slice(0, -1)))),
  );
}

function allowedSet(p: PolicyDoc): Set<string> {
  const e = new PolicyEngine(p);
  const out = new Set<string>();
  for (const q of queries()) if (e.check(...q).allowed) out.add(q.join(' '));
  return out;
}

const subset = (a: Set<string>, b: Set<string>) => [...a].every((x) => b.has(x));

describe('PolicyEngine properties', () => {
  it('agrees with a naive statement of the rules (deny wins, no grant denies, inheritance, wildcards)', () => {
    fc.assert(
      fc.property(policyArb, (p) => {
        const e = new PolicyEngine(p);
        for (const q of queries()) expect(e.check(...q).allowed, q.join(' ')).toBe(oracle(p, ...q));
      }),
      { numRuns: 300 },
    );
  });

  it('deny always wins: whenever a matching deny exists the answer is no, and it is the deciding grant', () => {
    fc.assert(
      fc.property(policyArb, (p) => {
        const e = new PolicyEngine(p);
        for (const q of queries()) {
          const x = e.explain(...q);
          if (x.matches.some((m) => m.effect === 'deny')) {
            expect(x.decision.allowed).toBe(false);
            expect(x.decision.grant?.effect).toBe('deny');
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('explain agrees with check', () => {
    fc.assert(
      fc.property(policyArb, (p) => {
        const e = new PolicyEngine(p);
        for (const q of queries()) {
          const x = e.explain(...q);
          expect(x.decision).toEqual(e.check(...q));
          expect(x.matches.filter((m) => m.decisive).length).toBe(x.decision.grant ? 1 : 0);
          if (x.decision.allowed) expect(x.matches.every((m) => m.effect === 'allow')).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('removing an allow grant never widens access', () => {
    fc.assert(
      fc.property(policyArb, fc.nat(), (p, pick) => {
        const allows = Object.values(p.grants).filter((g) => g.effect === 'allow');
        fc.pre(allows.length > 0);
        const victim = allows[pick % allows.length] as GrantRecord;
        const grants = { ...p.grants };
        delete grants[victim.id];
        expect(subset(allowedSet({ ...p, grants }), allowedSet(p))).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('adding a deny never widens access', () => {
    fc.assert(
      fc.property(policyArb, fc.nat(), fc.constantFrom(...ACTIONS), fc.constantFrom(...SCOPES), (p, pick, action, scope) => {
        const roles = Object.keys(p.roles);
        const role = roles[pick % roles.length] as string;
        const deny: GrantRecord = { id: 'zz-deny', role, action, scope, effect: 'deny', createdAt: 0, createdBy: 't' };
        const after = allowedSet({ ...p, grants: { ...p.grants, [deny.id]: deny } });
        expect(subset(after, allowedSet(p))).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('inherited grants behave exactly as the same grants held directly', () => {
    fc.assert(
      fc.property(policyArb, (p) => {
        const e = new PolicyEngine(p);
        for (const u of USERS) {
          // Flatten: one role holding copies of every grant the user reaches through inheritance.
          const reached = new Set(e.effectiveRoles(u).map((r) => r.role));
          const copies = Object.values(p.grants)
            .filter((g) => reached.has(g.role))
            .map((g): [string, string, string, Effect] => ['flat', g.action, g.scope, g.effect]);
          const flat = makePolicy({ users: { [u]: { roles: ['flat'], status: p.users[u]?.status } }, roles: { flat: [] }, grants: copies });
          const fe = new PolicyEngine(flat);
          for (const a of ACTIONS) for (const s of SCOPES) expect(fe.check(u, a, s).allowed).toBe(e.check(u, a, s).allowed);
        }
      }),
      { numRuns: 200 },
    );
  });
});
