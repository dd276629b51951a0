import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseInput } from '../../../core/api/validation.ts';
import { CallboardError, ERROR_CODES, ERROR_OBSERVER, invalid } from '../../../core/errors.ts';
import { judgeErrorCodes } from '../../gates/error-codes.global.ts';
import { createErrorCodeRecorder } from '../../gates/error-codes.record.ts';

type Observed = { [ERROR_OBSERVER]?: (e: CallboardError) => void };
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('error-code gate', () => {
  it('counts codes constructed by product code, not errors a test builds itself', () => {
    const recorder = createErrorCodeRecorder();
    const g = globalThis as Observed;
    const previous = g[ERROR_OBSERVER];
    g[ERROR_OBSERVER] = recorder.observe;
    try {
      new CallboardError('rate_limited', 'made by the test');
      invalid('made by the test through a helper of core/errors.ts');
      expect(() => parseInput(z.object({ name: z.string() }).strict(), { name: 7 })).toThrow(CallboardError);
    } finally {
      g[ERROR_OBSERVER] = previous;
    }
    expect(recorder.counts).toEqual({ invalid: 1 });
  });

  it('fails a judged run listing the codes no test file produced, and unions the workers’ records', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cb-gate-test-'));
    dirs.push(dir);
    const write = (name: string, testFile: string, counts: Record<string, number>) =>
      fs.writeFileSync(path.join(dir, name), JSON.stringify({ testFile, counts }));
    write('1.json', 'a.test.ts', { invalid: 3, forbidden: 1 });
    write('2.json', 'b.test.ts', { invalid: 1 });
    fs.writeFileSync(path.join(dir, 'stray.tmp'), 'ignored');
    const verdict = judgeErrorCodes(dir, { judged: true, why: 'test' });
    expect(verdict.produced.get('invalid')).toEqual(expect.arrayContaining(['a.test.ts', 'b.test.ts']));
    expect(verdict.missing).toEqual(ERROR_CODES.filter((c) => c !== 'invalid' && c !== 'forbidden'));

    for (const [i, code] of ERROR_CODES.entries()) write(`all-${i}.json`, 'c.test.ts', { [code]: 1 });
    expect(judgeErrorCodes(dir, { judged: true, why: 'test' }).missing).toEqual([]);
  });
});
