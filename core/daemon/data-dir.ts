import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The operating system's per-user data folder for Callboard. */
export function defaultDataRoot(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(os.homedir(), 'AppData', 'Roaming'), 'Callboard');
  if (platform === 'darwin') return path.join(os.homedir(), 'Library', 'Application Support', 'Callboard');
  return path.join(env.XDG_DATA_HOME ?? path.join(os.homedir(), '.local', 'share'), 'callboard');
}

/** `--data DIR`, else $CALLBOARD_DATA, else the per-user data folder. */
export function resolveDataDir(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(flag ?? env.CALLBOARD_DATA ?? path.join(defaultDataRoot(env), 'store'));
}

export const DAEMON_FILE = 'daemon.json';

export interface DaemonInfo {
  pid: number;
  url: string;
  port: number;
  host: string;
  localSecret: string;
  startedAt: string;
}

export function writeDaemonInfo(dir: string, info: DaemonInfo): void {
  const file = path.join(dir, DAEMON_FILE);
  fs.writeFileSync(file, JSON.stringify(info, null, 2), { mode: 0o600 });
}

export function removeDaemonInfo(dir: string, pid: number): void {
  const info = readDaemonInfo(dir);
  if (info && info.pid === pid) fs.rmSync(path.join(dir, DAEMON_FILE), { force: true });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The running daemon of a data folder, if its process is alive. */
export function readDaemonInfo(dir: string): DaemonInfo | undefined {
  try {
    const info = JSON.parse(fs.readFileSync(path.join(dir, DAEMON_FILE), 'utf8')) as DaemonInfo;
    return typeof info.pid === 'number' && alive(info.pid) ? info : undefined;
  } catch {
    return undefined;
  }
}
