/**
 * Entry point of the core worker: an Electron utilityProcess (its own Node, off the UI
 * thread) that owns the store. main.ts forks it; core-server.ts does the work.
 */
import type {} from 'electron';
import { openApp } from '../core/api/app.ts';
import { systemClock } from '../core/clock.ts';
import { startDesktopSync } from '../core/daemon/sync-server.ts';
import { serveCore } from './core-server.ts';

const port = process.parentPort;
if (!port) {
  process.stderr.write('core-worker runs only as an Electron utility process (process.parentPort is missing)\n');
  process.exit(1);
}
serveCore(port, {
  openApp,
  clock: systemClock,
  log: (line) => process.stderr.write(`${line}\n`),
  exit: (code) => process.exit(code),
  startSync: (app, options) => startDesktopSync(app, options),
});
