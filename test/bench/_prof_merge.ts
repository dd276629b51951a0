import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as A from '@automerge/automerge';
import { TestClock } from '../../core/clock.ts';
import { ORG_DOC_ID, ORG_DOC_TYPE, ORG_SCOPE, initOrg } from '../../core/content/org.ts';
import { addBlock, createPage, updateBlock, type Actor } from '../../core/content/pages.ts';
import { contentPagesProjection } from '../../core/content/projection.ts';
import { createSection } from '../../core/content/sections.ts';
import { sectionDocId } from '../../core/content/model.ts';
import { Store } from '../../core/store/store.ts';

const root = fs.mkdtempSync(path.join('/dev/shm', 'cb-prof-'));
const clock = new TestClock('2026-03-01T18:00:00Z');
let n = 0;
async function open(): Promise<Store> {
  const s = await Store.open(path.join(root, `s${n++}`), { clock });
  s.registerProjections([contentPagesProjection]);
  return s;
}
const admin: Actor = { userId: 'usr-admin', now: clock.now() };
const para = (text: string) => ({ type: 'text' as const, style: 'paragraph' as const, spans: [{ text }] });
const E = Number(process.env.E ?? 20);
const t = (label: string, fn: () => unknown) => { const c = process.cpuUsage(); const s = performance.now(); const r = fn(); const u = process.cpuUsage(c); console.log(label, (performance.now() - s).toFixed(1), "ms wall", ((u.user + u.system) / 1000).toFixed(1), "ms cpu"); return r; };
const hub = await open();
hub.create(ORG_DOC_ID, ORG_DOC_TYPE, ORG_SCOPE, (d: Parameters<typeof initOrg>[0]) => initOrg(d, { name: 'R', shortName: 'R', city: 'M', timeZone: 'America/Los_Angeles', website: '', email: '' }, clock.now()));
createSection(hub, { id: 'costumes', title: 'Costumes' }, admin);
const page = createPage(hub, 'costumes', { title: 'Shop', slug: 'shop', blocks: [para('Shared one.'), para('Shared two.'), para('Shared three.')] }, admin);
const DOC = sectionDocId('costumes');
const base = A.getHeads(hub.doc(DOC));
const editors: Store[] = [];
const tEdit = performance.now();
for (let e = 0; e < E; e++) {
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
console.log('edits', (performance.now() - tEdit).toFixed(0), 'ms');
const sets = editors.map((s) => A.getChanges(A.view(s.doc(DOC), base), s.doc(DOC)));
console.log('bytes per set', sets[0]!.reduce((n, c) => n + c.length, 0));
// raw automerge: one doc applying all sets one at a time
let doc = A.clone(hub.doc(DOC));
t('am hub apply sets one by one', () => { for (const set of sets) [doc] = A.applyChanges(doc, set); });
const all = A.getChanges(A.view(doc, base), doc);
let d2 = A.clone(hub.doc(DOC));
t('am hub apply all at once', () => { [d2] = A.applyChanges(d2, all); });
let d3 = A.clone(hub.doc(DOC));
t('am hub loadIncremental all', () => { d3 = A.loadIncremental(d3, A.saveSince(doc, base)); });
const ed0 = A.clone(editors[0]!.doc(DOC));
t('am editor apply merged', () => { A.applyChanges(ed0, all); });
t('am save', () => A.save(doc));
t('am load', () => A.load(A.save(doc)));
console.log('text len', JSON.stringify(doc).length, 'changes', A.getAllChanges(doc).length);
// raw wasm handle without materialisation
t('am clone', () => A.clone(hub.doc(DOC)));
t('am diff base->all', () => A.diff(doc, base, A.getHeads(doc)));
t('page read', () => { const p = (doc as any).pages[page.id]; return JSON.stringify(p).length; });
// Store path
t('store hub apply sets', () => { for (const set of sets) hub.applyChanges(DOC, set); });
t('store editor apply merged (one)', () => editors[1]!.applyChanges(DOC, all));

{
  const c = A.decodeChange(sets[0]![5]!);
  console.log('ops in one change', c.ops.length, JSON.stringify(c.ops).slice(0, 600));
  let ops = 0; for (const s of sets) for (const ch of s) ops += A.decodeChange(ch).ops.length;
  console.log('total ops', ops);
  const be = A.clone(hub.doc(DOC));
  const h = (A as any).getBackend(be);
  t('backend applyChanges all (no materialise)', () => h.applyChanges(all));
}
fs.rmSync(root, { recursive: true, force: true });
{
  const patches = A.diff(doc, base, A.getHeads(doc));
  const kinds: Record<string, number> = {};
  for (const p of patches) kinds[p.action] = (kinds[p.action] ?? 0) + 1;
  console.log('patches', patches.length, kinds);
  t('view at heads (full materialize)', () => A.view(doc, A.getHeads(doc)));
  const ed = A.clone(editors[2]!.doc(DOC));
  const h = A.getBackend(ed) as any;
  t('backend apply + diffIncremental', () => { h.applyChanges(all); return h.diffIncremental().length; });
  const ed2 = A.clone(editors[3]!.doc(DOC));
  const h2 = A.getBackend(ed2) as any;
  h2.applyChanges(all);
  t('backend apply + applyPatches', () => h2.applyPatches(ed2, {}));
}
{
  const before = editors[4]!.doc(DOC);
  const actor = A.getActorId(before);
  const fast = () => {
    const fork = A.clone(before, actor);
    const h = A.getBackend(fork) as any;
    h.applyChanges(all);
    h.updateDiffCursor();
    return h.materialize('/', undefined, { handle: h, heads: undefined, freeze: false, patchCallback: undefined });
  };
  const f = t('fast merge', fast) as A.Doc<any>;
  const slow = t('slow merge', () => A.applyChanges(A.clone(before, actor), all)[0]) as A.Doc<any>;
  console.log('equal', JSON.stringify(f) === JSON.stringify(slow), A.getHeads(f).sort().join() === A.getHeads(slow).sort().join());
  const sl = (f as any).pages[page.id].slug; console.log('imm?', sl instanceof A.ImmutableString, A.isImmutableString(sl));
  const g = A.change(f, (d: any) => { d.pages[page.id].title = 'x'; });
  console.log('change ok', (g as any).pages[page.id].title, A.getActorId(g) === actor);
}
{
  const before = editors[5]!.doc(DOC);
  const actor = A.getActorId(before);
  const fork = t('clone', () => A.clone(before, actor)) as A.Doc<any>;
  const h = A.getBackend(fork) as any;
  t('apply', () => h.applyChanges(all));
  t('cursor', () => h.updateDiffCursor());
  const f = t('materialize', () => h.materialize('/', undefined, { handle: h, heads: undefined, freeze: false, patchCallback: undefined })) as any;
  const slow = A.applyChanges(A.clone(before, actor), all)[0] as any;
  const a = JSON.stringify(f), b = JSON.stringify(slow);
  let i = 0; while (a[i] === b[i]) i++;
  console.log(a.length, b.length, a.slice(i - 100, i + 100), '\n---\n', b.slice(i - 100, i + 100));
}
{
  const { mergeChanges } = await import('../../core/store/store.ts');
  const hub2 = await open();
  const base0 = A.view(editors[0]!.doc(DOC), base);
  let d = A.clone(base0 as any, 'aa') as A.Doc<any>;
  const acc: Record<string, number> = {};
  const tt = (k: string, fn: () => any) => { const c = process.cpuUsage(); const r = fn(); const u = process.cpuUsage(c); acc[k] = (acc[k] ?? 0) + (u.user + u.system) / 1000; return r; };
  for (const set of sets) {
    const before = d;
    d = tt('merge', () => mergeChanges(before, set, 'aa'));
    const bytes = tt('saveSince', () => A.saveSince(d, A.getHeads(before)));
    tt('heads', () => A.getHeads(d));
    tt('projection read', () => Object.values(d.pages).map((p: any) => [p.title, Object.keys(p.blocks).length]));
    void bytes;
  }
  console.log('hub breakdown cpu', acc);
  const acc2: Record<string, number> = {};
  let d2 = A.clone(base0 as any, 'ab') as A.Doc<any>;
  for (const set of sets) { const b = d2; const c = process.cpuUsage(); d2 = A.applyChanges(b, set)[0]; const u = process.cpuUsage(c); acc2.slow = (acc2.slow ?? 0) + (u.user + u.system) / 1000; }
  console.log('hub slow cpu', acc2);
  hub2.close();
}
{
  const base0 = A.view(editors[0]!.doc(DOC), base);
  const d = A.clone(base0 as any, 'ac') as A.Doc<any>;
  const h = A.getBackend(d) as any;
  const per: number[] = [];
  for (const set of sets) { const c = process.cpuUsage(); h.applyChanges(set); const u = process.cpuUsage(c); per.push(Math.round((u.user + u.system) / 100) / 10); }
  console.log('backend per-set cpu ms', per.join(' '));
  const d3 = A.clone(base0 as any, 'ad') as A.Doc<any>;
  const h3 = A.getBackend(d3) as any;
  const flat = sets.flat();
  const c = process.cpuUsage(); h3.applyChanges(flat); const u = process.cpuUsage(c);
  console.log('backend all-at-once cpu', (u.user + u.system) / 1000);
  // interleaved order: one change from each editor in turn
  const d4 = A.clone(base0 as any, 'ae') as A.Doc<any>; const h4 = A.getBackend(d4) as any;
  const per4: number[] = [];
  for (let i = 0; i < 50; i += 10) { const batch = sets.flatMap((s) => s.slice(i, i + 10)); const c = process.cpuUsage(); h4.applyChanges(batch); const u = process.cpuUsage(c); per4.push(Math.round((u.user + u.system) / 100) / 10); }
  console.log('backend rounds of 10 each cpu', per4.join(' '));
}
