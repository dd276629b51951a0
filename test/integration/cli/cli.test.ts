import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../core/daemon/cli.ts';
import { writeActionsFor } from '../../../core/sync/write-actions.ts';
import { tempDir } from '../../fixtures/app.ts';

const CLI = path.resolve('bin/callboard.js');

/** Runs the CLI in a child process, as a user would (slow: each run loads the whole program). */
function runProcess(args: string[], env: NodeJS.ProcessEnv = {}) {
  const res = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, CALLBOARD_TOKEN: '', ...env } });
  return { status: res.status, stdout: res.stdout, stderr: res.stderr };
}

/** Runs the CLI's main() in this process with captured output: the same code path, minus process start-up. */
async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const status = await main(args, {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    env: { ...process.env, CALLBOARD_TOKEN: '' },
    untilStopped: () => new Promise<string>(() => undefined),
  });
  return { status, stdout: out.join('\n') + (out.length ? '\n' : ''), stderr: err.join('\n') };
}

/** Like run, without blocking the event loop (so a daemon child's output keeps flowing). */
function runAsync(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, CALLBOARD_TOKEN: '' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

function json<T = Record<string, unknown>>(stdout: string): T {
  return JSON.parse(stdout) as T;
}

describe('callboard CLI without a daemon', () => {
  let root: string;
  let data: string;
  beforeAll(() => {
    root = tempDir('cb-cli-');
    data = path.join(root, 'store');
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('prints help for the tool and for each command', async () => {
    const top = runProcess(['--help']);
    expect(top.status).toBe(0);
    for (const cmd of ['daemon', 'demo', 'init', 'call', 'describe', 'reindex', 'token']) expect(top.stdout).toContain(cmd);
    for (const cmd of ['daemon', 'demo', 'call', 'describe', 'reindex', 'token', 'init']) {
      const help = await run([cmd, '--help']);
      expect(help.status, cmd).toBe(0);
      expect(help.stdout).toContain('Usage: callboard');
      expect(help.stdout).toContain('--data');
    }
  });

  it('exits non-zero with the error code on stderr for an unknown command or option', async () => {
    const res = await run(['teleport']);
    expect(res.status).toBe(2);
    expect(res.stderr).toMatch(/^error: invalid: unknown command "teleport"/);
    const bad = await run(['call', '--bogus']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^error: invalid: /);
  });

  it('says where to start when the folder has no store', async () => {
    const res = await run(['call', 'org.get', '--data', path.join(root, 'empty')]);
    expect(res.status).toBe(5);
    expect(res.stderr).toContain('No Callboard store');
  });

  it('creates a company, then calls procedures, describes the API and reindexes', async () => {
    const init = await run(['init', '--company', 'Lakeside Rep', '--admin', 'Ada Park', '--email', 'ada@example.org', '--data', data, '--json']);
    expect(init.status, init.stderr).toBe(0);
    expect(json(init.stdout).token).toMatch(/^cb_/);

    const again = await run(['init', '--company', 'X', '--admin', 'Y', '--email', 'y@example.org', '--data', data]);
    expect(again.status).toBe(6);
    expect(again.stderr).toContain('error: conflict');

    const org = await run(['call', 'org.get', '--data', data]);
    expect(org.status, org.stderr).toBe(0);
    expect(json<{ company: { name: string } }>(org.stdout).company.name).toBe('Lakeside Rep');

    const upd = await run(['call', 'org.update', '{"city":"Duluth"}', '--data', data]);
    expect(json<{ company: { city: string } }>(upd.stdout).company.city).toBe('Duluth');

    const bad = await run(['call', 'org.update', '{"city": 3}', '--data', data]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^error: invalid: Invalid input: city/);

    const notJson = await run(['call', 'org.update', '{city', '--data', data]);
    expect(notJson.status).toBe(2);
    expect(notJson.stderr).toContain('not valid JSON');

    const described = await run(['describe', '--data', data]);
    const names = json<{ procedures: Array<{ name: string }> }>(described.stdout).procedures.map((p) => p.name);
    expect(names).toContain('org.update');

    const reindex = await run(['reindex', '--data', data, '--json']);
    expect(reindex.status, reindex.stderr).toBe(0);
    expect(json(reindex.stdout)).toHaveProperty('documents');

    const token = await run(['token', 'create', '--user', 'Ada Park', '--data', data]);
    expect(token.stdout).toMatch(/^token: cb_[\w-]+$/m);
    const tok = /^token: (\S+)$/m.exec(token.stdout)![1]!;
    const who = await run(['call', 'session.whoami', '--data', data, '--token', tok]);
    expect(json<{ via: string }>(who.stdout).via).toBe('token');
    const unknownUser = await run(['token', 'create', '--user', 'Nobody', '--data', data]);
    expect(unknownUser.status).toBe(5);
  });

  it('refuses a folder that is not a Callboard store, and one from a newer version', async () => {
    const other = path.join(root, 'other');
    fs.mkdirSync(other);
    fs.writeFileSync(path.join(other, 'notes.txt'), 'hello');
    const res = await run(['daemon', '--data', other]);
    expect(res.status).toBe(2);
    expect(res.stderr).toContain('is not a Callboard store');

    const newer = path.join(root, 'newer');
    await run(['init', '--company', 'N', '--admin', 'A', '--email', 'a@example.org', '--data', newer]);
    const db = new Database(path.join(newer, 'callboard.db'));
    db.prepare("UPDATE meta SET value = '999' WHERE key = 'schema_version'").run();
    db.close();
    const res2 = await run(['call', 'org.get', '--data', newer]);
    expect(res2.status).toBe(9);
    expect(res2.stderr).toContain('newer Callboard');
  });
});

function waitForLine(child: ChildProcess, pattern: RegExp): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    const onData = (chunk: Buffer) => {
      buffer += chunk.toString();
      const m = pattern.exec(buffer);
      if (m) {
        child.stdout!.off('data', onData);
        resolve(m);
      }
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`exited with ${code} before printing ${pattern}: ${buffer}`)));
  });
}

