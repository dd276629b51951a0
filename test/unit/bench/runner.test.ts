import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ReportData } from '../../bench/report.ts';
import { benchName, gitCommit, machineInfo, readReport, runAll, runBenchmark, selectBenches } from '../../bench/runner.ts';
import { RECORDS_ENV } from '../../bench/stats.ts';
import { tempDir } from '../../fixtures/app.ts';

// Fake benchmarks are plain .mjs files run with node (fast); one runs the real stats.ts through tsx.
const figure = (name: string, value: number) => JSON.stringify({ type: 'figure', name, value, unit: 'ms', workload: 'fake', target: { lt: 10 } });
const writesRecords = (lines: string[]) =>
  `import fs from 'node:fs';\n${lines.map((l) => `fs.appendFileSync(process.env.${RECORDS_ENV}, ${JSON.stringify(l + '\n')});`).join('\n')}\n`;

const FAKES: Record<string, string> = {
  'alpha.bench.mjs': writesRecords([figure('alpha.fast', 3), JSON.stringify({ type: 'note', text: 'alpha note' })]) + "console.log('alpha done');\n",
  'bravo.bench.mjs': writesRecords([figure('bravo.first', 4)]) + "console.error('Error: bravo broke');\nprocess.exit(3);\n",
  // Never ends on its own (the test does not wait for it: the runner's timeout ends it).
  'charlie.bench.mjs': writesRecords([figure('charlie.before_hang', 5)]) + "console.log('hanging');\nsetInterval(() => {}, 1000);\n",
};

let dirs: string[] = [];
afterEach(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  dirs = [];
});

function fakeBenches(): string {
  const dir = tempDir('cb-bench-fakes-');
  dirs.push(dir);
  for (const [f, text] of Object.entries(FAKES)) fs.writeFileSync(path.join(dir, f), text);
  fs.writeFileSync(path.join(dir, 'helper.ts'), 'export {};\n');
  return dir;
}

const opts = { command: [process.execPath], commit: 'test', machine: machineInfo(), runId: '2026-01-01T00:00:00.000Z', echo: () => undefined };

describe('selectBenches', () => {
  it('lists benchmark files sorted, selects by exact name, and rejects unknown names', () => {
    const dir = fakeBenches();
    expect(selectBenches(dir, [], '.bench.mjs')).toEqual(['alpha.bench.mjs', 'bravo.bench.mjs', 'charlie.bench.mjs']);
    expect(selectBenches(dir, ['bravo'], '.bench.mjs')).toEqual(['bravo.bench.mjs']);
    expect(() => selectBenches(dir, ['alph'], '.bench.mjs')).toThrow(/no benchmark named alph; there are: alpha, bravo, charlie/);
    expect(benchName('/x/test/bench/api.bench.ts')).toBe('api');
  });

  it('finds every real benchmark of the project', () => {
    const names = selectBenches(path.resolve('test/bench'), []).map(benchName);
    for (const n of ['api', 'auth', 'calendar', 'content', 'directory', 'media', 'paint', 'store', 'sync', 'tickets']) expect(names).toContain(n);
  });
});

describe('runBenchmark', () => {
  it('collects the figures and notes a benchmark recorded', async () => {
    const dir = fakeBenches();
    const r = await runBenchmark(path.join(dir, 'alpha.bench.mjs'), { ...opts, timeoutMs: 60_000 });
    expect(r.status).toBe('ok');
    expect(r.bench).toBe('alpha');
    expect(r.figures.map((f) => [f.name, f.value])).toEqual([['alpha.fast', 3]]);
    expect(r.notes).toEqual(['alpha note']);
    expect(r.outputTail).toEqual([]);
  });

  it('reports a crash with its exit code, its last output, and the figures it gave before', async () => {
    const dir = fakeBenches();
    const r = await runBenchmark(path.join(dir, 'bravo.bench.mjs'), { ...opts, timeoutMs: 60_000 });
    expect(r.status).toBe('failed');
    expect(r.exitCode).toBe(3);
    expect(r.outputTail).toContain('Error: bravo broke');
    expect(r.figures.map((f) => f.name)).toEqual(['bravo.first']);
  });

  it('ends a benchmark that runs past its timeout and reports it as timed out', async () => {
    const dir = fakeBenches();
    const r = await runBenchmark(path.join(dir, 'charlie.bench.mjs'), { ...opts, timeoutMs: 1500 });
    expect(r.status).toBe('timeout');
    expect(r.figures.map((f) => f.name)).toEqual(['charlie.before_hang']);
  });

  it('reports a command that cannot start as failed', async () => {
    const dir = fakeBenches();
    const r = await runBenchmark(path.join(dir, 'alpha.bench.mjs'), { ...opts, command: [path.join(dir, 'no-such-program')], timeoutMs: 60_000 });
    expect(r.status).toBe('failed');
    expect(r.outputTail.join('\n')).toMatch(/ENOENT/);
  });

  it('collects what the real report() helper records (through tsx)', async () => {
    const dir = fakeBenches();
    const file = path.join(dir, 'real.bench.ts');
    const stats = path.resolve('test/bench/stats.ts');
    fs.writeFileSync(
      file,
      `import { note, report } from ${JSON.stringify(stats)};\n` +
        `report({ name: 'real.p95', value: 1.5, unit: 'ms', workload: '1,000 people', target: { lt: 100 }, requirement: 'directory-search', peer: { name: 'minisearch', value: 2 } });\n` +
        `report('a legacy line');\nnote('a note');\n`,
    );
    const r = await runBenchmark(file, { ...opts, command: [process.execPath, '--import', 'tsx'], timeoutMs: 120_000 });
    expect(r.status).toBe('ok');
    expect(r.figures).toEqual([{ name: 'real.p95', value: 1.5, unit: 'ms', workload: '1,000 people', target: { lt: 100 }, requirement: 'directory-search', peer: { name: 'minisearch', value: 2 } }]);
    expect(r.notes).toEqual(['a legacy line', 'a note']);
  });
});

