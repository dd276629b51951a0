import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  emptyReport,
  failures,
  mergeRuns,
  parseRecords,
  renderMarkdown,
  requirementRows,
  requirementVerdict,
  verdict,
  type BenchRun,
  type MachineInfo,
  type RunInfo,
} from '../../bench/report.ts';
import { fmt, formatLine, formatTarget, formatValue, meetsTarget, type Figure } from '../../bench/stats.ts';

const machine: MachineInfo = { cpus: 2, model: 'Test CPU @ 2.0GHz', node: 'v22.0.0', platform: 'linux x64', memoryGb: 7.75, loadAvg: [0.1, 0.2, 0.3] };
const FULL_ID = '2026-11-27T15:00:00.000Z';

function run(bench: string, figures: Figure[], over: Partial<BenchRun> = {}): BenchRun {
  return {
    bench,
    file: `${bench}.bench.ts`,
    runId: FULL_ID,
    status: 'ok',
    exitCode: 0,
    signal: null,
    durationMs: 12_345,
    timeoutMs: 600_000,
    startedAt: FULL_ID,
    commit: 'abc123',
    machine,
    figures,
    notes: [],
    outputTail: [],
    ...over,
  };
}

const full: RunInfo = { startedAt: FULL_ID, commit: 'abc123', machine, durationMs: 300_000, timeoutMs: 600_000, benches: ['api', 'directory'] };

describe('figures', () => {
  it('formats durations in the unit that reads best and other units as given', () => {
    expect(fmt(0.0042)).toBe('4.20 µs');
    expect(fmt(0.5)).toBe('500 µs');
    expect(fmt(12.345)).toBe('12.35 ms');
    expect(fmt(1234.5)).toBe('1.23 s');
    expect(fmt(12_345)).toBe('12.3 s');
    expect(fmt(NaN)).toBe('NaN');
    expect(formatValue(312.4, 'req/s')).toBe('312 req/s');
    expect(formatValue(12.34, 'MB/s')).toBe('12.3 MB/s');
    expect(formatValue(1.234, 'x')).toBe('1.23 x');
    expect(formatValue(12000, 'count')).toBe('12,000');
  });

  it('judges every kind of target at its boundary', () => {
    expect(meetsTarget(4.99, { lt: 5 })).toBe(true);
    expect(meetsTarget(5, { lt: 5 })).toBe(false);
    expect(meetsTarget(0, { lte: 0 })).toBe(true);
    expect(meetsTarget(1, { lte: 0 })).toBe(false);
    expect(meetsTarget(300, { gte: 300 })).toBe(true);
    expect(meetsTarget(299, { gte: 300 })).toBe(false);
    expect(meetsTarget(1, { gt: 1 })).toBe(false);
    expect(formatTarget({ gte: 300 }, 'orders/s')).toBe('≥ 300 orders/s');
    expect(formatTarget({ lt: 0.02 }, 'ms')).toBe('< 20 µs');
    expect(formatTarget({ gt: 1 }, 'x')).toBe('> 1 x');
    expect(formatTarget({ lte: 0 }, 'count')).toBe('≤ 0');
  });

  it('prints the standard line: name, value, workload, detail, target, seed requirement, peer', () => {
    const line = formatLine({
      name: 'directory.search.one-word.1k.p95',
      value: 1.5,
      unit: 'ms',
      workload: '1,000 people',
      detail: 'p50 1.00 ms',
      target: { lt: 100 },
      requirement: 'directory-search',
      peer: { name: 'minisearch', value: 0.25 },
    });
    expect(line).toBe(
      'directory.search.one-word.1k.p95: 1.50 ms (1,000 people; p50 1.00 ms; target < 100 ms; seed: Directory search under 100 ms with 1,000+ profiles) | peer minisearch: 250 µs',
    );
    expect(formatLine({ name: 'a.b', value: 3, unit: 'count', workload: 'w' })).toBe('a.b: 3 (w)');
  });

  it('a figure without a target has no verdict; a non-finite value fails its target', () => {
    expect(verdict({ name: 'x', value: 1, unit: 'ms', workload: '' })).toBe('none');
    expect(verdict({ name: 'x', value: NaN, unit: 'ms', workload: '', target: { lt: 5 } })).toBe('fail');
    expect(verdict({ name: 'x', value: Infinity, unit: 'ms', workload: '', target: { gte: 5 } })).toBe('fail');
  });

  it('judges a seed requirement against the seed\'s limit where it gives one, else against our target', () => {
    // Misses our 5 ms target but meets the seed's 100 ms.
    expect(requirementVerdict({ name: 'd', value: 50, unit: 'ms', workload: '', target: { lt: 5 }, requirement: 'directory-search' })).toBe('pass');
    expect(requirementVerdict({ name: 'd', value: 150, unit: 'ms', workload: '', target: { lt: 500 }, requirement: 'directory-search' })).toBe('fail');
    expect(requirementVerdict({ name: 'c', value: 6, unit: 'ms', workload: '', target: { lt: 5 }, requirement: 'calendar-5-years' })).toBe('fail');
    expect(requirementVerdict({ name: 'c', value: 6, unit: 'ms', workload: '' })).toBe('none');
    expect(requirementVerdict({ name: 'c', value: 6, unit: 'ms', workload: '', requirement: 'editors-20' })).toBe('none');
  });
});

