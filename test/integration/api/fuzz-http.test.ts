/**
 * API fuzzing over the daemon's real HTTP API (issue #11). For every procedure that
 * `system.describe` lists, fast-check generates inputs from its JSON Schema (drawing strings
 * from ids that exist in the store) and malformed variants of them (wrong types, missing and
 * extra fields, huge strings, deep nesting, lone surrogates, RTL, zero-width, NUL, emoji), and
 * posts them as the admin and as a user with no roles. Properties, for every call:
 *   - no response is a 5xx, and none carries `internal` (a bug);
 *   - every rejection carries a code of the closed set in core/errors.ts, and a message;
 *   - a rejected call changes nothing: every document's heads, the set of documents and the
 *     row counts of the projection tables are the same after it as before.
 *
 * Seeded and bounded: CALLBOARD_FUZZ_SEED (default below, printed) and CALLBOARD_FUZZ_RUNS
 * (inputs per procedure and principal, default 8). A failure prints the seed and fast-check's path;
 *   CALLBOARD_FUZZ_SEED=<seed> CALLBOARD_FUZZ_ONLY=<procedure> npx vitest run test/integration/api/fuzz-http.test.ts
 * replays it (each procedure's stream depends only on the seed and its name).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProcedureDescription } from '../../../core/api/dispatcher.ts';
import { startServer, type RunningServer } from '../../../core/daemon/server.ts';
import { ERROR_CODES, HTTP_STATUS, type ErrorCode } from '../../../core/errors.ts';
import { createTestApp, type TestApp } from '../../fixtures/app.ts';
import { PROCEDURE_EXAMPLES } from '../../fixtures/procedure-examples.ts';
import { malformed, valueFor, type JsonSchema } from '../../fixtures/schema-arbitrary.ts';
import { caller, setupHouse } from '../../fixtures/ticketing.ts';

const SEED = Number(process.env.CALLBOARD_FUZZ_SEED ?? 20261127);
const RUNS = Number(process.env.CALLBOARD_FUZZ_RUNS ?? 8);

/**
 * Procedures that reach outside the store when given a valid input: the fuzzer sends them
 * only inputs their schema refuses (a valid one would dial a stranger's address).
 */
const ONLY_INVALID_INPUTS: Record<string, string> = {
  'sync.connect': 'dials the network address it is given',
};

/** Tables that rejected calls legitimately write: the audit log records refusals, the rest are bookkeeping. */
const NOT_PROJECTIONS = new Set(['audit_log', 'sqlite_sequence', 'meta', 'api_tokens', 'passwords', 'sync_rejected', 'chunks', 'change_signatures']);

let t: TestApp;
let server: RunningServer;
let procedures: ProcedureDescription[];
const tokens: Record<'admin' | 'nobody', string> = { admin: '', nobody: '' };
let known: string[] = [];
let tables: string[] = [];
let countRows: { get(): unknown } | undefined;

/**
 * One POST on a fresh connection (agent: false). The server and this test share one event
 * loop, so a slow input generation could outlast the server's keep-alive timeout and race a
 * reused socket's close (ECONNRESET): a harness artifact, not an answer of the API.
 */
