import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runStorageAdapterTests } from '@automerge/automerge-repo/helpers/tests/storage-adapter-tests.js';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../core/store/database.ts';
import { SqliteStorageAdapter } from '../../../core/store/sqlite-storage-adapter.ts';

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'cb-adapter-'));
}

describe('SqliteStorageAdapter', () => {
  runStorageAdapterTests(async () => {
    const dir = tempDir();
    const db = openDatabase(path.join(dir, 'store'));
    return {
      adapter: new SqliteStorageAdapter(db),
      teardown: () => {
        db.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }, 'SQLite');

  it('matches key prefixes element by element, not as joined strings', async () => {
    const dir = tempDir();
    const db = openDatabase(path.join(dir, 'store'));
    const adapter = new SqliteStorageAdapter(db);
    await adapter.save(['a', 'b'], new Uint8Array([1]));
    await adapter.save(['ab'], new Uint8Array([2]));
    await adapter.save(['a\u0000b'], new Uint8Array([3]));
    await adapter.save(['a', 'b', '😀'], new Uint8Array([4]));
    const underA = await adapter.loadRange(['a']);
    expect(underA.map((c) => c.key)).toEqual([['a', 'b'], ['a', 'b', '😀']]);
    expect((await adapter.loadRange(['a', 'b'])).length).toBe(2);
    expect((await adapter.loadRange(['a\u0000b'])).map((c) => c.data?.[0])).toEqual([3]);
    await adapter.removeRange(['a']);
    expect((await adapter.loadRange([])).map((c) => c.key)).toEqual([['ab'], ['a\u0000b']]);
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
