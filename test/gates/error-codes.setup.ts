/**
 * The error-code gate, worker side (a `setupFiles` entry, so it runs in every test file's
 * worker): records the code of every CallboardError that product code constructs while the
 * file's tests run (see error-codes.record.ts), and writes them when the file ends into the
 * run's folder, provided by error-codes.global.ts, which judges the run.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, expect, inject } from 'vitest';
import { ERROR_OBSERVER, type CallboardError } from '../../core/errors.ts';
import { createErrorCodeRecorder } from './error-codes.record.ts';

const dir = inject('callboardErrorCodesDir');
if (dir) {
  const recorder = createErrorCodeRecorder();
  // A fresh recorder per test file (a worker process may run several files in turn).
  (globalThis as { [ERROR_OBSERVER]?: (e: CallboardError) => void })[ERROR_OBSERVER] = recorder.observe;
  afterAll(() => {
    const testFile = path.relative(process.cwd(), expect.getState().testPath ?? 'unknown');
    fs.writeFileSync(path.join(dir, `${process.pid}-${randomUUID()}.json`), JSON.stringify({ testFile, counts: recorder.counts }));
  });
}
