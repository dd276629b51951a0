import * as A from '@automerge/automerge';
import { afterEach, describe, expect, it } from 'vitest';
import { parseEnvelope } from '../../../core/sync/envelope.ts';
import { company, enrolled, user, type Company, type SectionDoc } from './harness.ts';

let c: Company | undefined;
afterEach(() => {
  c?.cleanup();
  c = undefined;
});

/** The hub's last `n` changes of section:costumes with their envelopes, as a peer would send them. */
function lastChanges(c: Company, n: number) {
  const store = c.hub.app.store;
  const all = A.getAllChanges(store.doc('section:costumes')).slice(-n);
  const sigs = store.signatures('section:costumes');
  return all.map((change) => ({ change, envelope: sigs.get(A.decodeChange(change).hash)!.envelope }));
}

function tamper(envelope: string, edit: (e: Record<string, unknown>) => void): string {
  const e = JSON.parse(envelope) as Record<string, unknown>;
  edit(e);
  return JSON.stringify(e);
}

describe('chained envelopes (one signature verified per chain)', () => {
  it("each envelope names the digest of its device's previous one on the document", async () => {
    c = await company();
    for (let i = 0; i < 3; i++) c.hub.app.store.change<SectionDoc>('section:costumes', (d) => (d.items[`i${i}`] = 'x'));
    const envs = lastChanges(c, 3).map((x) => parseEnvelope(x.envelope)!);
    expect(envs.every((e) => e.v === 2 && typeof e.prev === 'string')).toBe(true);
    expect(new Set(envs.map((e) => (e.v === 2 ? e.prev : '')))).toHaveProperty('size', 3);
  });

  it('accepts an intact chain, and refuses a tampered envelope inside it (and its dependents) by name', async () => {
    c = await company();
    const priya = await user(c, 'Priya Natarajan', ['costumes']);
    const laptop = await enrolled(c, 'priya', priya);
    for (let i = 0; i < 5; i++) c.hub.app.store.change<SectionDoc>('section:costumes', (d) => (d.items[`i${i}`] = `v${i}`));
    const batch = lastChanges(c, 5);
    const v = laptop.app.services.sync.validator;
    const judge = (b: typeof batch) => v.validate('section:costumes', 'section', 'section:costumes', b);

    expect(judge(batch)).toMatchObject({ rejected: [], deferred: [] });
    expect(judge(batch).accepted).toHaveLength(5);

    // Other policy heads on the third: it no longer matches the digest the fourth names.
    const swapped = batch.map((x, i) => (i === 2 ? { ...x, envelope: tamper(x.envelope, (e) => (e.policy = [])) } : x));
    let verdict = judge(swapped);
    expect(verdict.accepted).toHaveLength(2);
    expect(verdict.rejected.map((r) => r.reason)).toEqual(['bad_signature', 'dependency_rejected', 'dependency_rejected']);

    // A different signature on the third: the digest covers the signature too.
    const resigned = batch.map((x, i) => (i === 2 ? { ...x, envelope: tamper(x.envelope, (e) => (e.sig = (batch[1]!.envelope.match(/"sig":"([^"]+)"/) ?? [])[1])) } : x));
    verdict = judge(resigned);
    expect(verdict.rejected.map((r) => r.reason)).toEqual(['bad_signature', 'dependency_rejected', 'dependency_rejected']);

    // A broken signature on the newest: it is refused, the others stand on their own signatures.
    const badTail = batch.map((x, i) => (i === 4 ? { ...x, envelope: tamper(x.envelope, (e) => (e.sig = String(e.sig).replace(/^./, (ch) => (ch === 'A' ? 'B' : 'A')))) } : x));
    verdict = judge(badTail);
    expect(verdict.accepted).toHaveLength(4);
    expect(verdict.rejected.map((r) => r.reason)).toEqual(['bad_signature']);
  });

  it('a verified chain does not carry its changes into another document', async () => {
    c = await company();
    const priya = await user(c, 'Priya Natarajan', ['costumes']);
    const laptop = await enrolled(c, 'priya', priya);
    const hub = await enrolled(c, 'hub2', c.t.adminId);
    // Priya's laptop writes props (no grant) then costumes (granted) in one chain per document:
    // the props change is refused at her policy heads whatever follows it.
    laptop.app.store.change<SectionDoc>('section:costumes', (d) => (d.items.a = '1'));
    laptop.app.store.change<SectionDoc>('section:costumes', (d) => (d.items.b = '2'));
    const doc = laptop.app.store.doc('section:costumes');
    const sigs = laptop.app.store.signatures('section:costumes');
    const mine = A.getAllChanges(doc).filter((ch) => sigs.get(A.decodeChange(ch).hash)?.deviceId === laptop.app.store.deviceId);
    const batch = mine.map((change) => ({ change, envelope: sigs.get(A.decodeChange(change).hash)!.envelope }));
    expect(hub.app.services.sync.validator.validate('section:costumes', 'section', 'section:costumes', batch).accepted).toHaveLength(2);
    // The same signed changes presented as another document's: refused (the envelope names its document).
    const moved = hub.app.services.sync.validator.validate('section:props', 'section', 'section:props', batch);
    expect(moved.accepted).toHaveLength(0);
    expect(moved.rejected[0]?.reason).toBe('wrong_document');
    expect(moved.rejected.every((r) => r.reason === 'wrong_document' || r.reason === 'dependency_rejected')).toBe(true);
  });
});
