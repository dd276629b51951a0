import path from 'node:path';
import { parseArgs } from 'node:util';
import { resolveDataDir } from '../core/daemon/data-dir.ts';
import type { OpenOptions } from './contract.ts';

/**
 * The desktop app's command line, read once by main:
 *   --data DIR   the data folder (default $CALLBOARD_DATA, else the same per-user folder as
 *                the `callboard` CLI: e.g. ~/.local/share/callboard/store)
 *   --as USER    the local account new windows act as (id, name or email; default: the
 *                longest-standing admin)
 *   --demo       seed the Riverside Players demo company if the folder holds no company
 *   --no-lan     no LAN sync: the sync port listens on loopback only, no mDNS (also CALLBOARD_LAN=0)
 * Chromium's own switches (--enable-logging, …) and a packaged app's extra arguments are ignored.
 */
export function desktopOptions(argv: readonly string[], env: NodeJS.ProcessEnv): OpenOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      data: { type: 'string' },
      as: { type: 'string' },
      demo: { type: 'boolean', default: false },
      'no-lan': { type: 'boolean', default: false },
    },
    strict: false,
    allowPositionals: true,
  });
  const data = typeof values.data === 'string' ? values.data : undefined;
  const as = typeof values.as === 'string' ? values.as : env.CALLBOARD_AS;
  const options: OpenOptions = { dataDir: path.resolve(resolveDataDir(data, env)) };
  if (as) options.as = as;
  if (values.demo === true) options.demo = true;
  if (values['no-lan'] === true || env.CALLBOARD_LAN === '0') options.lan = false;
  return options;
}