describe('runAll', () => {
  it('a full run writes every section, crashed and timed out ones included; naming one replaces only its section', async () => {
    const dir = fakeBenches();
    const out = tempDir('cb-bench-out-');
    dirs.push(out);
    const jsonPath = path.join(out, 'benchmarks.json');
    const mdPath = path.join(out, 'benchmarks.md');
    const common = { benchDir: dir, suffix: '.bench.mjs', command: [process.execPath], jsonPath, mdPath, timeoutMs: 1500, echo: () => undefined };
    const runs = await runAll({ ...common, only: [], now: () => new Date('2026-01-01T10:00:00Z') });
    expect(runs.map((r) => [r.bench, r.status])).toEqual([['alpha', 'ok'], ['bravo', 'failed'], ['charlie', 'timeout']]);
    const data = JSON.parse(fs.readFileSync(jsonPath, 'utf8')) as ReportData;
    expect(data.full?.benches).toEqual(['alpha', 'bravo', 'charlie']);
    expect(Object.keys(data.runs)).toEqual(['alpha', 'bravo', 'charlie']);
    const md = fs.readFileSync(mdPath, 'utf8');
    expect(md).toContain('| [bravo](#bravo) | **FAILED** (exit code 3)');
    expect(md).toContain('| [charlie](#charlie) | **TIMED OUT** after 1.5 s');

    await runAll({ ...common, only: ['alpha'], now: () => new Date('2026-01-02T10:00:00Z') });
    const after = readReport(jsonPath);
    expect(after.full).toEqual(data.full);
    expect(after.runs.alpha!.startedAt).toBe('2026-01-02T10:00:00.000Z');
    expect(after.runs.bravo).toEqual(data.runs.bravo);
    expect(fs.readFileSync(mdPath, 'utf8')).toContain('**Re-run alone since:** alpha');
  });

  it('leaves the report alone with no paths (--no-write), and starts afresh from an unreadable report', async () => {
    const dir = fakeBenches();
    const runs = await runAll({ benchDir: dir, suffix: '.bench.mjs', command: [process.execPath], jsonPath: null, mdPath: null, timeoutMs: 60_000, only: ['alpha'], echo: () => undefined });
    expect(runs).toHaveLength(1);
    expect(fs.readdirSync(dir).filter((f) => f.startsWith('benchmarks'))).toEqual([]);
    const bad = path.join(dir, 'bad.json');
    fs.writeFileSync(bad, '{not json');
    expect(readReport(bad).runs).toEqual({});
    fs.writeFileSync(bad, '{"version":2}');
    expect(readReport(bad).runs).toEqual({});
    expect(readReport(path.join(dir, 'absent.json')).full).toBeNull();
  });
});

describe('machine and commit', () => {
  it('describe the machine and the commit measured', () => {
    const m = machineInfo();
    expect(m.cpus).toBeGreaterThan(0);
    expect(m.node).toBe(process.version);
    expect(m.loadAvg).toHaveLength(3);
    expect(gitCommit(process.cwd())).toMatch(/^[0-9a-f]{12}( \+ uncommitted changes)?$/);
    const notGit = tempDir('cb-bench-nogit-');
    dirs.push(notGit);
    expect(gitCommit(notGit)).toMatch(/^unknown/);
  });
});
