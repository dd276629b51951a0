/**
 * Builds the Electron entry points into dist-electron/ with esbuild (run: `tsx build/build-electron.ts`):
 *   main.js         ES module, Electron's main process
 *   core-worker.js  ES module, the utilityProcess that owns the store
 *   preload.cjs     CommonJS, because sandboxed preloads cannot load ES modules
 * Our own code (electron/ and the core/ it imports) is bundled; npm packages stay external and
 * are resolved from node_modules (electron-builder packs the production dependencies and
 * rebuilds better-sqlite3 against Electron). Compiling needs no Electron runtime.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type BuildOptions } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DEFAULT_OUTDIR = path.join(root, 'dist-electron');

const common: BuildOptions = {
  bundle: true,
  platform: 'node',
  target: 'node22',
  packages: 'external',
  external: ['electron'],
  sourcemap: true,
  logLevel: 'warning',
  absWorkingDir: root,
};

/** Builds into `outdir` (emptied first) and returns the file names written, source maps aside. */
export async function buildElectron(outdir = DEFAULT_OUTDIR): Promise<string[]> {
  fs.rmSync(outdir, { recursive: true, force: true });
  await build({
    ...common,
    entryPoints: { main: 'electron/main.ts', 'core-worker': 'electron/core-worker.ts' },
    outdir,
    format: 'esm',
    outExtension: { '.js': '.js' },
  });
  await build({
    ...common,
    // The preload's only runtime import is `electron`; everything else is inlined.
    entryPoints: { preload: 'electron/preload.ts' },
    outdir,
    format: 'cjs',
    outExtension: { '.js': '.cjs' },
    target: 'chrome140',
  });
  return fs.readdirSync(outdir).filter((f) => !f.endsWith('.map')).sort();
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  buildElectron().then(
    (files) => console.log(`dist-electron: ${files.join(', ')}`),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
