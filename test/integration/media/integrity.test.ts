import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readAll, type BlobHash } from '../../../core/media/blob-store.ts';
import { FsBlobStore } from '../../../core/media/fs-blob-store.ts';
import { MemoryBlobStore } from '../../../core/media/memory-blob-store.ts';
import type { VerifyReport, RepairReport } from '../../../core/media/integrity.ts';
import type { JobView } from '../../../core/media/jobs.ts';
import { createTestApp, tempDir, type TestApp } from '../../fixtures/app.ts';
import { addProduction, caller, jpeg, sha, upload } from './helpers.ts';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
  addProduction(t, 'carol-2025', 'A Christmas Carol');
});
afterEach(async () => {
  await t.app.services.media.idle();
  t.cleanup();
});

async function run<R>(procedure: string, input: unknown = {}): Promise<JobView<R>> {
  return (await caller(t)(procedure, input)) as JobView<R>;
}

describe('verify and repair', () => {
  it('finds a blob corrupted on disk, marks its asset, and repairs it from a second store', async () => {
    const blobs = t.app.services.media.blobs as FsBlobStore;
    expect(blobs).toBeInstanceOf(FsBlobStore);
    const good = await jpeg({ color: '#aa0000' });
    const victim = await jpeg({ color: '#00aa00' });
    const gone = await jpeg({ color: '#0000aa' });
    await upload(t, 'carol-2025', 'scrooge.jpg', good, { title: 'Scrooge' });
    const hurt = await upload(t, 'carol-2025', 'ghost.jpg', victim, { title: 'Ghost of Christmas Past' });
    await upload(t, 'carol-2025', 'tiny-tim.jpg', gone, { title: 'Tiny Tim' });
    await t.app.services.media.idle();

    // A second store (another backend) that holds copies of the originals.
    const backupDir = tempDir('cb-backup-');
    const backup = new FsBlobStore(path.join(backupDir, 'blobs'));
    for (const b of [good, victim, gone]) await backup.put(Readable.from([b]));
    t.app.services.media.replicas.set('backup-drive', backup);

    // Damage: flip bytes of one blob in place, delete another, and leave a stray blob.
    const file = blobs.pathOf(sha(victim) as BlobHash);
    const damaged = Buffer.from(fs.readFileSync(file));
    damaged.writeUInt8(damaged.readUInt8(damaged.length - 10) ^ 0xff, damaged.length - 10);
    fs.writeFileSync(file, damaged);
    fs.unlinkSync(blobs.pathOf(sha(gone) as BlobHash));
    const stray = await blobs.put(Readable.from([Buffer.from('left over from a deleted asset')]));

    const verify = await run<VerifyReport>('media.verify');
    expect(verify.state).toBe('done');
    const report = verify.result!;
    expect(report.corrupt.map((c) => c.hash)).toEqual([sha(victim)]);
    expect(report.corrupt[0]!.assets).toEqual([{ id: hurt.id, productionId: 'carol-2025', title: 'Ghost of Christmas Past' }]);
    expect(report.missing.map((m) => m.hash)).toEqual([sha(gone)]);
    expect(report.untracked).toEqual([stray.hash]);
    expect(verify.progress.done).toBe(verify.progress.total);
    expect(verify.progress.bytes).toBeGreaterThan(0);

    const call = caller(t);
    const attention = (await call('media.integrity', {})) as { items: Array<{ title: string; status: string }> };
    expect(attention.items.map((i) => [i.title, i.status]).sort()).toEqual([
      ['Ghost of Christmas Past', 'corrupt'],
      ['Tiny Tim', 'missing'],
    ]);
    expect(((await call('media.search', { needsAttention: true })) as { items: unknown[] }).items).toHaveLength(2);

    const repair = await run<RepairReport>('media.repair', { from: 'backup-drive' });
    expect(repair.result).toEqual({
      repaired: [sha(gone), sha(victim)].sort().map((hash) => ({ hash, from: backup.name })),
      unrecoverable: [],
    });
    expect(sha(await readAll(await blobs.get(sha(victim) as BlobHash)))).toBe(sha(victim));
    expect(((await call('media.integrity', {})) as { items: unknown[] }).items).toEqual([]);
    // Both are audited with what they found and did.
    const audit = (await call('audit.list', { limit: 10 })) as Array<{ procedure: string; summary: string }>;
    const verifyEntry = audit.find((e) => e.procedure === 'media.verify');
    expect(verifyEntry?.summary).toMatch(/1 corrupt, 1 missing, 1 untracked/);
    expect(audit.find((e) => e.procedure === 'media.repair')?.summary).toMatch(/^Repaired 2 blobs from .*; 0 unrecoverable$/);
    const jobs = (await call('media.jobs', {})) as JobView[];
    expect(jobs.map((j) => j.kind)).toEqual(['repair', 'verify']);
    const again = await run<VerifyReport>('media.verify');
    expect(again.result).toMatchObject({ corrupt: [], missing: [], untracked: [stray.hash] });
    fs.rmSync(backupDir, { recursive: true, force: true });
  });

  it('reports a blob no replica holds as unrecoverable, and refuses repair with no replica', async () => {
    const lost = await jpeg({ color: '#333333' });
    await upload(t, 'carol-2025', 'lost.jpg', lost);
    await t.app.services.media.idle();
    await t.app.services.media.blobs.delete(sha(lost) as BlobHash);
    await run('media.verify');
    await expect(caller(t)('media.repair', {})).rejects.toMatchObject({ code: 'invalid' });
    t.app.services.media.replicas.set('empty', new MemoryBlobStore('empty replica'));
    const repair = await run<RepairReport>('media.repair', {});
    expect(repair.result).toEqual({ repaired: [], unrecoverable: [sha(lost)] });
  });
});
