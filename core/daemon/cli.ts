#!/usr/bin/env node
/**
 * The `callboard` command. Every command takes `--data DIR` (default $CALLBOARD_DATA, else
 * the per-user data folder) and `--json`. With a daemon running on that folder, commands
 * talk to it; otherwise they open the store themselves under its exclusive lock.
 * Exit status 0 on success; otherwise non-zero with `error: <code>: <message>` on stderr.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { openApp, type App } from '../api/app.ts';
import { isCompanyInitialized, initCompany } from '../api/setup.ts';
import type { ProxyAuthConfig } from '../auth/proxy.ts';
import { systemClock } from '../clock.ts';
import { CallboardError, toCallboardError, type ErrorCode } from '../errors.ts';
import { resolveLocalUser } from './auth.ts';
import { readDaemonInfo, removeDaemonInfo, resolveDataDir, defaultDataRoot, writeDaemonInfo } from './data-dir.ts';
import { seedDemo, DEMO_COMPANY } from './demo.ts';
import { MEDIA_OPTIONS, MEDIA_USAGE, runMediaCommand } from './media-cli.ts';
import { startServer } from './server.ts';
import { withTarget, type Call } from './target.ts';
import { startSyncServer } from './sync-server.ts';
import { syncCommands } from './sync-commands.ts';
import { writeSiteTo } from './site-export.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const RENDERER_DIR = path.resolve(here, '../../dist/renderer');
export const DEFAULT_PORT = 4820;

export const EXIT_CODES: Record<ErrorCode, number> = {
  invalid: 2,
  unauthenticated: 3,
  forbidden: 4,
  not_found: 5,
  conflict: 6,
  sold_out: 6,
  too_large: 2,
  rate_limited: 7,
  unavailable: 8,
  incompatible: 9,
  internal: 1,
};

const common = {
  data: { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const satisfies ParseArgsConfig['options'];

interface Command {
  summary: string;
  usage: string;
  options: ParseArgsConfig['options'];
  run(values: Record<string, string | boolean | undefined>, positionals: string[], io: Io): Promise<void>;
}

export interface Io {
  out(line: string): void;
  err(line: string): void;
  env: NodeJS.ProcessEnv;
  /** Resolves when the command should stop serving (signals in the real CLI, tests call it). */
  untilStopped: () => Promise<string>;
}

/** The sign-on proxy settings: {trustedProxies, userHeader, emailHeader, groupsHeader, groupRoleMap}. */
function readProxyConfig(file: string): ProxyAuthConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new CallboardError('invalid', `--proxy-config: cannot read ${file} as JSON: ${(err as Error).message}`);
  }
  const r = raw as Partial<ProxyAuthConfig>;
  if (!Array.isArray(r.trustedProxies) || typeof r.userHeader !== 'string' || typeof r.groupRoleMap !== 'object' || r.groupRoleMap === null) {
    throw new CallboardError('invalid', '--proxy-config needs trustedProxies (IP addresses), userHeader, emailHeader, groupsHeader and groupRoleMap');
  }
  return { emailHeader: 'x-forwarded-email', groupsHeader: 'x-forwarded-groups', ...r } as ProxyAuthConfig;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

function printJson(io: Io, value: unknown): void {
  io.out(JSON.stringify(value, null, 2));
}

function dataDirOf(values: Record<string, unknown>, io: Io): string {
  return resolveDataDir(values.data as string | undefined, io.env);
}

/** Runs `fn` against the folder's daemon if one runs, else against the store opened here. */
function withApi<T>(values: Record<string, unknown>, io: Io, fn: (call: Call) => Promise<T>): Promise<T> {
  return withTarget(values, io.env, (target) => fn(target.call));
}

async function serveApp(app: App, dir: string, values: Record<string, unknown>, io: Io, banner: (url: string) => void): Promise<void> {
  const port = values.port === undefined ? DEFAULT_PORT : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CallboardError('invalid', `--port must be 0-65535, got ${String(values.port)}`);
  const host = (values.host as string | undefined) ?? '127.0.0.1';
  const localSecret = randomBytes(32).toString('base64url');
  const log = (line: string) => io.out(`${new Date(app.clock.now()).toISOString()} ${line}`);
  const server = await startServer({ app, host, port, localSecret, rendererDir: RENDERER_DIR, log });
  const syncPort = values['sync-port'] === undefined ? (port === 0 ? 0 : port + 1) : Number(values['sync-port']);
  if (!Number.isInteger(syncPort) || syncPort < 0 || syncPort > 65535) throw new CallboardError('invalid', `--sync-port must be 0-65535, got ${String(values['sync-port'])}`);
  const syncServer = await startSyncServer({ app, host, port: syncPort, lan: values.lan === true, log });
  writeDaemonInfo(dir, { pid: process.pid, url: server.url, port: server.port, host, localSecret, startedAt: new Date(app.clock.now()).toISOString() });
  banner(server.url);
  const signal = await io.untilStopped();
  io.out(`${new Date(app.clock.now()).toISOString()} ${signal}: shutting down`);
  await syncServer.close();
  await server.close();
  removeDaemonInfo(dir, process.pid);
  app.close();
  io.out(`${new Date(app.clock.now()).toISOString()} stopped; store closed cleanly`);
}

