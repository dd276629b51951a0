/**
 * Small helpers shared by the benchmarks: percentiles, formatting, and `report()`, the one
 * way a benchmark states a figure. `report()` prints the standard line
 *
 *   <name>: <value> (<workload>; <detail>; target < X; seed: <requirement>) | peer <lib>: <value>
 *
 * and, when the runner (test/bench/run.ts) set CALLBOARD_BENCH_RECORDS, appends the same
 * figure as one JSON line to that file, which the runner collects into docs/benchmarks.md.
 * Nothing is parsed back out of free text.
 */
import fs from 'node:fs';

export function percentile(sortedMs: number[], p: number): number {
  if (sortedMs.length === 0) return NaN;
  const idx = Math.min(sortedMs.length - 1, Math.max(0, Math.ceil((p / 100) * sortedMs.length) - 1));
  return sortedMs[idx]!;
}

export function summarize(samplesMs: number[]): { p50: number; p95: number; p99: number; mean: number } {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const mean = sorted.reduce((a, b) => a + b, 0) / Math.max(1, sorted.length);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), mean };
}

/** A duration in milliseconds, in the unit that reads best (µs, ms or s). */
export function fmt(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  if (Math.abs(ms) < 0.01) return `${(ms * 1000).toFixed(2)} µs`;
  if (Math.abs(ms) < 1) return `${(ms * 1000).toFixed(0)} µs`;
  if (Math.abs(ms) >= 10_000) return `${(ms / 1000).toFixed(1)} s`;
  if (Math.abs(ms) >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  return `${ms.toFixed(2)} ms`;
}

/**
 * The seed's requirements (the product brief's testing section), each checked explicitly in
 * docs/benchmarks.md by the figures that name it. `limitMs`, where the seed gives a number,
 * is checked against every linked duration figure; otherwise the figures' own targets decide.
 */
export const SEED_REQUIREMENTS = {
  'directory-search': { text: 'Directory search under 100 ms with 1,000+ profiles', limitMs: 100 },
  'calendar-5-years': { text: '5 years of calendar data' },
  'media-10k': { text: '10,000 media assets with efficient retrieval' },
  'permission-checks': { text: 'Permission checks adding under 20 ms', limitMs: 20 },
  'editors-20': { text: '20 concurrent editors' },
} as const satisfies Record<string, { text: string; limitMs?: number }>;
export type RequirementId = keyof typeof SEED_REQUIREMENTS;

/** Our target for a figure, in the figure's unit: below (`lt`), at most (`lte`), at least (`gte`), above (`gt`). */
export type Target = { lt: number } | { lte: number } | { gte: number } | { gt: number };

export interface Figure {
  /** `<benchmark>.<figure>`, e.g. `api.http.p99`. */
  name: string;
  value: number;
  /** `ms` for every duration (displayed as µs/ms/s); anything else is shown as is (`req/s`, `MB`, `count`). */
  unit: string;
  /** What was measured and how much of it: `1,000 people, 200 queries, page of 25`. */
  workload: string;
  target?: Target;
  requirement?: RequirementId;
  /** The peer library's figure from the same run, in the same unit. */
  peer?: { name: string; value: number };
  /** Secondary numbers shown beside the value (`p50 1.2 ms`). */
  detail?: string;
}

export type BenchRecord = ({ type: 'figure' } & Figure) | { type: 'note'; text: string };

export const RECORDS_ENV = 'CALLBOARD_BENCH_RECORDS';

export function formatValue(value: number, unit: string): string {
  if (unit === 'ms') return fmt(value);
  const digits = Number.isInteger(value) ? 0 : Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  const n = value.toLocaleString('en', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  return unit === 'count' ? n : `${n} ${unit}`;
}

export function formatTarget(target: Target, unit: string): string {
  const [op, v] = 'lt' in target ? ['<', target.lt] : 'lte' in target ? ['≤', target.lte] : 'gte' in target ? ['≥', target.gte] : ['>', target.gt];
  // A target is a round number: no trailing zeros (`< 100 ms`, `< 1 s`).
  return `${op} ${formatValue(v, unit).replace(/\.0+ /, ' ')}`;
}

export function meetsTarget(value: number, target: Target): boolean {
  if ('lt' in target) return value < target.lt;
  if ('lte' in target) return value <= target.lte;
  if ('gte' in target) return value >= target.gte;
  return value > target.gt;
}

/** The standard one-line form of a figure. */
export function formatLine(f: Figure): string {
  const inner = [f.workload, f.detail, f.target && `target ${formatTarget(f.target, f.unit)}`, f.requirement && `seed: ${SEED_REQUIREMENTS[f.requirement].text}`]
    .filter(Boolean)
    .join('; ');
  const peer = f.peer ? ` | peer ${f.peer.name}: ${formatValue(f.peer.value, f.unit)}` : '';
  return `${f.name}: ${formatValue(f.value, f.unit)} (${inner})${peer}`;
}

function record(r: BenchRecord): void {
  const file = process.env[RECORDS_ENV];
  if (file) fs.appendFileSync(file, JSON.stringify(r) + '\n');
}

/** States one figure: prints its line and records it for the report. A bare string is a note. */
export function report(figure: Figure | string): void {
  if (typeof figure === 'string') return note(figure);
  console.log(formatLine(figure));
  record({ type: 'figure', ...figure });
}

/** Context that is not a figure (dataset sizes, build times, caveats): printed and kept in the report. */
export function note(text: string): void {
  console.log(text);
  record({ type: 'note', text });
}
