import fs from 'node:fs';
import path from 'node:path';
import type { ParseArgsConfig } from 'node:util';
import { openApp } from '../api/app.ts';
import { isCompanyInitialized } from '../api/setup.ts';
import { systemClock } from '../clock.ts';
import { CallboardError } from '../errors.ts';
import { restoreStore } from '../sync/backup.ts';

/**
 * The sync commands of the `callboard` CLI: `sync`, `device`, `backup`, `restore`. Built by
 * cli.ts with its helpers, so they behave like every other command (--data, --json, against a
 * running daemon when there is one).
 */
interface IoLike {
  out(line: string): void;
  err(line: string): void;
  env: NodeJS.ProcessEnv;
  untilStopped: () => Promise<string>;
}

type Values = Record<string, string | boolean | undefined>;
type Call = (procedure: string, input: unknown) => Promise<unknown>;

interface Deps {
  common: ParseArgsConfig['options'];
  withApi: <T>(values: Record<string, unknown>, io: IoLike, fn: (call: Call) => Promise<T>) => Promise<T>;
  dataDirOf: (values: Record<string, unknown>, io: IoLike) => string;
  printJson: (io: IoLike, value: unknown) => void;
}

interface CommandLike {
  summary: string;
  usage: string;
  options: ParseArgsConfig['options'];
  run(values: Values, positionals: string[], io: IoLike): Promise<void>;
}

function required(values: Values, name: string): string {
  const v = values[name];
  if (typeof v !== 'string' || v.trim() === '') throw new CallboardError('invalid', `--${name} is required`, { field: name });
  return v;
}

