/**
 * The benchmark report: the data `npm run bench` keeps in docs/benchmarks.json and the
 * Markdown it renders from it into docs/benchmarks.md. Pure functions only (no processes,
 * no files), so the parsing, verdicts and tables are unit-tested (test/unit/bench/).
 */
import { SEED_REQUIREMENTS, formatTarget, formatValue, meetsTarget, type BenchRecord, type Figure, type RequirementId } from './stats.ts';

export interface MachineInfo {
  cpus: number;
  model: string;
  node: string;
  platform: string;
  memoryGb: number;
  /** os.loadavg() when the run started: 1, 5 and 15 minutes. */
  loadAvg: [number, number, number];
}

export type RunStatus = 'ok' | 'failed' | 'timeout';

/** One benchmark file's run. */
export interface BenchRun {
  bench: string;
  file: string;
  /** When the `npm run bench` that ran it started (equal to full.startedAt for the full run's sections). */
  runId: string;
  status: RunStatus;
  exitCode: number | null;
  signal: string | null;
  durationMs: number;
  timeoutMs: number;
  startedAt: string;
  commit: string;
  machine: MachineInfo;
  figures: Figure[];
  notes: string[];
  /** The last lines of output, kept when the run failed or timed out. */
  outputTail: string[];
}

export interface RunInfo {
  startedAt: string;
  commit: string;
  machine: MachineInfo;
  durationMs: number;
  timeoutMs: number;
  benches: string[];
}

export interface ReportData {
  version: 1;
  /** The last full run (`npm run bench` with no names); null until there has been one. */
  full: RunInfo | null;
  runs: Record<string, BenchRun>;
}

export function emptyReport(): ReportData {
  return { version: 1, full: null, runs: {} };
}

/** Reads the JSON-lines a benchmark wrote through report()/note(); a malformed line becomes a note saying so. */
export function parseRecords(text: string): { figures: Figure[]; notes: string[] } {
  const figures: Figure[] = [];
  const notes: string[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    let rec: BenchRecord;
    try {
      rec = JSON.parse(line) as BenchRecord;
    } catch {
      notes.push(`(malformed record ignored: ${line.slice(0, 120)})`);
      continue;
    }
    if (rec && rec.type === 'figure' && typeof rec.name === 'string' && typeof rec.value === 'number' && typeof rec.unit === 'string') {
      const { type: _type, ...figure } = rec;
      figures.push({ ...figure, workload: typeof figure.workload === 'string' ? figure.workload : '' });
    } else if (rec && rec.type === 'note' && typeof rec.text === 'string') notes.push(rec.text);
    else notes.push(`(malformed record ignored: ${line.slice(0, 120)})`);
  }
  return { figures, notes };
}

export type Verdict = 'pass' | 'fail' | 'none';

export function verdict(f: Figure): Verdict {
  if (!f.target) return 'none';
  if (!Number.isFinite(f.value)) return 'fail';
  return meetsTarget(f.value, f.target) ? 'pass' : 'fail';
}

/** A figure judged against the seed's requirement: its numeric limit where the seed gives one, else our target. */
export function requirementVerdict(f: Figure): Verdict {
  if (!f.requirement) return 'none';
  const limit = (SEED_REQUIREMENTS[f.requirement] as { limitMs?: number }).limitMs;
  if (limit !== undefined && f.unit === 'ms') return Number.isFinite(f.value) && f.value < limit ? 'pass' : 'fail';
  return verdict(f);
}

export interface RequirementRow {
  id: RequirementId;
  text: string;
  status: 'met' | 'not met' | 'not measured';
  figures: Array<{ bench: string; figure: Figure; verdict: Verdict }>;
}

export function requirementRows(data: ReportData): RequirementRow[] {
  return (Object.keys(SEED_REQUIREMENTS) as RequirementId[]).map((id) => {
    const figures = Object.values(data.runs).flatMap((run) =>
      run.figures.filter((f) => f.requirement === id).map((figure) => ({ bench: run.bench, figure, verdict: requirementVerdict(figure) })),
    );
    const judged = figures.filter((f) => f.verdict !== 'none');
    const status = judged.length === 0 ? 'not measured' : judged.every((f) => f.verdict === 'pass') ? 'met' : 'not met';
    return { id, text: SEED_REQUIREMENTS[id].text, status, figures };
  });
}