describe('parseRecords', () => {
  it('reads figures and notes, and keeps malformed lines as notes instead of dropping them', () => {
    const text = [
      JSON.stringify({ type: 'figure', name: 'api.http.p99', value: 1.2, unit: 'ms', workload: '1,000 calls', target: { lt: 5 } }),
      '',
      JSON.stringify({ type: 'note', text: '(built 300 documents)' }),
      '{"type":"figure","name":"truncated',
      JSON.stringify({ type: 'figure', name: 'no-value', unit: 'ms' }),
      JSON.stringify({ type: 'figure', name: 'no-workload', value: 2, unit: 'MB' }),
    ].join('\n');
    const { figures, notes } = parseRecords(text);
    expect(figures).toEqual([
      { name: 'api.http.p99', value: 1.2, unit: 'ms', workload: '1,000 calls', target: { lt: 5 } },
      { name: 'no-workload', value: 2, unit: 'MB', workload: '' },
    ]);
    expect(notes[0]).toBe('(built 300 documents)');
    expect(notes.slice(1).every((n) => n.startsWith('(malformed record ignored'))).toBe(true);
    expect(notes).toHaveLength(3);
  });

  it('never throws, whatever the file holds', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const r = parseRecords(s);
        return Array.isArray(r.figures) && Array.isArray(r.notes);
      }),
    );
  });

  it('round-trips any figure written as a record', () => {
    const figure = fc.record({
      name: fc.string({ minLength: 1 }),
      value: fc.double({ noNaN: true, noDefaultInfinity: true }),
      unit: fc.constantFrom('ms', 'MB', 'req/s', 'count'),
      workload: fc.string(),
    });
    fc.assert(fc.property(fc.array(figure, { maxLength: 5 }), (fs) => {
      const text = fs.map((f) => JSON.stringify({ type: 'figure', ...f })).join('\n');
      expect(parseRecords(text).figures).toEqual(fs.map((f) => ({ ...f, value: f.value + 0 })) /* JSON has no -0 */);
    }));
  });
});