const commands: Record<string, Command> = {
  ...syncCommands({ common, withApi, dataDirOf, printJson }),
  site: {
    summary: 'Build the website: into --out DIR, or into the data folder (served by the daemon at /site/)',
    usage: 'callboard site build [--out DIR] [--data DIR] [--as USER] [--url URL --token TOKEN]',
    options: { ...common, out: { type: 'string' }, as: { type: 'string' }, url: { type: 'string' }, token: { type: 'string' } },
    async run(values, positionals, io) {
      if (positionals[0] !== 'build') throw new CallboardError('invalid', 'Use `callboard site build [--out DIR]`');
      const out = values.out as string | undefined;
      if (!out) {
        const r = (await withApi(values, io, (call) => call('site.build', {}))) as { dir: string; files: number; pages: number; productions: number; media: number };
        if (values.json) printJson(io, r);
        else io.out(`Built the website in ${r.dir}: ${r.pages} pages, ${r.productions} productions, ${r.files} files, ${r.media} media files`);
        return;
      }
      const r = await withApi(values, io, (call) => writeSiteTo(path.resolve(out), call));
      if (values.json) printJson(io, r);
      else io.out(`Built the website in ${r.dir}: ${r.pages} pages, ${r.productions} productions, ${r.files} files, ${r.media} media files${r.missingMedia ? ` (${r.missingMedia} media files not on this replica)` : ''}`);
    },
  },
  calendar: {
    summary: 'Calendar: export (iCalendar, CSV, JSON) and iCalendar import with preview',
    usage: [
      'callboard calendar export --format ical|csv|json (--production ID | --venue ID | --person ID | --public | --all) [--from DATE --to DATE] [--out FILE]',
      '       callboard calendar import FILE --production ID [--time-zone ZONE] [--confirm] [--skip-invalid]',
    ].join('\n'),
    options: {
      ...common, as: { type: 'string' }, url: { type: 'string' }, token: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' },
      production: { type: 'string' }, venue: { type: 'string' }, person: { type: 'string' }, public: { type: 'boolean', default: false }, all: { type: 'boolean', default: false },
      from: { type: 'string' }, to: { type: 'string' }, 'time-zone': { type: 'string' }, confirm: { type: 'boolean', default: false }, 'skip-invalid': { type: 'boolean', default: false },
    },
    async run(values, positionals, io) {
      const [sub, file] = positionals;
      if (sub === 'export') {
        const picked = (['production', 'venue', 'person', 'public', 'all'] as const).filter((k) => values[k]);
        if (picked.length !== 1) throw new CallboardError('invalid', 'Choose one of --production ID, --venue ID, --person ID, --public or --all', { field: 'kind' });
        const kind = picked[0]!;
        const format = (values.format as string | undefined) ?? 'ical';
        const r = (await withApi(values, io, (call) =>
          call('calendar.export', {
            format,
            kind,
            ...(kind === 'production' || kind === 'venue' || kind === 'person' ? { id: values[kind] } : {}),
            ...(values.from ? { from: values.from } : {}),
            ...(values.to ? { to: values.to } : {}),
            ...(values['time-zone'] ? { timeZone: values['time-zone'] } : {}),
          }),
        )) as { content: string; events: number; occurrences?: number };
        if (!values.out) return io.out(r.content.replace(/\r?\n$/, ''));
        fs.writeFileSync(String(values.out), r.content);
        io.err(`wrote ${r.events} events${r.occurrences !== undefined ? ` (${r.occurrences} occurrences)` : ''} to ${String(values.out)}`);
      } else if (sub === 'import') {
        if (!file) throw new CallboardError('invalid', 'Name the .ics file to import', { field: 'file' });
        if (!values.production) throw new CallboardError('invalid', '--production is required', { field: 'production' });
        const input = { productionId: values.production, ics: fs.readFileSync(file, 'utf8'), ...(values['time-zone'] ? { timeZone: values['time-zone'] } : {}) };
        if (!values.confirm) {
          const p = (await withApi(values, io, (call) => call('calendar.importPreview', input))) as {
            events: Array<{ title: string; start: string; timeZone: string; rule: unknown }>;
            issues: Array<{ line: number; message: string }>;
            conflicts: Array<{ message: string; start: string }>;
          };
          if (values.json) return printJson(io, p);
          for (const e of p.events) io.out(`new: ${e.start.replace('T', ' ')} ${e.timeZone}  ${e.title}${e.rule ? '  (repeats)' : ''}`);
          for (const i of p.issues) io.out(`line ${i.line}: ${i.message}`);
          for (const c of p.conflicts) io.out(`conflict ${c.start.replace('T', ' ')}: ${c.message}`);
          io.out(`Preview (nothing written): ${p.events.length} events to import, ${p.issues.length} problems, ${p.conflicts.length} conflicts. Pass --confirm to import${p.issues.length ? ' (and --skip-invalid to leave out the problems)' : ''}.`);
          return;
        }
        const r = (await withApi(values, io, (call) => call('calendar.import', { ...input, confirm: true, skipInvalid: values['skip-invalid'] }))) as { imported: unknown[]; skipped: unknown[]; conflicts: unknown[] };
        if (values.json) return printJson(io, r);
        io.out(`Imported ${r.imported.length} events (${r.skipped.length} skipped, ${r.conflicts.length} conflicts)`);
      } else {
        throw new CallboardError('invalid', 'Use `callboard calendar export|import`');
      }
    },
  },
  daemon: {
    summary: 'Run headless: open the store and serve the API (HTTP, WebSocket) and the app',
    usage: 'callboard daemon [--data DIR] [--port N] [--host ADDR] [--sync-port N] [--lan] [--proxy-config FILE]',
    options: { ...common, port: { type: 'string' }, host: { type: 'string' }, 'sync-port': { type: 'string' }, lan: { type: 'boolean', default: false }, 'proxy-config': { type: 'string' } },
    async run(values, _pos, io) {
      const dir = dataDirOf(values, io);
      const running = readDaemonInfo(dir);
      if (running) throw new CallboardError('conflict', `A daemon already serves ${dir} at ${running.url} (pid ${running.pid})`);
      const proxy = values['proxy-config'] ? readProxyConfig(String(values['proxy-config'])) : undefined;
      const app = await openApp({
        dataDir: dir,
        clock: systemClock,
        ...(proxy ? { proxy } : {}),
        onInternalError: (p, e) => io.err(`internal error in ${p}: ${(e as Error)?.stack ?? String(e)}`),
      });
      try {
        if (!isCompanyInitialized(app.store)) io.err(`warning: ${dir} holds no company yet; create one with \`callboard init\``);
        await serveApp(app, dir, values, io, (url) => io.out(`Callboard daemon serving ${dir}\nurl: ${url}`));
      } catch (err) {
        app.close();
        throw err;
      }
    },
  },
  demo: {
    summary: 'Create a data folder with the Riverside Players demo company and serve it',
    usage: 'callboard demo [--data DIR] [--port N] [--no-serve] [--reset]',
    options: { ...common, port: { type: 'string' }, host: { type: 'string' }, 'no-serve': { type: 'boolean', default: false }, reset: { type: 'boolean', default: false } },
    async run(values, _pos, io) {
      const dir = path.resolve((values.data as string | undefined) ?? io.env.CALLBOARD_DATA ?? path.join(defaultDataRoot(io.env), 'demo'));
      const running = readDaemonInfo(dir);
      if (running) throw new CallboardError('conflict', `A daemon already serves ${dir} at ${running.url} (pid ${running.pid}); stop it first`);
      if (values.reset) fs.rmSync(dir, { recursive: true, force: true });
      const app = await openApp({ dataDir: dir, clock: systemClock });
      try {
        let adminId: string;
        if (isCompanyInitialized(app.store)) {
          adminId = resolveLocalUser(app, undefined);
          io.err(`Using the existing demo store in ${dir} (pass --reset to start over)`);
        } else {
          io.err(`Creating the ${DEMO_COMPANY.name} demo in ${dir}…`);
          adminId = (await seedDemo(app)).adminId;
        }
        const { token } = app.services.tokens.create(adminId, 'demo sign-in');
        if (values['no-serve']) {
          if (values.json) printJson(io, { data: dir, token });
          else io.out(`data: ${dir}\ntoken: ${token}`);
          app.close();
          return;
        }
        await serveApp(app, dir, values, io, (url) => {
          io.out(`${DEMO_COMPANY.name} demo is running.\ndata: ${dir}\nurl: ${url}\ntoken: ${token}\nOpen ${url}#token=${token} to sign in as the company manager. Ctrl+C stops it.`);
        });
      } catch (err) {
        if (!app.store.closed) app.close();
        throw err;
      }
    },
  },
  init: {
    summary: 'Create a new company in an empty data folder',
    usage: 'callboard init --company NAME --admin NAME --email EMAIL [--time-zone ZONE] [--data DIR]',
    options: { ...common, company: { type: 'string' }, admin: { type: 'string' }, email: { type: 'string' }, 'time-zone': { type: 'string' } },
    async run(values, _pos, io) {
      for (const f of ['company', 'admin', 'email'] as const) {
        if (!values[f]) throw new CallboardError('invalid', `--${f} is required`, { field: f });
      }
      const dir = dataDirOf(values, io);
      const app = await openApp({ dataDir: dir, clock: systemClock });
      try {
        const company = String(values.company);
        const { adminId } = initCompany(app.store, {
          company: { name: company, shortName: company.slice(0, 40), city: '', timeZone: (values['time-zone'] as string | undefined) ?? 'UTC', website: '', email: '' },
          admin: { name: String(values.admin), email: String(values.email) },
        });
        const { token } = app.services.tokens.create(adminId, 'first admin');
        if (values.json) printJson(io, { data: dir, adminId, token });
        else io.out(`Created ${company} in ${dir}\nadmin: ${String(values.admin)} (${adminId})\ntoken: ${token}`);
      } finally {
        app.close();
      }
    },
  },
  call: {
    summary: 'Call an API procedure and print its JSON result',
    usage: "callboard call <procedure> ['<json input>'] [--data DIR] [--as USER] [--url URL --token TOKEN]",
    options: { ...common, as: { type: 'string' }, url: { type: 'string' }, token: { type: 'string' } },
    async run(values, positionals, io) {
      const [procedure, json] = positionals;
      if (!procedure) throw new CallboardError('invalid', 'Name the procedure to call, e.g. `callboard call org.get`');
      let input: unknown = {};
      if (json !== undefined) {
        try {
          input = JSON.parse(json);
        } catch {
          throw new CallboardError('invalid', 'The input is not valid JSON');
        }
      }
      printJson(io, await withApi(values, io, (call) => call(procedure, input)));
    },
  },
  describe: {
    summary: 'List every API procedure with its input JSON Schema',
    usage: 'callboard describe [--data DIR] [--url URL --token TOKEN]',
    options: { ...common, as: { type: 'string' }, url: { type: 'string' }, token: { type: 'string' } },
    async run(values, _pos, io) {
      printJson(io, await withApi(values, io, (call) => call('system.describe', {})));
    },
  },
  reindex: {
    summary: 'Rebuild every projection (query table) from the documents',
    usage: 'callboard reindex [--data DIR]',
    options: { ...common, as: { type: 'string' } },
    async run(values, _pos, io) {
      const result = (await withApi(values, io, (call) => call('system.reindex', {}))) as { documents: number };
      if (values.json) printJson(io, result);
      else io.out(`Reindexed projections from ${result.documents} documents`);
    },
  },
  user: {
    summary: 'Manage users: list, create, assign or unassign a role, suspend, activate, set a password',
    usage:
      'callboard user list | create --name NAME --email EMAIL [--role ROLE]... | assign --user U --role R | unassign --user U --role R | suspend --user U | activate --user U | password --user U (reads the new password from stdin)',
    options: { ...common, as: { type: 'string' }, name: { type: 'string' }, email: { type: 'string' }, role: { type: 'string', multiple: true }, user: { type: 'string' } },
    async run(values, positionals, io) {
      const [sub] = positionals;
      const role = (values.role as unknown as string[] | undefined) ?? [];
      const need = (field: 'user' | 'name' | 'email') => {
        if (!values[field]) throw new CallboardError('invalid', `--${field} is required`, { field });
        return String(values[field]);
      };
      const calls: Record<string, () => [string, unknown]> = {
        list: () => ['users.list', {}],
        create: () => ['users.create', { name: need('name'), email: need('email'), roles: role }],
        assign: () => ['users.assignRole', { userId: need('user'), roleId: role[0] ?? '' }],
        unassign: () => ['users.unassignRole', { userId: need('user'), roleId: role[0] ?? '' }],
        suspend: () => ['users.setStatus', { userId: need('user'), status: 'suspended' }],
        activate: () => ['users.setStatus', { userId: need('user'), status: 'active' }],
      };
      if (sub === 'password') {
        const password = (await readStdin()).replace(/\r?\n$/, '');
        printJson(io, await withApi(values, io, (call) => call('users.setPassword', { userId: need('user'), password })));
        return;
      }
      const make = sub ? calls[sub] : undefined;
      if (!make) throw new CallboardError('invalid', `Use \`callboard user ${Object.keys(calls).join('|')}|password\``);
      const [procedure, input] = make();
      printJson(io, await withApi(values, io, (call) => call(procedure, input)));
    },
  },
  role: {
    summary: 'Manage roles and their grants; explain a decision',
    usage:
      'callboard role list | create --id ID --name NAME [--parent ROLE]... | parents --id ID [--parent ROLE]... | delete --id ID | grant --id ROLE --action A --scope S [--deny] | revoke --grant GRANT_ID | explain --user U --action A --scope S',
    options: {
      ...common,
      as: { type: 'string' },
      id: { type: 'string' },
      name: { type: 'string' },
      parent: { type: 'string', multiple: true },
      action: { type: 'string' },
      scope: { type: 'string' },
      deny: { type: 'boolean', default: false },
      grant: { type: 'string' },
      user: { type: 'string' },
    },
    async run(values, positionals, io) {
      const [sub] = positionals;
      const parents = (values.parent as unknown as string[] | undefined) ?? [];
      const need = (field: string) => {
        if (!values[field]) throw new CallboardError('invalid', `--${field} is required`, { field });
        return String(values[field]);
      };
      const calls: Record<string, () => [string, unknown]> = {
        list: () => ['policy.get', {}],
        create: () => ['roles.create', { id: need('id'), name: need('name'), parents }],
        parents: () => ['roles.setParents', { roleId: need('id'), parents }],
        delete: () => ['roles.delete', { roleId: need('id') }],
        grant: () => ['grants.add', { roleId: need('id'), action: need('action'), scope: need('scope'), effect: values.deny ? 'deny' : 'allow' }],
        revoke: () => ['grants.remove', { grantId: need('grant') }],
        explain: () => ['auth.explain', { userId: need('user'), action: need('action'), scope: need('scope') }],
      };
      const make = sub ? calls[sub] : undefined;
      if (!make) throw new CallboardError('invalid', `Use \`callboard role ${Object.keys(calls).join('|')}\``);
      const [procedure, input] = make();
      const result = await withApi(values, io, (call) => call(procedure, input));
      if (sub === 'explain' && !values.json) {
        const r = result as { decision: { allowed: boolean; reason: string }; matches: Array<{ effect: string; action: string; scope: string; roleNames: string[]; decisive: boolean }> };
        io.out(`${r.decision.allowed ? 'ALLOWED' : 'DENIED'}: ${r.decision.reason}`);
        for (const m of r.matches) io.out(`${m.decisive ? '* ' : '  '}${m.effect} ${m.action} on ${m.scope} via ${m.roleNames.join(' > ')}`);
        return;
      }
      printJson(io, result);
    },
  },
  audit: {
    summary: 'Read, verify and export the audit trail',
    usage: 'callboard audit list [--user U] [--role R] [--scope S] [--action A] [--outcome ok|denied] [--limit N] | verify | export --format csv|json [--out FILE]',
    options: {
      ...common,
      as: { type: 'string' },
      user: { type: 'string' },
      role: { type: 'string' },
      scope: { type: 'string' },
      action: { type: 'string' },
      outcome: { type: 'string' },
      limit: { type: 'string' },
      format: { type: 'string' },
      out: { type: 'string' },
    },
    async run(values, positionals, io) {
      const [sub] = positionals;
      const filters = Object.fromEntries(
        (['role', 'scope', 'action', 'outcome'] as const).filter((k) => values[k] !== undefined).map((k) => [k, values[k]]),
      );
      if (values.user) filters.userId = values.user;
      if (sub === 'list') {
        const limit = values.limit === undefined ? 50 : Number(values.limit);
        printJson(io, await withApi(values, io, (call) => call('audit.list', { ...filters, limit })));
      } else if (sub === 'verify') {
        const result = (await withApi(values, io, (call) => call('audit.verify', {}))) as { ok: boolean; entries: number; problems: Array<{ deviceId: string; seq: number; problem: string }> };
        if (values.json) printJson(io, result);
        else {
          io.out(result.ok ? `Audit trail intact: ${result.entries} entries verified` : `Audit trail BROKEN (${result.entries} entries):`);
          for (const p of result.problems) io.out(`  device ${p.deviceId}, entry ${p.seq}: ${p.problem}`);
        }
        if (!result.ok) throw new CallboardError('conflict', 'The audit trail has been tampered with');
      } else if (sub === 'export') {
        const format = (values.format as string | undefined) ?? 'csv';
        const result = (await withApi(values, io, (call) => call('audit.export', { ...filters, format }))) as { body: string; count: number; filename: string };
        if (values.out) {
          fs.writeFileSync(String(values.out), result.body);
          io.err(`Wrote ${result.count} entries to ${String(values.out)}`);
        } else io.out(result.body);
      } else {
        throw new CallboardError('invalid', 'Use `callboard audit list|verify|export`');
      }
    },
  },
  media: {
    summary: 'Production media: verify and repair blobs, upload files, import a folder',
    usage: MEDIA_USAGE,
    options: { ...common, as: { type: 'string' }, url: { type: 'string' }, token: { type: 'string' }, ...MEDIA_OPTIONS },
    run: (values, positionals, io) => runMediaCommand(values, positionals, io, withApi),
  },
  token: {
    summary: 'Create, list or revoke API tokens',
    usage: 'callboard token create --user NAME [--name LABEL] | callboard token list | callboard token revoke ID',
    options: { ...common, user: { type: 'string' }, name: { type: 'string' }, as: { type: 'string' } },
    async run(values, positionals, io) {
      const [sub, arg] = positionals;
      if (sub === 'create') {
        if (!values.user) throw new CallboardError('invalid', '--user is required', { field: 'user' });
        const result = (await withApi(values, io, (call) =>
          call('tokens.create', { user: values.user, ...(values.name ? { name: values.name } : {}) }),
        )) as { token: string; id: string; userId: string };
        if (values.json) printJson(io, result);
        else io.out(`token: ${result.token}\n(id ${result.id}; shown once, keep it safe)`);
      } else if (sub === 'list') {
        printJson(io, await withApi(values, io, (call) => call('tokens.list', {})));
      } else if (sub === 'revoke') {
        if (!arg) throw new CallboardError('invalid', 'Name the token id to revoke');
        printJson(io, await withApi(values, io, (call) => call('tokens.revoke', { id: arg })));
      } else {
        throw new CallboardError('invalid', 'Use `callboard token create|list|revoke`');
      }
    },
  },
  tickets: {
    summary: 'Box office: seat map SVG, sales report CSV, import outside sales, export availability',
    usage: [
      'callboard tickets map --performance ID --out FILE.svg',
      '       callboard tickets report (--performance ID | --production ID | --season S) [--out FILE.csv]',
      '       callboard tickets import FILE --performance ID --platform NAME [--mapping JSON]',
      '       callboard tickets export --performance ID [--format json|csv] [--channel external:NAME] [--out FILE]',
    ].join('\n'),
    options: {
      ...common, as: { type: 'string' }, url: { type: 'string' }, token: { type: 'string' }, performance: { type: 'string' }, production: { type: 'string' },
      season: { type: 'string' }, out: { type: 'string' }, platform: { type: 'string' }, mapping: { type: 'string' }, format: { type: 'string' }, channel: { type: 'string' },
    },
    async run(values, positionals, io) {
      const [sub, file] = positionals;
      const need = (name: string) => {
        if (!values[name]) throw new CallboardError('invalid', `--${name} is required`, { field: name });
        return String(values[name]);
      };
      const write = (data: string, what: string) => {
        if (!values.out) return io.out(data);
        fs.writeFileSync(String(values.out), data);
        io.err(`wrote ${what} to ${String(values.out)}`);
      };
      if (sub === 'map') {
        const performanceId = need('performance');
        need('out');
        const r = (await withApi(values, io, (call) => call('performances.mapSvg', { performanceId }))) as { svg: string };
        write(r.svg, `the seat map of ${performanceId}`);
      } else if (sub === 'report') {
        const input = values.performance ? { performanceId: values.performance } : values.production ? { productionId: values.production } : { season: need('season') };
        if (values.json) return printJson(io, await withApi(values, io, (call) => call('tickets.report', input)));
        const r = (await withApi(values, io, (call) => call('tickets.reportCsv', input))) as { csv: string };
        write(r.csv, 'the sales report');
      } else if (sub === 'import') {
        if (!file) throw new CallboardError('invalid', 'Name the file to import', { field: 'file' });
        const performanceId = need('performance');
        const platform = need('platform');
        const text = fs.readFileSync(file, 'utf8');
        let input: Record<string, unknown>;
        if (file.toLowerCase().endsWith('.json')) {
          let parsed: { orders?: unknown };
          try {
            parsed = JSON.parse(text) as { orders?: unknown };
          } catch {
            throw new CallboardError('invalid', `${file} is not valid JSON`, { field: 'file' });
          }
          input = { performanceId, platform, orders: parsed.orders };
        } else {
          let mapping: unknown;
          if (values.mapping) {
            try {
              mapping = JSON.parse(String(values.mapping));
            } catch {
              throw new CallboardError('invalid', '--mapping must be JSON, e.g. {"externalId":"Order Ref",...}', { field: 'mapping' });
            }
          }
          input = { performanceId, platform, csv: text, ...(mapping ? { mapping } : {}) };
        }
        const r = (await withApi(values, io, (call) => call('tickets.import', input))) as { imported: unknown[]; unchanged: unknown[]; conflicts: Array<{ externalId: string; code: string; message: string }> };
        if (values.json) return printJson(io, r);
        for (const c of r.conflicts) io.out(`conflict: ${c.externalId}: ${c.code}: ${c.message}`);
        io.out(`Imported ${r.imported.length} orders from ${platform}; ${r.unchanged.length} were already imported; ${r.conflicts.length} conflicts`);
      } else if (sub === 'export') {
        const performanceId = need('performance');
        const format = (values.format as string | undefined) ?? 'json';
        const r = (await withApi(values, io, (call) => call('tickets.export', { performanceId, format, ...(values.channel ? { channel: values.channel } : {}) }))) as { csv?: string };
        write(r.csv ?? JSON.stringify(r, null, 2), `the availability of ${performanceId}`);
      } else {
        throw new CallboardError('invalid', 'Use `callboard tickets map|report|import|export`');
      }
    },
  },
  directory: {
    summary: 'Cast and crew directory: season program, import, export, search',
    usage: [
      'callboard directory program --production ID --format html|pdf|json --out FILE',
      '       callboard directory import FILE [--format csv|json] [--confirm] [--skip-invalid]',
      '       callboard directory export --format csv|json [--include-contact] [--production ID] [--out FILE]',
      '       callboard directory search [QUERY] [--limit N] [--department D] [--skill S]',
    ].join('\n'),
    options: {
      ...common, as: { type: 'string' }, url: { type: 'string' }, token: { type: 'string' }, production: { type: 'string' }, format: { type: 'string' },
      out: { type: 'string' }, confirm: { type: 'boolean', default: false }, 'skip-invalid': { type: 'boolean', default: false },
      'include-contact': { type: 'boolean', default: false }, limit: { type: 'string' }, department: { type: 'string' }, skill: { type: 'string' },
    },
    async run(values, positionals, io) {
      const [sub, arg] = positionals;
      const write = (data: string | Buffer, what: string) => {
        if (!values.out) return io.out(typeof data === 'string' ? data : data.toString('base64'));
        fs.writeFileSync(String(values.out), data);
        io.err(`wrote ${what} to ${String(values.out)}`);
      };
      if (sub === 'program') {
        if (!values.production) throw new CallboardError('invalid', '--production is required', { field: 'production' });
        const format = (values.format as string | undefined) ?? 'html';
        if (format === 'pdf' && !values.out) throw new CallboardError('invalid', '--out FILE is required for a PDF', { field: 'out' });
        const r = (await withApi(values, io, (call) => call('directory.program', { productionId: values.production, format }))) as { html?: string; base64?: string; program?: unknown };
        if (r.base64 !== undefined) write(Buffer.from(r.base64, 'base64'), 'the PDF program');
        else write(r.html ?? JSON.stringify(r.program, null, 2), `the ${format.toUpperCase()} program`);
      } else if (sub === 'import') {
        if (!arg) throw new CallboardError('invalid', 'Name the file to import', { field: 'file' });
        const format = (values.format as string | undefined) ?? (arg.toLowerCase().endsWith('.json') ? 'json' : 'csv');
        const data = fs.readFileSync(arg, 'utf8');
        const r = (await withApi(values, io, (call) =>
          call('directory.import', { format, data, confirm: values.confirm, skipInvalid: values['skip-invalid'] }),
        )) as { imported: boolean; summary: Record<string, number>; rows: Array<{ row: number; status: string; name: string; errors: Array<{ field: string; message: string }>; possibleDuplicates: Array<{ name: string; reason: string }> }> };
        if (values.json) return printJson(io, r);
        for (const row of r.rows.filter((x) => x.status === 'error' || x.possibleDuplicates.length)) {
          const notes = [...row.errors.map((e) => `${e.field} ${e.message}`), ...row.possibleDuplicates.map((d) => `may be ${d.name} (${d.reason})`)];
          io.out(`row ${row.row} ${row.name || '(no name)'}: ${row.status}: ${notes.join('; ')}`);
        }
        const s = r.summary;
        io.out(`${r.imported ? 'Imported' : 'Preview (nothing written; pass --confirm to import)'}: ${s.rows} rows, ${s.newPeople} new people, ${s.existingPeople} existing, ${s.credits} credits, ${s.errors} rows with errors`);
      } else if (sub === 'export') {
        const r = (await withApi(values, io, (call) =>
          call('directory.export', { format: (values.format as string | undefined) ?? 'csv', includeContact: values['include-contact'], ...(values.production ? { productionId: values.production } : {}) }),
        )) as { data: string; people: number };
        write(r.data, `${r.people} people`);
      } else if (sub === 'search') {
        const r = (await withApi(values, io, (call) =>
          call('directory.search', {
            query: arg ?? '',
            ...(values.limit ? { limit: Number(values.limit) } : {}),
            ...(values.department ? { department: values.department } : {}),
            ...(values.skill ? { skill: values.skill } : {}),
          }),
        )) as { total: number; hits: Array<{ id: string; name: string; stageName: string; fuzzy: boolean }> };
        if (values.json) return printJson(io, r);
        for (const h of r.hits) io.out(`${h.id}  ${h.name}${h.stageName ? ` (${h.stageName})` : ''}${h.fuzzy ? '  ~' : ''}`);
        io.out(`${r.total} found`);
      } else {
        throw new CallboardError('invalid', 'Use `callboard directory program|import|export|search`');
      }
    },
  },
};

