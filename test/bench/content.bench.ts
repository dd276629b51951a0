/**
 * Content benchmarks:
 *   content.merge20x50   20 editors (separate Stores) each make 50 edits offline to the same
 *                        page; time for the hub to take every editor's changes and every editor
 *                        to take the hub's, until all replicas hold identical heads.
 *                        Peer: the same change sets merged by Automerge alone, in memory.
 *   content.siteBuild200 buildSite() of a 200-page site (5 blocks a page) through the templates.
 * Stores live in /dev/shm when present (the figure is about merging, not fsync).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as A from '@automerge/automerge';
import { TestClock } from '../../core/clock.ts';
import { ORG_DOC_ID, ORG_DOC_TYPE, ORG_SCOPE, initOrg } from '../../core/content/org.ts';
import { addBlock, createPage, setStatus, updateBlock, type Actor } from '../../core/content/pages.ts';
import { contentPagesProjection } from '../../core/content/projection.ts';
import { createSection } from '../../core/content/sections.ts';
import { buildSite } from '../../core/content/site/build.ts';
import { sectionDocId } from '../../core/content/model.ts';
import { Store } from '../../core/store/store.ts';
import { fmt, report, summarize } from './stats.ts';

const root = fs.mkdtempSync(path.join(fs.existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir(), 'cb-bench-content-'));
const clock = new TestClock('2026-03-01T18:00:00Z');
let n = 0;
async function open(): Promise<Store> {
  const s = await Store.open(path.join(root, `s${n++}`), { clock });
  s.registerProjections([contentPagesProjection]);
  return s;
}
const admin: Actor = { userId: 'usr-admin', now: clock.now() };
const para = (text: string) => ({ type: 'text' as const, style: 'paragraph' as const, spans: [{ text }] });

async function company(): Promise<Store> {
  const s = await open();
  s.create(ORG_DOC_ID, ORG_DOC_TYPE, ORG_SCOPE, (d: Parameters<typeof initOrg>[0]) => initOrg(d, { name: 'Riverside Players', shortName: 'Riverside', city: 'Millbrook', timeZone: 'America/Los_Angeles', website: '', email: '' }, clock.now()));
  return s;
}

async function merge(): Promise<void> {
  const hub = await company();
  createSection(hub, { id: 'costumes', title: 'Costumes' }, admin);
  const page = createPage(hub, 'costumes', { title: 'Shop', slug: 'shop', blocks: [para('Shared one.'), para('Shared two.'), para('Shared three.')] }, admin);
  const DOC = sectionDocId('costumes');
  const base = A.getHeads(hub.doc(DOC));
  const editors: Store[] = [];
  for (let e = 0; e < 20; e++) {
    const s = await open();
    for (const id of [ORG_DOC_ID, DOC]) s.importDocument(id, hub.info(id)!.type, hub.info(id)!.scope, A.save(hub.doc(id)));
    const blocks = Object.keys(s.doc<{ pages: Record<string, { blocks: Record<string, unknown> }> }>(DOC).pages[page.id]!.blocks);
    for (let i = 0; i < 50; i++) {
      const who = { userId: `usr-${e}`, now: clock.now() };
      if (i % 4 === 3) addBlock(s, 'costumes', page.id, para(`New ${e}.${i}`), undefined, who);
      else updateBlock(s, 'costumes', page.id, blocks[i % 3]!, para(`Shared ${i % 3} edited by ${e} at ${i}.`), who);
    }
    editors.push(s);
  }
  const sets = editors.map((s) => A.getChanges(A.view(s.doc(DOC), base), s.doc(DOC)));
  // Peer: Automerge alone.
  const peerStart = performance.now();
  let doc = A.clone(hub.doc(DOC));
  for (const set of sets) [doc] = A.applyChanges(doc, set);
  const all = A.getChanges(A.view(doc, base), doc);
  for (let e = 0; e < 20; e++) A.applyChanges(A.clone(editors[e]!.doc(DOC)), all);
  const peerMs = performance.now() - peerStart;
  // Callboard: through the Stores (SQLite, projections). The hub takes each editor's batch as it
  // arrives (20 merges), then every editor takes what it lacks (one merge each).
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  for (const set of sets) hub.applyChanges(DOC, set);
  const hubMs = performance.now() - start;
  let slowestEditor = 0;
  for (let e = 0; e < 20; e++) {
    const t = performance.now();
    // What the editor lacks, from the heads it reports (as the sync layer does).
    editors[e]!.applyChanges(DOC, A.getChangesSince(hub.doc(DOC), A.getHeads(editors[e]!.doc(DOC))));
    slowestEditor = Math.max(slowestEditor, performance.now() - t);
  }
  const ms = performance.now() - start;
  const used = process.cpuUsage(cpu0);
  const cpuMs = (used.user + used.system) / 1000;
  const heads = A.getHeads(hub.doc(DOC)).sort().join();
  if (!editors.every((s) => A.getHeads(s.doc(DOC)).sort().join() === heads)) throw new Error('replicas did not converge');
  report({
    name: 'content.merge20x50',
    value: ms,
    unit: 'ms',
    detail: `cpu ${fmt(cpuMs)}`,
    // All 21 replicas' merge work done one after another in this one process: the total work,
    // compared with Automerge alone. Time to convergence (the figure) is the critical
    // path below, since each editor merges on their own machine at the same time.
    workload: '20 editors × 50 edits of one section, 1,000 changes merged into 21 SQLite replicas, one after another in one process (total work, not time to convergence)',
    peer: { name: 'automerge in memory', value: peerMs },
  });
  report({
    name: 'content.merge20x50.criticalPath',
    value: hubMs + slowestEditor,
    unit: 'ms',
    detail: `hub merges the 20 batches ${fmt(hubMs)} + slowest editor catch-up ${fmt(slowestEditor)}`,
    workload: 'convergence when each of the 20 editors runs on its own machine',
    target: { lt: 1000 },
    requirement: 'editors-20',
  });
  for (const s of [hub, ...editors]) s.close();
}

async function siteBuild(): Promise<void> {
  const s = await company();
  for (let k = 0; k < 4; k++) createSection(s, { id: `section-${k}`, title: `Section ${k}` }, admin);
  for (let i = 0; i < 200; i++) {
    const sectionId = `section-${i % 4}`;
    const p = createPage(s, sectionId, { title: `Page ${i}`, slug: `page-${i}`, blocks: [{ type: 'heading', text: `Heading ${i}`, level: 2 }, para('Lorem ipsum dolor sit amet. '.repeat(20)), { type: 'text', style: 'bullets', spans: [{ text: 'One\nTwo\nThree', bold: true }] }, para('More words here.'), { type: 'callout', tone: 'info', title: 'Note', spans: [{ text: 'A call-out.' }], linkLabel: 'Read', linkUrl: 'https://example.org/' }] }, admin);
    setStatus(s, sectionId, p.id, 'published', admin);
  }
  const samples: number[] = [];
  let files = 0;
  for (let r = 0; r < 7; r++) {
    s.evict();
    const t = performance.now();
    files = Object.keys(buildSite(s).files).length;
    samples.push(performance.now() - t);
  }
  const st = summarize(samples.slice(1));
  report({ name: 'content.siteBuild200.p95', value: st.p95, unit: 'ms', detail: `p50 ${fmt(st.p50)}`, workload: `200 published pages × 5 blocks, ${files} files, documents loaded from SQLite each run`, target: { lt: 2000 } });
  s.close();
}

try {
  await merge();
  await siteBuild();
} finally {
  fs.rmSync(root, { recursive: true, force: true });
}
