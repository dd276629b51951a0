import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openApp } from '../../../core/api/app.ts';
import { restoreStore } from '../../../core/sync/backup.ts';
import { createTestApp, tempDir, type TestApp } from '../../fixtures/app.ts';

let t: TestApp | undefined;
afterEach(() => {
  t?.cleanup();
  t = undefined;
});

describe('sync.backup and restore', () => {
  it('is a mutation: the snapshot is written in prepare and the backup is audited', async () => {
    t = await createTestApp();
    expect(t.app.dispatcher.describe().find((d) => d.name === 'sync.backup')?.kind).toBe('mutation');
    const made = (await t.app.dispatcher.call(t.admin, 'sync.backup', { name: 'nightly.callboard' })) as { file: string; documents: number; digest: string };
    expect(made.file).toBe(path.join(t.dir, 'backups', 'nightly.callboard'));
    expect(fs.existsSync(made.file)).toBe(true);
    const entry = t.app.services.audit.query({ limit: 1 })[0]!;
    expect(entry).toMatchObject({ procedure: 'sync.backup', action: 'system.manage', outcome: 'ok', target: 'nightly.callboard' });
    expect(entry.summary).toContain(`Backed up ${made.documents} documents`);

    // A second backup of the same name is refused and leaves no audit entry.
    await expect(t.app.dispatcher.call(t.admin, 'sync.backup', { name: 'nightly.callboard' })).rejects.toMatchObject({ code: 'conflict' });
    await expect(t.app.dispatcher.call(t.admin, 'sync.backup', { name: '../escape' })).rejects.toMatchObject({ code: 'invalid' });
    expect(t.app.services.audit.query({ action: 'system.manage', outcome: 'ok' }).filter((e) => e.procedure === 'sync.backup')).toHaveLength(1);

    // Restore: into a new folder only, checked identical, opened as a new device.
    const target = path.join(tempDir('cb-restore-'), 'store');
    const r = restoreStore(made.file, target);
    expect(r.digest).toBe(made.digest);
    expect(() => restoreStore(made.file, target)).toThrow(/not empty/);
    const restored = await openApp({ dataDir: target, clock: t.clock });
    try {
      expect(restored.store.list().map((d) => [d.id, d.heads])).toEqual(t.app.store.list().map((d) => [d.id, d.heads]));
      expect(restored.store.deviceId).not.toBe(t.app.store.deviceId);
    } finally {
      restored.close();
      fs.rmSync(path.dirname(target), { recursive: true, force: true });
    }

    // A damaged file is refused and leaves no folder behind.
    const bad = path.join(path.dirname(made.file), 'damaged.callboard');
    const bytes = fs.readFileSync(made.file);
    bytes.fill(0, 4096, 8192);
    fs.writeFileSync(bad, bytes);
    const target2 = path.join(tempDir('cb-restore-'), 'store');
    expect(() => restoreStore(bad, target2)).toThrow();
    expect(fs.existsSync(target2)).toBe(false);
  });
});