function helpText(): string {
  const width = Math.max(...Object.keys(commands).map((c) => c.length));
  return [
    'callboard: the Callboard command-line tool',
    '',
    'Usage: callboard <command> [options]',
    '',
    ...Object.entries(commands).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`),
    '',
    'Every command takes --data DIR (default $CALLBOARD_DATA, else the per-user data folder),',
    '--json, and --help. `callboard <command> --help` shows its options.',
  ].join('\n');
}

function commandHelp(name: string, c: Command): string {
  const opts = Object.entries(c.options ?? {}).map(([k, o]) => `  --${k}${o.type === 'string' ? ' VALUE' : ''}`);
  return [`${c.summary}`, '', `Usage: ${c.usage}`, '', 'Options:', ...opts].join('\n') + (name ? '' : '');
}

/** Runs the CLI; returns the exit status. */
export async function main(argv: string[], io: Io): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(helpText());
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    io.err(`error: invalid: unknown command "${name}"\n\n${helpText()}`);
    return EXIT_CODES.invalid;
  }
  try {
    const { values, positionals } = parseArgs({ args: rest, options: command.options, allowPositionals: true, strict: true });
    if ((values as { help?: boolean }).help) {
      io.out(commandHelp(name, command));
      return 0;
    }
    await command.run(values as Record<string, string | boolean | undefined>, positionals, io);
    return 0;
  } catch (err) {
    const e =
      err instanceof TypeError && (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
        ? new CallboardError('invalid', err.message)
        : toCallboardError(err);
    io.err(`error: ${e.code}: ${e.message}`);
    if (e.code === 'internal' && err instanceof Error && err.stack) io.err(err.stack);
    return EXIT_CODES[e.code];
  }
}

function untilSignal(): Promise<string> {
  return new Promise((resolve) => {
    const on = (sig: NodeJS.Signals) => {
      process.off('SIGINT', on);
      process.off('SIGTERM', on);
      resolve(sig);
    };
    process.on('SIGINT', on);
    process.on('SIGTERM', on);
  });
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain || process.env.CALLBOARD_CLI_MAIN === '1') {
  const status = await main(process.argv.slice(2), {
    out: (l) => process.stdout.write(`${l}\n`),
    err: (l) => process.stderr.write(`${l}\n`),
    env: process.env,
    untilStopped: untilSignal,
  });
  process.exitCode = status;
}
