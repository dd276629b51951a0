import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp } from '../../../core/api/app.ts';
import { initCompany } from '../../../core/api/setup.ts';
import { PRODUCTION_DOC_TYPE, productionDocId, productionScope, type ProductionDoc } from '../../../core/calendar/production.ts';
import { TestClock } from '../../../core/clock.ts';
import { main, type Io } from '../../../core/daemon/cli.ts';
import type { BlobHash } from '../../../core/media/blob-store.ts';
import { FsBlobStore } from '../../../core/media/fs-blob-store.ts';
import { tempDir } from '../../fixtures/app.ts';
import { jpeg, png, sha } from './helpers.ts';

let root: string;
let data: string;

async function cli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { out: (l) => out.push(l), err: (l) => err.push(l), env: { CALLBOARD_DATA: data }, untilStopped: () => new Promise(() => {}) };
  const status = await main(args, io);
  return { status, stdout: out.join('\n'), stderr: err.join('\n') };
}

beforeAll(async () => {
  root = tempDir('cb-media-cli-');
  data = path.join(root, 'store');
  const app = await openApp({ dataDir: data, clock: new TestClock() });
  initCompany(app.store, {
    company: { name: 'Riverside Players', shortName: 'Riverside', city: 'Millbrook', timeZone: 'America/Los_Angeles', website: '', email: '' },
    admin: { name: 'Morgan Reyes', email: 'morgan@example.org' },
  });
  app.store.create<ProductionDoc>(productionDocId('carol-2025'), PRODUCTION_DOC_TYPE, productionScope('carol-2025'), (d) => {
    d.production = { id: 'carol-2025', title: 'A Christmas Carol', season: '2025', status: 'closed', opening: null, closing: null, description: '', createdAt: 0 };
  });
  app.close();
  const photos = path.join(root, 'photos');
  fs.mkdirSync(photos);
  fs.writeFileSync(path.join(photos, 'marley.jpg'), await jpeg({ color: '#101010', date: '2025:12:12 19:30:00' }));
  fs.writeFileSync(path.join(photos, 'fezziwig.png'), await png('#ffcc00'));
  fs.writeFileSync(path.join(photos, 'liar.jpg'), await png('#00ccff'));
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('callboard media', () => {
  it('uploads a file and reports the duplicate the second time', async () => {
    const file = path.join(root, 'photos', 'marley.jpg');
    const first = await cli(['media', 'upload', file, '--production', 'carol-2025', '--category', 'production-photos', '--tags', 'Act 1,ghosts', '--credit', 'Tomás Ruiz']);
    expect(first.stderr).toContain('upload 1/1 marley.jpg: 100%');
    expect(first.stdout).toMatch(/^marley\.jpg: uploaded as ast-[0-9a-f]{16}$/);
    const again = await cli(['media', 'upload', file, '--production', 'carol-2025', '--category', 'production-photos']);
    expect(again.stdout).toMatch(/already in the gallery as ast-/);
  });

  it('refuses a lying file with invalid and a non-zero exit', async () => {
    const res = await cli(['media', 'upload', path.join(root, 'photos', 'liar.jpg'), '--production', 'carol-2025', '--category', 'press']);
    expect(res.status).toBe(2);
    expect(res.stderr).toContain('error: invalid: file: "liar.jpg" is named .jpg but its content is image/png');
  });

  it('imports a folder, skipping what is already there', async () => {
    fs.rmSync(path.join(root, 'photos', 'liar.jpg'));
    const res = await cli(['media', 'import', path.join(root, 'photos'), '--production', 'carol-2025', '--category', 'rehearsal']);
    expect(res.status).toBe(0);
    expect(res.stdout).toContain('Imported 1 of 2 files (1 already in the gallery)');
  });

  it('verify reports a corrupt blob with progress and exits non-zero; repair needs a replica', async () => {
    const ok = await cli(['media', 'verify']);
    expect(ok.status).toBe(0);
    expect(ok.stderr).toMatch(/verify: \d+\/\d+, [\d.]+ MB of [\d.]+ MB/);
    const store = new FsBlobStore(path.join(data, 'blobs'));
    const file = store.pathOf(sha(fs.readFileSync(path.join(root, 'photos', 'fezziwig.png'))) as BlobHash);
    fs.writeFileSync(file, 'not the picture any more');
    const bad = await cli(['media', 'verify', '--json']);
    expect(bad.status).toBe(6);
    const report = JSON.parse(bad.stdout) as { verify: { corrupt: Array<{ assets: Array<{ title: string }> }> } };
    expect(report.verify.corrupt).toHaveLength(1);
    expect(report.verify.corrupt[0]!.assets[0]!.title).toBe('');
    const noReplica = await cli(['media', 'repair']);
    expect(noReplica.stderr).toContain('no replica is configured');
    // A replica configured in media.json repairs it.
    const backup = new FsBlobStore(path.join(root, 'backup'));
    await backup.put(fs.createReadStream(path.join(root, 'photos', 'fezziwig.png')));
    fs.writeFileSync(path.join(data, 'media.json'), JSON.stringify({ replicas: [{ name: 'backup', store: { backend: 'fs', path: path.join(root, 'backup') } }] }));
    const fixed = await cli(['media', 'repair', '--from', 'backup']);
    expect(fixed.status).toBe(0);
    expect(fixed.stdout).toContain('Repaired 1 blobs');
    expect((await cli(['media', 'verify'])).status).toBe(0);
  });
});