function post(procedure: string, body: string, token: string): Promise<{ status: number; json: { result?: unknown; error?: { code?: unknown; message?: unknown } } }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${server.url}api/${procedure}`,
      { method: 'POST', agent: false, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'content-length': Buffer.byteLength(body) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          try {
            resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) as never });
          } catch {
            reject(new Error(`HTTP ${res.statusCode} with a body that is not JSON: ${text.slice(0, 200)}`));
          }
        });
        res.on('error', reject);
      },
    );
    req.on('error', (err: NodeJS.ErrnoException) => reject(new Error(`no HTTP answer (${err.code ?? ''} ${err.message}) to a ${Buffer.byteLength(body)}-byte body`, { cause: err })));
    req.end(body);
  });
}

/** Everything a rejected call must leave as it was. */
function snapshot(): string {
  const docs = t.app.store
    .list()
    .map((d) => `${d.id}@${[...d.heads].sort().join(',')}`)
    .sort()
    .join('\n');
  countRows ??= t.app.store.db.prepare(`SELECT ${tables.map((name) => `(SELECT count(*) FROM "${name}") AS "${name}"`).join(', ')}`);
  return `${docs}\n${JSON.stringify(countRows.get())}`;
}

/** Ids of things in the store (walked from every document), so generated inputs reach handlers. */
function harvestIds(protectedIds: ReadonlySet<string>): string[] {
  const found = new Set<string>();
  const walk = (v: unknown, depth: number): void => {
    if (depth > 6 || v === null || typeof v !== 'object') return;
    for (const [key, child] of Object.entries(v as Record<string, unknown>)) {
      if (key === 'id' && typeof child === 'string') found.add(child);
      walk(child, depth + 1);
    }
  };
  for (const info of t.app.store.list()) {
    found.add(info.id);
    const scopeId = info.scope.split(':')[1];
    if (scopeId) found.add(scopeId);
    walk(t.app.store.doc(info.id), 0);
  }
  return [...found].filter((id) => !protectedIds.has(id) && id.length < 100).sort();
}

function seedFor(name: string): number {
  return createHash('sha256').update(`${SEED}:${name}`).digest().readUInt32LE(0);
}

beforeAll(async () => {
  console.log(`API fuzz over HTTP: seed ${SEED} (CALLBOARD_FUZZ_SEED), ${RUNS} inputs per procedure and principal (CALLBOARD_FUZZ_RUNS)`);
  t = await createTestApp();
  const call = caller(t.app, t.admin);
  // A small world, so that generated ids hit real things: a house with a performance, a
  // production, sections with a page, a person, a video.
  await setupHouse(call);
  await call('productions.create', { id: 'into-the-woods', title: 'Into the Woods', season: '2026-27' });
  await call('sections.create', { id: 'about', title: 'About' });
  await call('pages.create', { sectionId: 'about', title: 'Our history', blocks: [{ type: 'heading', text: 'Since 1952' }] });
  await call('directory.createPerson', { name: 'José Álvarez' });
  const nobody = (await call('users.create', { name: 'Nobody Fuzz', email: 'nobody@example.org' })) as { id: string };
  tokens.admin = t.app.services.tokens.create(t.adminId, 'fuzz').token;
  tokens.nobody = t.app.services.tokens.create(nobody.id, 'fuzz').token;
  // The admin's own user and roles stay out of generated inputs, so that one generated
  // call does not suspend the admin or strip their role and blind every call after it.
  const adminRoles = (await call('policy.get', {})) as { users: Record<string, { roles: string[] }> };
  known = harvestIds(new Set([t.adminId, ...(adminRoles.users[t.adminId]?.roles ?? [])]));
  tables = (t.app.store.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as Array<{ name: string }>)
    .map((r) => r.name)
    .filter((name) => !NOT_PROJECTIONS.has(name) && !/_(data|idx|docsize|config|content)$/.test(name));
  server = await startServer({ app: t.app, host: '127.0.0.1', port: 0, localSecret: 'fuzz-local-secret', log: () => undefined });
  const described = await post('system.describe', '{}', tokens.admin);
  procedures = (described.json.result as { procedures: ProcedureDescription[] }).procedures;
}, 120_000);

afterAll(async () => {
  await server?.close();
  t?.cleanup();
});

const tally: Record<string, number> = {};
let snapshotMs = 0;

interface Outcome {
  failure?: string;
}

async function check(name: string, who: 'admin' | 'nobody', input: unknown): Promise<Outcome> {
  const body = input === undefined ? '' : JSON.stringify(input);
  let started = performance.now();
  const before = snapshot();
  snapshotMs += performance.now() - started;
  const { status, json } = await post(name, body, tokens[who]);
  const code = json.error?.code;
  const key = `${who}:${status === 200 ? 'ok' : String(code)}`;
  tally[key] = (tally[key] ?? 0) + 1;
  if (status >= 500 || code === 'internal') return { failure: `${status} ${String(code)}: ${String(json.error?.message)}` };
  if (status === 200) return 'result' in json ? {} : { failure: `200 without a result: ${JSON.stringify(json).slice(0, 200)}` };
  if (typeof code !== 'string' || !(ERROR_CODES as readonly string[]).includes(code)) return { failure: `${status} with a code outside the closed set: ${JSON.stringify(json).slice(0, 200)}` };
  if (typeof json.error?.message !== 'string' || json.error.message === '') return { failure: `${status} ${code} without a message` };
  if (HTTP_STATUS[code as ErrorCode] !== status) return { failure: `${code} answered with HTTP ${status}, not ${HTTP_STATUS[code as ErrorCode]}` };
  started = performance.now();
  const after = snapshot();
  snapshotMs += performance.now() - started;
  if (after !== before) return { failure: `rejected with ${code} (${json.error.message}) but the store changed` };
  return {};
}

describe('API fuzzing over HTTP', () => {
  it('describes every procedure of the table over HTTP', () => {
    expect(procedures.map((p) => p.name)).toEqual(t.app.dispatcher.names);
  });

  it('answers every procedure with no 5xx, closed-set codes, and no change on rejection', async () => {
    const failures: string[] = [];
    const filter = process.env.CALLBOARD_FUZZ_ONLY;
    for (const proc of procedures) {
      if (filter && !proc.name.includes(filter)) continue;
      const schema = proc.inputSchema as JsonSchema;
      const local = t.app.dispatcher.procedure(proc.name)!.input;
      const valid = valueFor(schema, { knownStrings: known, noisy: false });
      const noisy = valueFor(schema, { knownStrings: known, noisy: true });
      const example = PROCEDURE_EXAMPLES[proc.name];
      const inputs = fc.oneof(
        { weight: 4, arbitrary: example === undefined ? valid : fc.oneof(valid, fc.constant(example)) },
        { weight: 2, arbitrary: noisy },
        { weight: 3, arbitrary: malformed(example === undefined ? valid : fc.oneof(valid, fc.constant(example))) },
        { weight: 1, arbitrary: fc.constantFrom<unknown>(undefined, null, [], 0, 'x', true, { __proto__: null }) },
      );
      const seed = seedFor(proc.name);
      const result = await fc.check(
        fc.asyncProperty(fc.constantFrom<'admin' | 'nobody'>('admin', 'nobody'), inputs, async (who, input) => {
          if (proc.name in ONLY_INVALID_INPUTS && local.safeParse(input ?? {}).success) return true;
          if (local.safeParse(input ?? {}).success) tally.schemaValid = (tally.schemaValid ?? 0) + 1;
          const outcome = await check(proc.name, who, input);
          if (outcome.failure) throw new Error(outcome.failure);
          return true;
        }),
        { seed, numRuns: RUNS * 2, endOnFailure: true },
      );
      if (result.failed) {
        const full = JSON.stringify(result.counterexample?.[1]) ?? 'undefined';
        const saved = path.join(os.tmpdir(), `callboard-fuzz-${proc.name}.json`);
        fs.writeFileSync(saved, full);
        const input = full.length > 300 ? `${full.slice(0, 300)}… (whole input in ${saved})` : full;
        failures.push(
          `${proc.name} as ${String(result.counterexample?.[0])} with ${input}: ${result.errorInstance instanceof Error ? result.errorInstance.message : String(result.errorInstance)}` +
            `\n    replay: CALLBOARD_FUZZ_SEED=${SEED} CALLBOARD_FUZZ_ONLY=${proc.name} npx vitest run test/integration/api/fuzz-http.test.ts (fast-check seed ${seed}, path ${result.counterexamplePath})`,
        );
      }
    }
    const calls = Object.entries(tally).reduce((a, [k, n]) => (k === 'schemaValid' ? a : a + n), 0);
    console.log(`API fuzz: ${calls} calls (${Object.entries(tally).sort().map(([k, n]) => `${k} ${n}`).join(', ')}); snapshots took ${Math.round(snapshotMs)} ms`);
    expect(failures, failures.join('\n')).toEqual([]);
  }, 600_000);
});
