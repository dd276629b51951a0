/**
 * `npm run bench`: runs every test/bench/*.bench.ts in its own process, one after another,
 * so each figure is measured without the others' memory or JIT state. Each benchmark prints
 * its own lines: figure, workload size, target, and the peer library's figure where one exists.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const files = fs
  .readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();

let failed = 0;
for (const file of files) {
  console.log(`\n## ${file}`);
  const res = spawnSync(process.execPath, ['--import', 'tsx', '--expose-gc', path.join(here, file)], { stdio: 'inherit' });
  if (res.status !== 0) {
    failed++;
    console.log(`(${file} exited with ${res.status})`);
  }
}
process.exit(failed ? 1 : 0);
