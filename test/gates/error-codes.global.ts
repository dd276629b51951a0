/**
 * The error-code gate, run side (a `globalSetup` entry): every code of the closed set in
 * core/errors.ts must be produced by at least one test. Workers (error-codes.setup.ts) write
 * the codes each test file produced into a fresh temp folder; at the end of the run this
 * teardown unions them and fails the run (exit code 1) listing the codes never produced.
 *
 * Only a full run is judged: every test file of the project ran, with no `-t` name filter,
 * no shard and not in watch mode. A filtered run (`npx vitest run test/unit/store`) records
 * but never fails for a missing code. CALLBOARD_ERROR_CODE_GATE=off skips the check;
 * CALLBOARD_ERROR_CODE_GATE=always judges a filtered run too.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { ERROR_CODES } from '../../core/errors.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Where each test file's worker writes the error codes it produced ('' when the gate is off). */
    callboardErrorCodesDir: string;
  }
}

export interface GateVerdict {
  judged: boolean;
  why: string;
  produced: Map<string, string[]>;
  missing: string[];
}

/** Reads the worker records in `dir` and decides. Exported for the gate's own unit test. */
export function judgeErrorCodes(dir: string, full: { judged: boolean; why: string }): GateVerdict {
  const produced = new Map<string, string[]>();
  for (const name of fs.readdirSync(dir)) {
    if (!name.endsWith('.json')) continue;
    const record = JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8')) as { testFile: string; counts: Record<string, number> };
    for (const code of Object.keys(record.counts)) produced.set(code, [...(produced.get(code) ?? []), record.testFile]);
  }
  const missing = ERROR_CODES.filter((code) => !produced.has(code));
  return { ...full, produced, missing };
}

/** Whether this run is one the gate judges (a full run), and why (not). */
async function isFullRun(project: TestProject): Promise<{ judged: boolean; why: string }> {
  const mode = process.env.CALLBOARD_ERROR_CODE_GATE;
  if (mode === 'always') return { judged: true, why: 'CALLBOARD_ERROR_CODE_GATE=always' };
  const { vitest } = project;
  if (vitest.config.watch) return { judged: false, why: 'watch mode' };
  if (vitest.config.testNamePattern) return { judged: false, why: `a -t name filter (${String(vitest.config.testNamePattern)})` };
  if (vitest.config.shard) return { judged: false, why: 'a sharded run' };
  const ran = new Set(vitest.state.getFiles().map((f) => f.filepath));
  const all = (await project.globTestFiles()).testFiles;
  const notRun = all.filter((f) => !ran.has(f));
  if (notRun.length > 0) return { judged: false, why: `a filtered run (${ran.size} of ${all.length} test files)` };
  return { judged: true, why: `a full run (${all.length} test files)` };
}

export default function setup(project: TestProject): (() => Promise<void>) | undefined {
  if (process.env.CALLBOARD_ERROR_CODE_GATE === 'off') {
    project.provide('callboardErrorCodesDir', '');
    return undefined;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cb-error-codes-'));
  project.provide('callboardErrorCodesDir', dir);
  return async () => {
    try {
      const verdict = judgeErrorCodes(dir, await isFullRun(project));
      if (!verdict.judged) return;
      if (verdict.missing.length === 0) {
        console.log(`\n Error-code gate: all ${ERROR_CODES.length} codes of core/errors.ts produced by tests (${verdict.why}).`);
        return;
      }
      console.error(
        `\n Error-code gate FAILED (${verdict.why}): no test produced ${verdict.missing.map((c) => `\`${c}\``).join(', ')}.\n` +
          ` Every code of the closed set in core/errors.ts must be produced by product code in at least one test\n` +
          ` (a CallboardError constructed under core/, renderer/ or electron/ while a test runs; errors a test builds itself do not count).\n` +
          ` Produced: ${[...verdict.produced.entries()].map(([code, files]) => `${code} (${files.length} files)`).join(', ')}\n`,
      );
      process.exitCode = 1;
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  };
}