describe('callboard daemon and demo', () => {
  it('serves the folder, lets CLI commands with the same --data talk to it, and shuts down cleanly on SIGTERM', async () => {
    const root = tempDir('cb-daemon-');
    const data = path.join(root, 'store');
    await run(['init', '--company', 'Hilltop Players', '--admin', 'Sam Lee', '--email', 'sam@example.org', '--data', data]);
    const daemon = spawn(process.execPath, [CLI, 'daemon', '--data', data, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    daemon.stdout.on('data', (c: Buffer) => (log += c.toString()));
    try {
      const [, url] = await waitForLine(daemon, /url: (http:\/\/127\.0\.0\.1:\d+\/)/);
      expect(JSON.parse(fs.readFileSync(path.join(data, 'daemon.json'), 'utf8'))).toMatchObject({ url, pid: daemon.pid });

      const logged = waitForLine(daemon, /HTTP POST \/api\/org\.get 200 .*user=usr-/);
      const res = await runAsync(['call', 'org.get', '--data', data]);
      expect(res.status, res.stderr).toBe(0);
      expect(json<{ company: { name: string } }>(res.stdout).company.name).toBe('Hilltop Players');
      await logged;

      const second = await runAsync(['daemon', '--data', data, '--port', '0']);
      expect(second.status).toBe(6);
      expect(second.stderr).toContain('already serves');

      const health = await fetch(`${url}api/health`);
      expect(await health.json()).toEqual({ ok: true });

      const exited = new Promise<number | null>((r) => daemon.once('close', (code) => r(code)));
      daemon.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(log).toContain('stopped; store closed cleanly');
      expect(fs.existsSync(path.join(data, 'daemon.json'))).toBe(false);
      // The store opens again afterwards: the lock was released.
      expect((await run(['call', 'org.get', '--data', data])).status).toBe(0);
    } finally {
      daemon.kill('SIGKILL');
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('demo creates Riverside Players and prints the URL and the admin token', { timeout: 180_000 }, async () => {
    const root = tempDir('cb-demo-');
    const data = path.join(root, 'demo');
    const child = spawn(process.execPath, [CLI, 'demo', '--data', data, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const m = await waitForLine(child, /url: (\S+)\ntoken: (cb_\S+)/);
      const [, url, token] = m;
      const res = await fetch(`${url}api/users.list`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: '{}' });
      const users = ((await res.json()) as { result: Array<{ name: string }> }).result.map((u) => u.name);
      expect(users).toEqual(expect.arrayContaining(['Morgan Reyes', 'Priya Natarajan', 'Dev Okafor', 'Hannah Lindqvist']));
      const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
      child.kill('SIGINT');
      expect(await exited).toBe(0);
      // Every document type the demo's features create can travel between devices: a type
      // missing from WRITE_ACTIONS is refused by every peer (unknown_type).
      const db = new Database(path.join(data, 'callboard.db'), { readonly: true });
      const types = (db.prepare('SELECT DISTINCT type FROM documents ORDER BY type').all() as Array<{ type: string }>).map((r) => r.type);
      db.close();
      expect(types.length).toBeGreaterThan(10);
      expect(types.filter((type) => !writeActionsFor(type))).toEqual([]);
      const again = await run(['demo', '--data', data, '--no-serve']);
      expect(again.status).toBe(0);
      expect(again.stdout).toMatch(/^token: cb_/m);
      expect(again.stderr).toContain('existing demo store');
    } finally {
      child.kill('SIGKILL');
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
