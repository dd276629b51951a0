import fs from 'node:fs';
import path from 'node:path';
import { openApp, type App } from '../api/app.ts';
import type { Principal } from '../api/procedure.ts';
import { systemClock } from '../clock.ts';
import { CallboardError } from '../errors.ts';
import { resolveLocalUser } from './auth.ts';
import { readDaemonInfo, resolveDataDir } from './data-dir.ts';
import { callDaemon, localTarget } from './remote.ts';

export type Call = (procedure: string, input: unknown) => Promise<unknown>;

/** Where a CLI command runs: a daemon over HTTP, or the store opened in this process. */
export type ApiTarget =
  | { kind: 'remote'; remote: { url: string; token: string; as?: string | undefined }; call: Call }
  | { kind: 'local'; app: App; principal: Principal; call: Call };

/**
 * Runs `fn` against `--url` (with `--token`), else the folder's running daemon (its local
 * secret, acting as `--as`), else the store opened here under its lock (closed afterwards).
 * Every command of the CLI reaches the API through this one choice.
 */
export async function withTarget<T>(values: Record<string, unknown>, env: NodeJS.ProcessEnv, fn: (target: ApiTarget) => Promise<T>): Promise<T> {
  const dir = resolveDataDir(values.data as string | undefined, env);
  const as = values.as as string | undefined;
  const token = (values.token as string | undefined) || env.CALLBOARD_TOKEN || undefined;
  const url = values.url as string | undefined;
  if (url) {
    if (!token) throw new CallboardError('unauthenticated', '--url needs --token (or $CALLBOARD_TOKEN)');
    const remote = { url, token };
    return fn({ kind: 'remote', remote, call: (p, i) => callDaemon(remote, p, i) });
  }
  const daemon = readDaemonInfo(dir);
  if (daemon) {
    const remote = token ? { url: daemon.url, token } : localTarget(daemon, as);
    return fn({ kind: 'remote', remote, call: (p, i) => callDaemon(remote, p, i) });
  }
  if (!fs.existsSync(path.join(dir, 'callboard.db'))) {
    throw new CallboardError('not_found', `No Callboard store in ${dir}. Create one with \`callboard init\` or \`callboard demo\`.`);
  }
  const app = await openApp({ dataDir: dir, clock: systemClock, create: false });
  try {
    let principal: Principal;
    if (token) {
      const info = app.services.tokens.verify(token);
      if (!info) throw new CallboardError('unauthenticated', 'The token is unknown or revoked');
      principal = app.localPrincipal(info.userId, 'token');
    } else {
      principal = app.localPrincipal(resolveLocalUser(app, as), 'local');
    }
    return await fn({ kind: 'local', app, principal, call: (p, i) => app.dispatcher.call(principal, p, i) });
  } finally {
    app.close();
  }
}
