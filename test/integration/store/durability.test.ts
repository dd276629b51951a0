/**
 * "A crash at any instant loses no acknowledged write": a child process writes in a loop and
 * acknowledges each write on stdout; we SIGKILL it mid-stream and check every acknowledged
 * write is in the store when it is reopened.
 */
import path from 'node:path';
import * as A from '@automerge/automerge';
import { afterEach, describe, expect, it } from 'vitest';
import { TestClock } from '../../../core/clock.ts';
import { Store } from '../../../core/store/store.ts';
import { onLines, spawnFixture } from '../../fixtures/store/child.ts';
import { tempDirs } from '../../fixtures/store/temp-dir.ts';
import type { Log } from '../../fixtures/store/writer.ts';

const KILL_AFTER = 200;
const dirs = tempDirs('cb-durability-');
afterEach(() => dirs.cleanup());

/** Runs the writer, SIGKILLs it once it has acknowledged KILL_AFTER writes, returns every ack it printed. */
async function writeThenKill(dir: string, mode: string): Promise<number[]> {
  const child = spawnFixture('writer.ts', [dir, mode]);
  const acks: number[] = [];
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  onLines(child, (line) => {
    const m = /^ack (\d+)$/.exec(line);
    if (!m) return;
    acks.push(Number(m[1]));
    if (acks.length === KILL_AFTER) child.kill('SIGKILL');
  });
  // 'close' fires once the process has exited and its stdout is drained, so acks printed
  // just before the kill are counted too.
  const { code, signal } = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (c, s) => resolve({ code: c, signal: s })),
  );
  expect({ code, signal, stderr }).toEqual({ code: null, signal: 'SIGKILL', stderr: '' });
  expect(acks.length).toBeGreaterThanOrEqual(KILL_AFTER);
  expect(acks).toEqual(acks.map((_, i) => i + 1));
  return acks;
}

async function reopen(dir: string): Promise<Store> {
  return Store.open(dir, { clock: new TestClock(), create: false });
}

describe('durability under SIGKILL', () => {
  it.each(['change', 'compact'])('keeps every acknowledged change (%s loop)', async (mode) => {
    const dir = path.join(dirs.make(), 'store');
    const acks = await writeThenKill(dir, mode);
    const last = acks[acks.length - 1]!;

    const store = await reopen(dir);
    try {
      if (mode === 'compact') {
        // Compaction really ran while the writer was being killed: no document piled up
        // incrementals (~50 changes each) past compactAfter (8) plus its snapshot.
        for (let d = 0; d < 4; d++) expect(store.storage.loadRangeSync([`log-${d}`]).length).toBeLessThanOrEqual(9);
      }
      const present = store
        .list({ type: 'log' })
        .flatMap((info) => Object.values(store.doc<Log>(info.id).seen))
        .sort((a, b) => a - b);
      // Every acknowledged n, in order, and at most the one write that was committed but
      // not yet acknowledged when the kill landed.
      expect(present.slice(0, acks.length)).toEqual(acks);
      expect(present.length - acks.length).toBeLessThanOrEqual(1);
      if (present.length > acks.length) expect(present[present.length - 1]).toBe(last + 1);
      // The store is healthy: registry heads match the documents and it accepts writes.
      for (const info of store.list()) expect(info.heads).toEqual(A.getHeads(store.doc(info.id)));
      store.change<Log>('log-0', (d) => void (d.seen.after = -1));
      expect(store.doc<Log>('log-0').seen.after).toBe(-1);
    } finally {
      store.close();
    }
  });

  it('keeps every acknowledged create', async () => {
    const dir = path.join(dirs.make(), 'store');
    const acks = await writeThenKill(dir, 'create');
    const store = await reopen(dir);
    try {
      const ids = new Set(store.list({ type: 'entry' }).map((i) => i.id));
      for (const n of acks) {
        expect(ids.has(`doc-${n}`)).toBe(true);
        expect(store.doc<{ n: number }>(`doc-${n}`).n).toBe(n);
      }
      expect(ids.size - acks.length).toBeLessThanOrEqual(1);
    } finally {
      store.close();
    }
  });
});