describe('seed requirements', () => {
  it('are met, not met, or not measured, and each names its figures', () => {
    const data = mergeRuns(
      emptyReport(),
      [
        run('directory', [
          { name: 'directory.search.1k.p95', value: 2, unit: 'ms', workload: '1,000 people', target: { lt: 100 }, requirement: 'directory-search' },
          { name: 'directory.search.100k.p95', value: 20, unit: 'ms', workload: '100,000 people', target: { lt: 5 }, requirement: 'directory-search' },
        ]),
        run('calendar', [{ name: 'calendar.month_query.p95', value: 9, unit: 'ms', workload: '5 years', target: { lt: 5 }, requirement: 'calendar-5-years' }]),
      ],
      full,
    );
    const rows = Object.fromEntries(requirementRows(data).map((r) => [r.id, r]));
    expect(rows['directory-search']!.status).toBe('met');
    expect(rows['directory-search']!.figures.map((f) => f.figure.name)).toEqual(['directory.search.1k.p95', 'directory.search.100k.p95']);
    expect(rows['calendar-5-years']!.status).toBe('not met');
    expect(rows['media-10k']!.status).toBe('not measured');
    expect(rows['permission-checks']!.status).toBe('not measured');
    expect(rows['editors-20']!.status).toBe('not measured');
  });
});

describe('mergeRuns', () => {
  it('a full run replaces every section; a partial run replaces only its own and keeps the full run\'s header', () => {
    const first = mergeRuns(emptyReport(), [run('api', []), run('directory', [])], full);
    expect(Object.keys(first.runs).sort()).toEqual(['api', 'directory']);
    const again = run('api', [{ name: 'api.x', value: 1, unit: 'ms', workload: 'w' }], { runId: '2026-11-27T16:00:00.000Z', startedAt: '2026-11-27T16:00:00.000Z' });
    const partial = mergeRuns(first, [again], null);
    expect(partial.full).toEqual(full);
    expect(partial.runs.api).toBe(again);
    expect(partial.runs.directory).toBe(first.runs.directory);
    expect(first.runs.api!.figures).toEqual([]); // the earlier report is not mutated
    const replaced = mergeRuns(partial, [run('store', [])], { ...full, benches: ['store'] });
    expect(Object.keys(replaced.runs)).toEqual(['store']);
  });
});

describe('failures', () => {
  it('a crash or a timeout always fails the run; a missed target only with --strict', () => {
    const runs = [
      run('api', [{ name: 'api.http.p99', value: 9, unit: 'ms', workload: '', target: { lt: 5 } }]),
      run('media', [], { status: 'failed', exitCode: 1 }),
      run('paint', [], { status: 'failed', exitCode: null, signal: 'SIGSEGV' }),
      run('sync', [], { status: 'timeout', exitCode: null, timeoutMs: 900_000 }),
    ];
    expect(failures(runs, false)).toEqual(['media: failed (exit code 1)', 'paint: failed (signal SIGSEGV)', 'sync: timed out after 900 s']);
    expect(failures(runs, true)).toContain('api.http.p99: 9.00 ms misses its target < 5 ms');
    expect(failures([run('api', [])], true)).toEqual([]);
  });
});

