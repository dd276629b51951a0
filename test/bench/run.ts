/**
 * `npm run bench`: runs every test/bench/*.bench.ts in its own process, one after another,
 * so each figure is measured without the others' memory or JIT state, and writes the report
 * docs/benchmarks.md (from docs/benchmarks.json, its machine-readable twin).
 *
 *   npm run bench                      every benchmark; replaces the whole report
 *   npm run bench -- api auth          only these; replaces only their sections
 *   npm run bench -- --timeout=600     per-benchmark timeout in seconds (default 1200; or BENCH_TIMEOUT_S)
 *   npm run bench -- --strict          also exit non-zero when a figure misses its target
 *   npm run bench -- --no-write        print figures only; leave the report alone
 *   npm run bench -- --render-only     rewrite docs/benchmarks.md from docs/benchmarks.json; run nothing
 *
 * Exits non-zero when a benchmark crashed or timed out (it is reported as such, never dropped).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { failures } from './report.ts';
import { DEFAULT_TIMEOUT_MS, readReport, runAll, writeReport } from './runner.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const args = process.argv.slice(2);
const flags = args.filter((a) => a.startsWith('--'));
const only = args.filter((a) => !a.startsWith('--'));
const known = /^--(strict|no-write|render-only|timeout=\d+(\.\d+)?)$/;
const bad = flags.filter((f) => !known.test(f));
if (bad.length) {
  console.error(`error: unknown option ${bad.join(', ')} (known: --timeout=SECONDS, --strict, --no-write, --render-only)`);
  process.exit(2);
}
const jsonPath = path.join(root, 'docs', 'benchmarks.json');
const mdPath = path.join(root, 'docs', 'benchmarks.md');
if (flags.includes('--render-only')) {
  writeReport(readReport(jsonPath), jsonPath, mdPath);
  console.log('docs/benchmarks.md rewritten from docs/benchmarks.json.');
  process.exit(0);
}
const timeoutFlag = flags.find((f) => f.startsWith('--timeout='))?.slice('--timeout='.length) ?? process.env.BENCH_TIMEOUT_S;
const timeoutMs = timeoutFlag ? Number(timeoutFlag) * 1000 : DEFAULT_TIMEOUT_MS;
const write = !flags.includes('--no-write');

let runs;
try {
  runs = await runAll({
    benchDir: here,
    only,
    timeoutMs,
    cwd: root,
    jsonPath: write ? jsonPath : null,
    mdPath: write ? mdPath : null,
  });
} catch (err) {
  console.error(`error: ${(err as Error).message}`);
  process.exit(2);
}
const problems = failures(runs, flags.includes('--strict'));
console.log(`\n${runs.length} benchmark${runs.length === 1 ? '' : 's'} run${write ? '; report written to docs/benchmarks.md' : ''}.`);
for (const p of problems) console.log(`FAILED ${p}`);
process.exit(problems.length ? 1 : 0);