/** Records runs into the report: a full run replaces every section; a partial run replaces only its own. */
export function mergeRuns(data: ReportData, runs: BenchRun[], full: RunInfo | null): ReportData {
  if (full) return { version: 1, full, runs: Object.fromEntries(runs.map((r) => [r.bench, r])) };
  const next: ReportData = { version: 1, full: data.full, runs: { ...data.runs } };
  for (const r of runs) next.runs[r.bench] = r;
  return next;
}

/** Whether the report should make the runner exit non-zero: a benchmark crashed or timed out, or (strict) missed a target. */
export function failures(runs: BenchRun[], strict: boolean): string[] {
  const out: string[] = [];
  for (const r of runs) {
    if (r.status === 'timeout') out.push(`${r.bench}: timed out after ${Math.round(r.timeoutMs / 1000)} s`);
    else if (r.status === 'failed') out.push(`${r.bench}: failed (${r.signal ? `signal ${r.signal}` : `exit code ${r.exitCode}`})`);
    if (strict) for (const f of r.figures) if (verdict(f) === 'fail') out.push(`${f.name}: ${formatValue(f.value, f.unit)} misses its target ${formatTarget(f.target!, f.unit)}`);
  }
  return out;
}

export function isIdle(m: MachineInfo): boolean {
  return m.loadAvg[0] < 0.5;
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
const code = (s: string) => '`' + s.replace(/`/g, "'") + '`';
const mark = (v: Verdict) => (v === 'pass' ? '✅ pass' : v === 'fail' ? '❌ **fail**' : '—');
const seconds = (ms: number) => (ms >= 120_000 ? `${(ms / 60_000).toFixed(1)} min` : `${(ms / 1000).toFixed(1)} s`);

function when(iso: string): string {
  return iso.replace('T', ' ').replace(/:\d\d(\.\d+)?Z$/, ' UTC');
}

export function describeMachine(m: MachineInfo): string {
  const load = m.loadAvg.map((x) => x.toFixed(2)).join(' / ');
  const state = isIdle(m)
    ? 'idle'
    : `**busy**: other work was running, so figures are slower and noisier than on an idle machine`;
  return `${m.cpus} CPU${m.cpus === 1 ? '' : 's'} (${m.model}), ${m.memoryGb.toFixed(1)} GB RAM, Node ${m.node} on ${m.platform}; load average at start ${load} (1/5/15 min) — ${state}`;
}

function statusText(r: BenchRun): string {
  if (r.status === 'ok') return 'ok';
  if (r.status === 'timeout') return `**TIMED OUT** after ${seconds(r.timeoutMs)}`;
  return `**FAILED** (${r.signal ? `signal ${r.signal}` : `exit code ${r.exitCode}`})`;
}

function figureTable(run: BenchRun): string[] {
  const lines = [
    '| figure | value | workload | seed requirement | target | peer (same run) | result |',
    '|---|---:|---|---|---|---|---|',
  ];
  for (const f of run.figures) {
    const value = formatValue(f.value, f.unit) + (f.detail ? ` (${f.detail})` : '');
    const req = f.requirement ? SEED_REQUIREMENTS[f.requirement].text : '—';
    const target = f.target ? formatTarget(f.target, f.unit) : '—';
    const peer = f.peer ? `${f.peer.name}: ${formatValue(f.peer.value, f.unit)}` : '—';
    lines.push(`| ${code(f.name)} | ${cell(value)} | ${cell(f.workload)} | ${cell(req)} | ${cell(target)} | ${cell(peer)} | ${mark(verdict(f))} |`);
  }
  return lines;
}

export function renderMarkdown(data: ReportData): string {
  const runs = Object.values(data.runs).sort((a, b) => a.bench.localeCompare(b.bench));
  const out: string[] = [
    '# Benchmark report',
    '',
    '<!-- Written by `npm run bench` (test/bench/run.ts) from docs/benchmarks.json; edits by hand are overwritten. -->',
    '',
    'Every benchmark under `test/bench/`, each run in its own process by `npm run bench`, with its workload size, the seed\'s requirement where the seed states one, our target, and the peer library measured in the same run. How to run them: README, *Development*.',
    '',
  ];
  if (data.full) {
    out.push(
      `- **Full run:** ${when(data.full.startedAt)}, commit ${code(data.full.commit)}, ${data.full.benches.length} benchmarks in ${seconds(data.full.durationMs)} (timeout ${seconds(data.full.timeoutMs)} each)`,
      `- **Machine:** ${describeMachine(data.full.machine)}`,
    );
  } else out.push('- **Full run:** none yet; the sections below were run one at a time.');
  const alone = runs.filter((r) => r.runId !== data.full?.startedAt);
  if (data.full && alone.length > 0) out.push(`- **Re-run alone since:** ${alone.map((r) => r.bench).join(', ')} (date, commit and load in their sections)`);
  const all = runs.flatMap((r) => r.figures);
  const judged = all.filter((f) => verdict(f) !== 'none');
  const failedRuns = runs.filter((r) => r.status !== 'ok');
  // Listed by the full run but never run: the run was interrupted (or is still going).
  const notRun = (data.full?.benches ?? []).filter((b) => !data.runs[b]);
  out.push(
    `- **Figures:** ${all.length}, ${judged.length} with a target: ${judged.filter((f) => verdict(f) === 'pass').length} pass, ${judged.filter((f) => verdict(f) === 'fail').length} fail`,
    `- **Benchmarks that did not finish:** ${
      failedRuns.length + notRun.length === 0
        ? 'none'
        : [...failedRuns.map((r) => `${r.bench} (${statusText(r).replace(/\*\*/g, '')})`), ...notRun.map((b) => `${b} (NOT RUN: the full run stopped before it)`)].join(', ')
    }`,
    '',
    '## Seed requirements',
    '',
    'Each requirement of the seed is judged by the figures that name it: against the seed\'s own limit where it gives a number, otherwise against our target for the figure.',
    '',
    '| seed requirement | result | figures |',
    '|---|---|---|',
  );
  for (const row of requirementRows(data)) {
    const result = row.status === 'met' ? '✅ met' : row.status === 'not met' ? '❌ **not met**' : '⚠️ **not measured**';
    const evidence = row.figures.length
      ? row.figures.map(({ figure: f, verdict: v }) => `${code(f.name)} ${formatValue(f.value, f.unit)} (${f.workload}) ${v === 'pass' ? '✓' : v === 'fail' ? '✗' : ''}`.trim()).join('<br>')
      : 'no figure in this report';
    out.push(`| ${cell(row.text)} | ${result} | ${cell(evidence)} |`);
  }
  out.push('', '## Benchmarks', '', '| benchmark | status | duration | figures | targets met |', '|---|---|---:|---:|---:|');
  for (const r of runs) {
    const withTarget = r.figures.filter((f) => verdict(f) !== 'none');
    out.push(`| [${r.bench}](#${r.bench}) | ${statusText(r)} | ${seconds(r.durationMs)} | ${r.figures.length} | ${withTarget.filter((f) => verdict(f) === 'pass').length}/${withTarget.length} |`);
  }
  for (const b of notRun) out.push(`| ${b} | **NOT RUN**: the full run stopped before it | — | 0 | — |`);
  for (const r of runs) {
    out.push('', `## ${r.bench}`, '', `${code(`test/bench/${r.file}`)}: ${statusText(r)}, ${seconds(r.durationMs)}.`);
    if (alone.includes(r)) out.push('', `Re-run alone: ${when(r.startedAt)}, commit ${code(r.commit)}; ${describeMachine(r.machine)}.`);
    out.push('');
    if (r.figures.length) out.push(...figureTable(r));
    else out.push('No figures were reported.');
    if (r.notes.length) out.push('', ...r.notes.map((n) => `- ${code(n.trim())}`));
    if (r.status !== 'ok' && r.outputTail.length) out.push('', 'Last lines of output:', '', '```', ...r.outputTail.map((l) => l.replace(/```/g, "'''")), '```');
  }
  return out.join('\n') + '\n';
}
