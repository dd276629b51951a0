/**
 * Runs benchmark files, each in its own process group with a timeout, collects the figures
 * they report through stats.ts (a JSON-lines file named by CALLBOARD_BENCH_RECORDS), and
 * keeps docs/benchmarks.json and docs/benchmarks.md up to date after each benchmark.
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RECORDS_ENV } from './stats.ts';
import { emptyReport, mergeRuns, parseRecords, renderMarkdown, type BenchRun, type MachineInfo, type ReportData, type RunInfo } from './report.ts';

export const DEFAULT_TIMEOUT_MS = 20 * 60_000;
const TAIL_LINES = 40;

export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  const [l1, l5, l15] = os.loadavg();
  return {
    cpus: cpus.length,
    model: cpus[0]?.model.trim() ?? 'unknown',
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    memoryGb: os.totalmem() / 1024 ** 3,
    loadAvg: [l1 ?? 0, l5 ?? 0, l15 ?? 0],
  };
}

/** The commit being measured, with a mark when files other than the report itself were changed. */
export function gitCommit(cwd: string): string {
  try {
    const git = (...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const sha = git('rev-parse', '--short=12', 'HEAD').trim();
    const dirty = git('status', '--porcelain')
      .split('\n')
      .filter((l) => l.trim() && !/docs\/benchmarks\.(md|json)$/.test(l));
    return dirty.length ? `${sha} + uncommitted changes` : sha;
  } catch {
    return 'unknown (not a git checkout)';
  }
}

export function benchName(file: string): string {
  return path.basename(file).replace(/\.bench\.[cm]?[jt]s$/, '');
}

/** The benchmark files of `dir`, sorted; `only` (names, e.g. `api`) selects some. Unknown names are an error. */
export function selectBenches(dir: string, only: string[], suffix = '.bench.ts'): string[] {
  const files = fs.readdirSync(dir).filter((f) => f.endsWith(suffix)).sort();
  const unknown = only.filter((o) => !files.some((f) => benchName(f) === o));
  if (unknown.length) throw new Error(`no benchmark named ${unknown.join(', ')}; there are: ${files.map(benchName).join(', ')}`);
  return only.length ? files.filter((f) => only.includes(benchName(f))) : files;
}

export interface RunOptions {
  timeoutMs: number;
  /** The command and leading arguments that run one file (default: node with tsx). */
  command?: string[];
  cwd?: string;
  commit: string;
  machine: MachineInfo;
  runId: string;
  now?: () => Date;
  /** Where the benchmark's own output goes while it runs (default: this process's stdout/stderr). */
  echo?: (chunk: string) => void;
}

export async function runBenchmark(filePath: string, opts: RunOptions): Promise<BenchRun> {
  const now = opts.now ?? (() => new Date());
  const recordsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'callboard-bench-'));
  const recordsFile = path.join(recordsDir, 'records.jsonl');
  const [cmd, ...args] = opts.command ?? [process.execPath, '--import', 'tsx', '--expose-gc'];
  const started = now();
  const t0 = performance.now();
  const echo = opts.echo ?? ((c: string) => process.stdout.write(c));
  const tail: string[] = [];
  let partial = '';
  const keep = (chunk: string) => {
    echo(chunk);
    const lines = (partial + chunk).split('\n');
    partial = lines.pop() ?? '';
    tail.push(...lines);
    if (tail.length > TAIL_LINES) tail.splice(0, tail.length - TAIL_LINES);
  };
  // Its own process group, so a timeout also ends what it started (a daemon, a browser).
  const child = spawn(cmd!, [...args, filePath], {
    cwd: opts.cwd,
    env: { ...process.env, [RECORDS_ENV]: recordsFile },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  child.stdout.setEncoding('utf8').on('data', keep);
  child.stderr.setEncoding('utf8').on('data', keep);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    killGroup(child.pid);
  }, opts.timeoutMs);
  const stopOnExit = () => killGroup(child.pid);
  const stopOnSignal = (sig: NodeJS.Signals) => {
    killGroup(child.pid);
    process.exit(sig === 'SIGINT' ? 130 : 143);
  };
  process.once('exit', stopOnExit);
  process.once('SIGINT', stopOnSignal);
  process.once('SIGTERM', stopOnSignal);
  const { code, signal } = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('error', (err) => {
      keep(`${String(err)}\n`);
      resolve({ code: null, signal: null });
    });
    child.once('close', (c, s) => resolve({ code: c, signal: s }));
  });
  clearTimeout(timer);
  process.removeListener('exit', stopOnExit);
  process.removeListener('SIGINT', stopOnSignal);
  process.removeListener('SIGTERM', stopOnSignal);
  if (partial) tail.push(partial);
  const records = fs.existsSync(recordsFile) ? parseRecords(fs.readFileSync(recordsFile, 'utf8')) : { figures: [], notes: [] };
  fs.rmSync(recordsDir, { recursive: true, force: true });
  const status = timedOut ? 'timeout' : code === 0 ? 'ok' : 'failed';
  return {
    bench: benchName(filePath),
    file: path.basename(filePath),
    runId: opts.runId,
    status,
    exitCode: code,
    signal: timedOut ? null : signal,
    durationMs: performance.now() - t0,
    timeoutMs: opts.timeoutMs,
    startedAt: started.toISOString(),
    commit: opts.commit,
    machine: opts.machine,
    figures: records.figures,
    notes: records.notes,
    outputTail: status === 'ok' ? [] : tail,
  };
}