describe('renderMarkdown', () => {
  const data = mergeRuns(
    emptyReport(),
    [
      run('api', [
        { name: 'api.http.p99', value: 1.2, unit: 'ms', workload: '1,000 sequential | calls', detail: 'p50 0.8 ms', target: { lt: 5 }, peer: { name: 'bare node:http', value: 0.4 } },
        { name: 'api.dispatcher_overhead.p99', value: 0.07, unit: 'ms', workload: 'org.get', target: { lt: 0.05 }, requirement: 'permission-checks' },
        { name: 'api.http.throughput', value: 2500, unit: 'req/s', workload: '10 clients' },
      ], { notes: ['(built 3 things)'] }),
      run('directory', [], { status: 'timeout', exitCode: null, timeoutMs: 900_000, outputTail: ['building 100,000 people…'] }),
      run('media', [{ name: 'media.seed', value: 100, unit: 'ms', workload: '10,000 assets' }], { status: 'failed', exitCode: 1, outputTail: ['Error: boom', '    at x (media.bench.ts:3)'] }),
    ],
    full,
  );
  const md = renderMarkdown(data);

  it('states the run: date, commit, machine, load and whether it was idle', () => {
    expect(md).toContain('**Full run:** 2026-11-27 15:00 UTC, commit `abc123`, 2 benchmarks in 5.0 min');
    expect(md).toContain('2 CPUs (Test CPU @ 2.0GHz), 7.8 GB RAM, Node v22.0.0 on linux x64; load average at start 0.10 / 0.20 / 0.30 (1/5/15 min) — idle');
    const busy = renderMarkdown(mergeRuns(emptyReport(), [], { ...full, machine: { ...machine, loadAvg: [3.9, 2, 1] } }));
    expect(busy).toContain('3.90 / 2.00 / 1.00 (1/5/15 min) — **busy**');
  });

  it('renders each figure as a table row with workload, requirement, target, peer and verdict, escaping pipes', () => {
    expect(md).toContain('| `api.http.p99` | 1.20 ms (p50 0.8 ms) | 1,000 sequential \\| calls | — | < 5 ms | bare node:http: 400 µs | ✅ pass |');
    expect(md).toContain('| `api.dispatcher_overhead.p99` | 70 µs | org.get | Permission checks adding under 20 ms | < 50 µs | — | ❌ **fail** |');
    expect(md).toContain('| `api.http.throughput` | 2,500 req/s | 10 clients | — | — | — | — |');
    expect(md).toContain('- `(built 3 things)`');
  });

  it('reports a crashed or timed-out benchmark with its output, never dropping it', () => {
    expect(md).toContain('| [directory](#directory) | **TIMED OUT** after 15.0 min | 12.3 s | 0 | 0/0 |');
    expect(md).toContain('| [media](#media) | **FAILED** (exit code 1) | 12.3 s | 1 | 0/0 |');
    expect(md).toContain('**Benchmarks that did not finish:** directory (TIMED OUT after 15.0 min), media (FAILED (exit code 1))');
    expect(md).toMatch(/## media\n\n`test\/bench\/media.bench.ts`: \*\*FAILED\*\* \(exit code 1\), 12.3 s.\n\n\| figure/);
    expect(md).toContain('```\nError: boom\n    at x (media.bench.ts:3)\n```');
    expect(md).toContain('## directory\n\n`test/bench/directory.bench.ts`: **TIMED OUT** after 15.0 min, 12.3 s.\n\nNo figures were reported.');
  });

  it('lists a benchmark the full run did not reach as NOT RUN', () => {
    const interrupted = renderMarkdown(mergeRuns(emptyReport(), [run('api', [])], { ...full, benches: ['api', 'store'] }));
    expect(interrupted).toContain('| store | **NOT RUN**: the full run stopped before it | — | 0 | — |');
    expect(interrupted).toContain('**Benchmarks that did not finish:** store (NOT RUN: the full run stopped before it)');
  });

  it('checks every seed requirement explicitly, saying which were not measured', () => {
    expect(md).toContain('| Permission checks adding under 20 ms | ✅ met | `api.dispatcher_overhead.p99` 70 µs (org.get) ✓ |');
    expect(md).toContain('| Directory search under 100 ms with 1,000+ profiles | ⚠️ **not measured** | no figure in this report |');
    expect(md).toContain('| 20 concurrent editors | ⚠️ **not measured** |');
    expect(md).toContain('**Figures:** 4, 2 with a target: 1 pass, 1 fail');
  });

  it('marks sections re-run alone after the full run with their own date, commit and machine', () => {
    const later = mergeRuns(data, [run('api', [], { runId: '2026-11-28T09:00:00.000Z', startedAt: '2026-11-28T09:00:00.000Z', commit: 'def456' })], null);
    const text = renderMarkdown(later);
    expect(text).toContain('**Re-run alone since:** api');
    expect(text).toContain('Re-run alone: 2026-11-28 09:00 UTC, commit `def456`;');
    expect(md).not.toContain('Re-run alone');
    expect(renderMarkdown(mergeRuns(emptyReport(), [run('api', [])], null))).toContain('**Full run:** none yet');
  });
});