export function syncCommands({ common, withApi, dataDirOf, printJson }: Deps): Record<string, CommandLike> {
  const api = { ...common, as: { type: 'string' }, url: { type: 'string' }, token: { type: 'string' } } as const;
  return {
    sync: {
      summary: 'Sync with a peer (a daemon or a laptop) now: callboard sync --peer callboard-sync://HOST:PORT; --stay keeps it connected and reconnects after restarts',
      usage: 'callboard sync --peer URL [--stay] [--data DIR]',
      options: { ...common, as: { type: 'string' }, peer: { type: 'string' }, stay: { type: 'boolean', default: false } },
      async run(values, _pos, io) {
        const url = required(values, 'peer');
        const r = (await withApi(values, io, (call) => call('sync.connect', { url, via: 'daemon', ...(values.stay === true ? { stay: true } : {}) }))) as {
          peer: { name: string; userId: string } | null; idle: boolean; state: string; detail: string; stats: { sentChanges: number; receivedChanges: number; rejectedByPeer: number; rejectedFromPeer: number };
        };
        if (values.json) printJson(io, r);
        else {
          io.out(`synced with ${r.peer?.name ?? url}: sent ${r.stats.sentChanges} change(s), received ${r.stats.receivedChanges}${r.idle ? '' : ' (not finished before the timeout)'}`);
          if (r.stats.rejectedByPeer + r.stats.rejectedFromPeer > 0) io.out(`refused: ${r.stats.rejectedByPeer} by the peer, ${r.stats.rejectedFromPeer} from it — see \`callboard call sync.securityEvents\``);
          if (r.state !== 'connected') io.out(`state: ${r.state}${r.detail ? ` (${r.detail})` : ''}`);
          if (values.stay === true) io.out(`remembered ${url}: reconnected to after restarts until \`callboard call sync.peers.forget '{"url": "${url}"}'\``);
        }
      },
    },
    device: {
      summary: 'Enrolled devices: invite, enroll, list, rename, revoke',
      usage:
        'callboard device invite --user NAME [--name LABEL] [--ttl MINUTES] [--sync-url URL] | device enroll --code CODE --url URL [--name LABEL] --data NEW_DIR | device list | device rename ID NAME | device revoke ID',
      options: { ...api, user: { type: 'string' }, name: { type: 'string' }, ttl: { type: 'string' }, code: { type: 'string' }, key: { type: 'string' }, 'sync-url': { type: 'string' } },
      async run(values, positionals, io) {
        const [sub, a, b] = positionals;
        if (sub === 'invite') {
          const r = (await withApi(values, io, (call) =>
            call('sync.invites.create', {
              user: required(values, 'user'),
              ...(values.name ? { deviceName: values.name } : {}),
              ...(values.ttl ? { ttlMinutes: Number(values.ttl) } : {}),
              ...(values['sync-url'] ? { url: values['sync-url'] } : {}),
            }),
          )) as { code: string; expiresAt: number; userName: string; deviceName: string; link: string };
          if (values.json) printJson(io, r);
          else io.out(`invite for ${r.userName} (${r.deviceName})\ncode: ${r.code}\nexpires: ${new Date(r.expiresAt).toISOString()}\nlink: ${r.link}\nOn the new device: callboard device enroll --code ${r.code} --url <this daemon's sync address> --data <new folder>`);
        } else if (sub === 'enroll') {
          const code = required(values, 'code');
          const url = required(values, 'url');
          const dir = dataDirOf(values, io);
          const app = await openApp({ dataDir: dir, clock: systemClock });
          try {
            if (isCompanyInitialized(app.store)) throw new CallboardError('conflict', `${dir} already holds a company; enroll into a new folder`, { field: 'data' });
            // The same path as the app's Join a company screen: sync.join, as this device's own CLI.
            const invite = values.key ? `callboard://enroll?code=${encodeURIComponent(code)}&key=${encodeURIComponent(String(values.key))}` : code;
            const r = (await app.dispatcher.call(app.setupPrincipal(), 'sync.join', { invite, url })) as { deviceId: string; deviceName: string; userId: string; userName: string; documents: number; complete: boolean };
            for (const s of app.services.sync.sessions) s.close('enrolled');
            if (values.json) printJson(io, { data: dir, deviceId: r.deviceId, userId: r.userId, documents: r.documents, complete: r.complete });
            else io.out(`enrolled ${r.deviceId} as ${r.deviceName} for ${r.userName} in ${dir}; ${r.documents} document(s) synced${r.complete ? '' : ' (catch-up not finished; run `callboard sync`)'}`);
          } finally {
            app.close();
          }
        } else if (sub === 'list') {
          const list = (await withApi(values, io, (call) => call('sync.devices.list', {}))) as Array<{ id: string; name: string; userName: string; revokedAt: number | null; self: boolean }>;
          if (values.json) printJson(io, list);
          else for (const d of list) io.out(`${d.id}  ${d.name}  (${d.userName})${d.self ? '  [this device]' : ''}${d.revokedAt !== null ? `  REVOKED ${new Date(d.revokedAt).toISOString()}` : ''}`);
        } else if (sub === 'rename') {
          if (!a || !b) throw new CallboardError('invalid', 'Use `callboard device rename ID NAME`');
          printJson(io, await withApi(values, io, (call) => call('sync.devices.rename', { deviceId: a, name: b })));
        } else if (sub === 'revoke') {
          if (!a) throw new CallboardError('invalid', 'Use `callboard device revoke ID`');
          printJson(io, await withApi(values, io, (call) => call('sync.devices.revoke', { deviceId: a })));
        } else {
          throw new CallboardError('invalid', 'Use `callboard device invite|enroll|list|rename|revoke`');
        }
      },
    },
    backup: {
      summary: 'Write a consistent snapshot of the store (works while the daemon runs)',
      usage: 'callboard backup --out FILE [--data DIR]',
      options: { ...common, as: { type: 'string' }, out: { type: 'string' } },
      async run(values, _pos, io) {
        const out = path.resolve(required(values, 'out'));
        if (fs.existsSync(out)) throw new CallboardError('conflict', `${out} already exists; choose a new file name`, { field: 'out' });
        // The replica writes into its own backups folder; this machine's CLI then moves the
        // file where it was asked (a daemon elsewhere keeps it in its backups folder).
        const made = (await withApi(values, io, (call) => call('sync.backup', { name: `cli-${process.pid}-${path.basename(out).replace(/[^A-Za-z0-9._-]/g, '_')}` }))) as {
          file: string;
          bytes: number;
          documents: number;
          digest: string;
        };
        let r = made;
        if (fs.existsSync(made.file)) {
          fs.copyFileSync(made.file, out);
          fs.chmodSync(out, 0o600);
          fs.rmSync(made.file);
          r = { ...made, file: out };
        }
        if (values.json) printJson(io, r);
        else io.out(`backup: ${r.file} (${r.documents} documents, ${r.bytes} bytes, digest ${r.digest.slice(0, 16)})`);
      },
    },
    restore: {
      summary: 'Restore a backup into a new data folder and check it is identical',
      usage: 'callboard restore --in FILE --data DIR',
      options: { ...common, in: { type: 'string' } },
      async run(values, _pos, io) {
        const file = required(values, 'in');
        const dir = path.resolve(required(values, 'data'));
        if (fs.existsSync(path.join(dir, 'daemon.json'))) throw new CallboardError('conflict', `A daemon serves ${dir}; stop it and restore into a new folder`);
        const r = restoreStore(file, dir);
        if (values.json) printJson(io, r);
        else io.out(`restored ${r.documents} documents into ${r.dir}; identical to the backup (digest ${r.digest.slice(0, 16)}). This folder is a new device: enroll it (and revoke the lost one).`);
      },
    },
  };
}