function killGroup(pid: number | undefined): void {
  if (!pid) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

export function readReport(jsonPath: string): ReportData {
  if (!fs.existsSync(jsonPath)) return emptyReport();
  try {
    const data = JSON.parse(fs.readFileSync(jsonPath, 'utf8')) as ReportData;
    return data && data.version === 1 && data.runs ? data : emptyReport();
  } catch {
    return emptyReport();
  }
}

export function writeReport(data: ReportData, jsonPath: string, mdPath: string): void {
  fs.mkdirSync(path.dirname(jsonPath), { recursive: true });
  fs.writeFileSync(jsonPath, JSON.stringify(data, null, 2) + '\n');
  fs.writeFileSync(mdPath, renderMarkdown(data));
}

export interface RunAllOptions {
  benchDir: string;
  only: string[];
  timeoutMs: number;
  /** Where the report goes; null to leave it alone (`--no-write`). */
  jsonPath: string | null;
  mdPath: string | null;
  suffix?: string;
  command?: string[];
  cwd?: string;
  now?: () => Date;
  echo?: (chunk: string) => void;
}

/**
 * Runs the selected benchmarks one after another. A full run (no names) replaces the whole
 * report; naming benchmarks replaces only their sections. The report is written after
 * every benchmark, so an interrupted run still leaves what it measured.
 */
export async function runAll(o: RunAllOptions): Promise<BenchRun[]> {
  const now = o.now ?? (() => new Date());
  const files = selectBenches(o.benchDir, o.only, o.suffix);
  const machine = machineInfo();
  const commit = gitCommit(o.cwd ?? process.cwd());
  const runId = now().toISOString();
  const t0 = performance.now();
  const isFull = o.only.length === 0;
  const base = o.jsonPath ? readReport(o.jsonPath) : emptyReport();
  const done: BenchRun[] = [];
  const echo = o.echo ?? ((c: string) => process.stdout.write(c));
  for (const file of files) {
    echo(`\n## ${file}\n`);
    const run = await runBenchmark(path.join(o.benchDir, file), { timeoutMs: o.timeoutMs, command: o.command, cwd: o.cwd, commit, machine, runId, now, echo });
    if (run.status !== 'ok') echo(`(${file}: ${run.status === 'timeout' ? `timed out after ${Math.round(o.timeoutMs / 1000)} s` : `exited with ${run.exitCode ?? run.signal}`})\n`);
    done.push(run);
    const full: RunInfo | null = isFull
      ? { startedAt: runId, commit, machine, durationMs: performance.now() - t0, timeoutMs: o.timeoutMs, benches: files.map(benchName) }
      : null;
    if (o.jsonPath && o.mdPath) writeReport(mergeRuns(base, done, full), o.jsonPath, o.mdPath);
  }
  return done;
}
