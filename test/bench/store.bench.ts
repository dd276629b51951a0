/**
 * Startup of the document store: 300 documents of ~200 entities each (people and events),
 * loaded by our Store (Automerge.load on concatenated chunks) and by automerge-repo 2.5.6's
 * Repo over the same SqliteStorageAdapter (Automerge.loadIncremental). Each figure is taken
 * in a fresh process (median of RUNS), so RSS is that of one cold start. See
 * docs/decisions/0001-document-repo-and-load-path.md.
 *
 *   npx tsx test/bench/run.ts store
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as A from '@automerge/automerge';
import { Repo, type DocumentId } from '@automerge/automerge-repo';
import { TestClock } from '../../core/clock.ts';
import { openDatabase } from '../../core/store/database.ts';
import { SqliteStorageAdapter } from '../../core/store/sqlite-storage-adapter.ts';
import { Store } from '../../core/store/store.ts';
import { buildCatalog } from '../fixtures/store/catalog.ts';
import { note, report } from './stats.ts';

const DOCS = 300;
const ENTITIES = 200;
const EDITS = 4;
const RUNS = 3;
const TARGET_MS = 1000;
const TARGET_RSS_MB = 300;
const WORKLOAD = `${DOCS} docs x ${ENTITIES} entities`;

type Mode = 'ours-registry' | 'ours-ready' | 'repo-ready';
interface Sample {
  ms: number;
  rssMb: number;
  docs: number;
  entities: number;
}

const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

/** Runs in a child process: one cold start, printed as JSON. */
async function measure(mode: Mode, dir: string): Promise<Sample> {
  const clock = new TestClock();
  const start = performance.now();
  if (mode === 'ours-registry' || mode === 'ours-ready') {
    const store = await Store.open(path.join(dir, 'ours'), { clock, create: false });
    const infos = store.list();
    let entities = 0;
    if (mode === 'ours-ready') {
      for (const info of infos) entities += Object.keys(store.doc<{ entities: object }>(info.id).entities).length;
    }
    const ms = performance.now() - start;
    const sample = { ms, rssMb: mb(process.memoryUsage().rss), docs: infos.length, entities };
    store.close();
    return sample;
  }
  const ids = JSON.parse(fs.readFileSync(path.join(dir, 'repo-ids.json'), 'utf8')) as DocumentId[];
  const db = openDatabase(path.join(dir, 'repo'), { create: false });
  const repo = new Repo({ storage: new SqliteStorageAdapter(db), network: [] });
  const handles = await Promise.all(ids.map((id) => repo.find<{ entities: object }>(id)));
  let entities = 0;
  for (const h of handles) entities += Object.keys(h.doc().entities).length;
  const ms = performance.now() - start;
  const sample = { ms, rssMb: mb(process.memoryUsage().rss), docs: handles.length, entities };
  await repo.shutdown();
  db.close();
  return sample;
}

/** Builds the fixture: our store, then the same document contents written through a Repo. */
async function build(dir: string): Promise<void> {
  const store = await Store.open(path.join(dir, 'ours'), { clock: new TestClock() });
  const ids = buildCatalog(store, { docs: DOCS, entities: ENTITIES, edits: EDITS });
  const db = openDatabase(path.join(dir, 'repo'));
  const repo = new Repo({ storage: new SqliteStorageAdapter(db), network: [] });
  // automerge-repo needs its own DocumentIds, so each document is imported under a new one.
  const repoIds = ids.map((id) => repo.import(A.save(store.doc(id))).documentId);
  await repo.flush();
  await repo.shutdown();
  db.close();
  store.close();
  fs.writeFileSync(path.join(dir, 'repo-ids.json'), JSON.stringify(repoIds));
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function run(mode: Mode, dir: string): Sample {
  const samples: Sample[] = [];
  for (let i = 0; i < RUNS; i++) {
    const self = fileURLToPath(import.meta.url);
    const res = spawnSync(process.execPath, ['--import', 'tsx', '--expose-gc', self, 'measure', mode, dir], {
      encoding: 'utf8',
    });
    if (res.status !== 0) throw new Error(`${mode} failed: ${res.stderr}`);
    samples.push(JSON.parse(res.stdout.trim().split('\n').pop()!) as Sample);
  }
  const last = samples[samples.length - 1]!;
  if (last.docs !== DOCS) throw new Error(`${mode} loaded ${last.docs} documents, expected ${DOCS}`);
  return { ms: median(samples.map((s) => s.ms)), rssMb: median(samples.map((s) => s.rssMb)), docs: last.docs, entities: last.entities };
}

async function main(): Promise<void> {
  const [cmd, mode, dir] = process.argv.slice(2);
  if (cmd === 'measure') {
    console.log(JSON.stringify(await measure(mode as Mode, dir!)));
    return;
  }
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cb-bench-store-'));
  try {
    const t = performance.now();
    await build(root);
    const size = (sub: string) => mb(fs.statSync(path.join(root, sub, 'callboard.db')).size);
    note(
      `(fixture built in ${Math.round(performance.now() - t)} ms: ${WORKLOAD} + ${EDITS} edits each; db ${size('ours')} MB ours, ${size('repo')} MB automerge-repo)`,
    );
    const registry = run('ours-registry', root);
    const ready = run('ours-ready', root);
    const peer = run('repo-ready', root);
    if (ready.entities !== peer.entities) throw new Error(`entity counts differ: ${ready.entities} vs ${peer.entities}`);
    const cold = `median of ${RUNS} cold starts`;
    report({ name: 'store.open_registry', value: registry.ms, unit: 'ms', workload: `${WORKLOAD}, registry only, documents lazy; ${cold}`, target: { lt: TARGET_MS } });
    report({
      name: 'store.open_ready',
      value: ready.ms,
      unit: 'ms',
      workload: `${WORKLOAD}, every document loaded; ${cold}`,
      target: { lt: TARGET_MS },
      peer: { name: 'automerge-repo', value: peer.ms },
    });
    report({ name: 'store.open_registry_rss', value: registry.rssMb, unit: 'MB', workload: `${WORKLOAD}, registry only; ${cold}`, target: { lt: TARGET_RSS_MB } });
    report({
      name: 'store.open_ready_rss',
      value: ready.rssMb,
      unit: 'MB',
      workload: `${WORKLOAD}, every document loaded; ${cold}`,
      target: { lt: TARGET_RSS_MB },
      peer: { name: 'automerge-repo', value: peer.rssMb },
    });
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

await main();
