/**
 * Permission engine benchmark: check() latency on a large company, against casbin
 * (RBAC with role inheritance `g, child, parent`, keyMatch scopes, deny-override effect)
 * answering the same questions in the same run. Every sampled decision is compared; any
 * disagreement fails the run.
 *
 *   npx tsx test/bench/run.ts auth
 */
import { newEnforcer, newModelFromString } from 'casbin';
import { ACTIONS } from '../../core/auth/actions.ts';
import { PolicyEngine } from '../../core/auth/engine.ts';
import type { Effect, GrantRecord, PolicyDoc, RoleRecord, UserRecord } from '../../core/auth/model.ts';
import { SINGLETON_KINDS, type ScopeKind } from '../../core/auth/scopes.ts';
import { note, report } from './stats.ts';

const USERS = 200;
const LEVELS = 6;
const ROLES_PER_LEVEL = 10;
const GRANTS = 5000;
/** Questions compared with casbin (which takes milliseconds each); ours are timed over PASSES repeats. */
const QUERIES = 5000;
const PASSES = 20;
const IDS_PER_KIND = 40;
const TARGET_P99_US = 20;

/** mulberry32: a small seeded PRNG so every run measures the same company. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = rng(20260101);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;

function concreteScope(kind: ScopeKind): string {
  return kind.includes(':') || (SINGLETON_KINDS as readonly string[]).includes(kind) ? kind : `${kind}:id-${Math.floor(rand() * IDS_PER_KIND)}`;
}

function buildCompany(): PolicyDoc {
  const roles: Record<string, RoleRecord> = {};
  const levels: string[][] = [];
  for (let l = 0; l < LEVELS; l++) {
    levels.push([]);
    for (let i = 0; i < ROLES_PER_LEVEL; i++) {
      const id = `role-${l}-${i}`;
      const parents = l === 0 ? [] : [...new Set([pick(levels[l - 1] as string[]), ...(rand() < 0.4 ? [pick(levels[l - 1] as string[])] : [])])];
      roles[id] = { id, name: id, description: '', parents, builtIn: false };
      (levels[l] as string[]).push(id);
    }
  }
  const roleIds = Object.keys(roles);
  const grants: Record<string, GrantRecord> = {};
  const seen = new Set<string>();
  while (Object.keys(grants).length < GRANTS) {
    const role = pick(roleIds);
    const info = pick(ACTIONS);
    const action = rand() < 0.02 ? '*' : info.name;
    const kind = pick(info.scopes);
    const r = rand();
    const scope = r < 0.01 ? '*' : r < 0.2 && !concreteScope(kind).startsWith(kind) ? `${kind}:*` : r < 0.2 ? kind : concreteScope(kind);
    const effect: Effect = rand() < 0.08 ? 'deny' : 'allow';
    const key = `${role}|${action}|${scope}|${effect}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const id = `g-${Object.keys(grants).length}`;
    grants[id] = { id, role, action, scope, effect, createdAt: 0, createdBy: 'bench' };
  }
  const users: Record<string, UserRecord> = {};
  for (let i = 0; i < USERS; i++) {
    const id = `user-${i}`;
    const held = [...new Set(Array.from({ length: 1 + Math.floor(rand() * 3) }, () => pick(levels[LEVELS - 1 - Math.floor(rand() * 3)] as string[])))];
    users[id] = { id, name: id, email: `${id}@example.org`, status: rand() < 0.05 ? 'suspended' : 'active', roles: held, createdAt: 0 };
  }
  return { users, roles, grants, devices: {} };
}

function depthOf(p: PolicyDoc): number {
  const depth = (id: string): number => 1 + Math.max(0, ...(p.roles[id]?.parents ?? []).map(depth));
  return Math.max(...Object.keys(p.roles).map(depth));
}

const CASBIN_MODEL = `
[request_definition]
r = sub, obj, act

[policy_definition]
p = sub, obj, act, eft

[role_definition]
g = _, _

[policy_effect]
e = some(where (p.eft == allow)) && !some(where (p.eft == deny))

[matchers]
m = g(r.sub, p.sub) && keyMatch(r.obj, p.obj) && (p.act == "*" || r.act == p.act)
`;

function percentile(sorted: Float64Array, q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
}

function time(queries: ReadonlyArray<[string, string, string]>, fn: (u: string, a: string, s: string) => boolean): { us: Float64Array; answers: boolean[] } {
  const us = new Float64Array(queries.length);
  const answers: boolean[] = new Array(queries.length);
  for (let i = 0; i < queries.length; i++) {
    const [u, a, s] = queries[i] as [string, string, string];
    const t0 = process.hrtime.bigint();
    answers[i] = fn(u, a, s);
    us[i] = Number(process.hrtime.bigint() - t0) / 1000;
  }
  return { us: us.sort(), answers };
}

async function main(): Promise<void> {
  const policy = buildCompany();
  const depth = depthOf(policy);
  const queries: Array<[string, string, string]> = Array.from({ length: QUERIES }, () => {
    const info = pick(ACTIONS);
    return [`user-${Math.floor(rand() * (USERS + 5))}`, info.name, concreteScope(pick(info.scopes))];
  });

  const t0 = performance.now();
  const engine = new PolicyEngine(policy);
  const tBuild = performance.now() - t0;
  const t1 = performance.now();
  for (const id of Object.keys(policy.users)) engine.check(id, 'view', 'org');
  const tCompile = performance.now() - t1;

  const enforcer = await newEnforcer(newModelFromString(CASBIN_MODEL));
  await enforcer.addPolicies(Object.values(policy.grants).map((g) => [`role:${g.role}`, g.scope, g.action, g.effect]));
  const links: string[][] = [];
  for (const r of Object.values(policy.roles)) for (const parent of r.parents) links.push([`role:${r.id}`, `role:${parent}`]);
  for (const u of Object.values(policy.users)) if (u.status === 'active') for (const r of u.roles) links.push([`user:${u.id}`, `role:${r}`]);
  await enforcer.addGroupingPolicies(links);

  const ours = (u: string, a: string, s: string) => engine.check(u, a, s).allowed;
  const peer = (u: string, a: string, s: string) => enforcer.enforceSync(`user:${u}`, s, a);
  // Warm both up on the same questions (JIT, casbin's caches) before measuring.
  time(queries, ours);
  time(queries.slice(0, 500), peer);
  const a = time(queries, ours);
  const oursMany = time(Array.from({ length: PASSES }, () => queries).flat(), ours).us;
  const b = time(queries, peer);

  let disagreements = 0;
  const examples: string[] = [];
  a.answers.forEach((ans, i) => {
    if (ans !== b.answers[i]) {
      disagreements++;
      if (examples.length < 5) examples.push(`${(queries[i] as string[]).join(' ')}: ours ${ans}, casbin ${b.answers[i]}`);
    }
  });
  const allowed = a.answers.filter(Boolean).length;

  const p50 = percentile(oursMany, 0.5);
  const p99 = percentile(oursMany, 0.99);
  const cp50 = percentile(b.us, 0.5);
  const cp99 = percentile(b.us, 0.99);
  const size = `${USERS} users, ${Object.keys(policy.roles).length} roles depth ${depth}, ${GRANTS} grants`;
  const ms = (us: number) => us / 1000;
  report({ name: 'auth.engine_build', value: tBuild, unit: 'ms', detail: `compiling ${USERS} users: ${tCompile.toFixed(1)} ms`, workload: size });
  report({ name: 'auth.check.p50', value: ms(p50), unit: 'ms', workload: `${size}; ${oursMany.length} checks, casbin ${QUERIES}`, peer: { name: 'casbin', value: ms(cp50) } });
  report({
    name: 'auth.check.p99',
    value: ms(p99),
    unit: 'ms',
    workload: `${size}; ${oursMany.length} checks, casbin ${QUERIES}`,
    target: { lt: ms(TARGET_P99_US) },
    requirement: 'permission-checks',
    peer: { name: 'casbin', value: ms(cp99) },
  });
  report({
    name: 'auth.check.disagreements',
    value: disagreements,
    unit: 'count',
    workload: `${QUERIES} decisions compared with casbin, ${((100 * allowed) / QUERIES).toFixed(1)}% allowed`,
    target: { lte: 0 },
  });
  for (const e of examples) note(`  disagreement: ${e}`);
  if (disagreements > 0) process.exitCode = 1;
}

await main();
