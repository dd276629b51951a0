/**
 * Concurrent editing under load (issue #11; the seed's "20 concurrent editors"), over a real
 * daemon on loopback: HTTP and WebSocket API calls with each member's token, TLS peer sync
 * with each member's own replica (see test/load/scenario.ts for the workload and the checks).
 *   load.editors20.ops_per_s        API calls answered per second while 20 members work at once
 *   load.editors20.call_p95         95th percentile of one call's time, as the member sees it
 *   load.editors20.convergence_ms   from the last answer until every replica equals the daemon
 * and the same for 100 members. Each run also re-checks what the test checks (identical
 * replicas, no lost change, no double sale, one audit entry per mutation) and says so.
 * No peer library runs the same workload; none is named.
 *
 *   npx tsx test/bench/run.ts load
 *   LOAD_BENCH_MEMBERS=20 LOAD_BENCH_OPS=8 npx tsx test/bench/run.ts load   (smaller, while developing)
 */
import { LoadRun } from '../load/scenario.ts';
import { fmt, report, summarize } from './stats.ts';

const SIZES = (process.env.LOAD_BENCH_MEMBERS ?? '20,100').split(',').map(Number);
const OPS = Number(process.env.LOAD_BENCH_OPS ?? 10);

async function main(): Promise<void> {
  let failed = false;
  for (const members of SIZES) {
    const r = await LoadRun.execute({ members, opsPerMember: OPS }, (line) => console.log(`  (${members} members) ${line}`));
    const name = `load.editors${members}`;
    const size = `${members} members × ${OPS} operations, ${r.calls} calls, ${r.documents} documents, ${members + 1} replicas`;
    const calls = summarize(r.callMs);
    report(`${name}.ops_per_s: ${r.opsPerSecond.toFixed(0)} calls/s (${size}; target > 50)`);
    report(`${name}.call_p95: ${fmt(calls.p95)} (p50 ${fmt(calls.p50)}; ${size}; target < 1000 ms)`);
    report(`${name}.convergence_ms: ${r.convergenceMs.toFixed(0)} ms (${size}; target < 5000 ms)`);
    report(`${name}.setup_s: ${(r.setupMs / 1000).toFixed(1)} s (${members} devices enrolled over TLS and caught up; informational)`);
    const refused = Object.entries(r.refused).map(([code, n]) => `${code} ${n}`).join(', ') || 'none';
    report(`${name}.checks: ${r.problems.length === 0 ? 'passed' : `FAILED (${r.problems.length})`} (${r.acknowledged} acknowledged incl. ${r.localAcknowledged} on replicas, refused: ${refused}; ${r.seatsSold} seats sold once each)`);
    for (const p of r.problems.slice(0, 20)) console.log(`  problem: ${p}`);
    if (r.problems.length > 0) failed = true;
  }
  if (failed) process.exitCode = 1;
}

await main();
