import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerAppProtocol, resolveAppPath } from '../../../electron/app-protocol.ts';
import { CONTENT_SECURITY_POLICY } from '../../../electron/security.ts';
import { FakeProtocol, captureLog } from './fakes.ts';

let dir: string;
let rendererDir: string;
let protocol: FakeProtocol;
let logLines: string[];
let symlinked = false;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cb-protocol-'));
  rendererDir = path.join(dir, 'renderer');
  fs.mkdirSync(path.join(rendererDir, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Callboard</title>');
  fs.writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  fs.writeFileSync(path.join(dir, 'secret.txt'), 'top secret');
  fs.mkdirSync(path.join(dir, 'renderer-evil'));
  fs.writeFileSync(path.join(dir, 'renderer-evil', 'x.js'), 'evil');
  try {
    fs.symlinkSync(path.join(dir, 'secret.txt'), path.join(rendererDir, 'link.txt'));
    symlinked = true;
  } catch {
    // Windows without the symlink privilege.
  }
  protocol = new FakeProtocol();
  const captured = captureLog();
  logLines = captured.lines;
  registerAppProtocol(protocol, rendererDir, captured.log);
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('app protocol', () => {
  it('serves the renderer with its content type, and index.html for / and client-side routes', async () => {
    const index = await protocol.request('app://callboard/');
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toMatch(/text\/html/);
    expect(await index.text()).toContain('<title>Callboard</title>');
    const js = await protocol.request('app://callboard/assets/app.js?v=1');
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toMatch(/javascript/);
    expect((await protocol.request('app://callboard/calendar/week')).status).toBe(200);
    expect((await protocol.request('app://callboard/assets/missing.js')).status).toBe(404);
  });

  const attacks = [
    'app://callboard/../secret.txt',
    'app://callboard/assets/../../secret.txt',
    'app://callboard/%2e%2e/secret.txt',
    'app://callboard/%2E%2e/secret.txt',
    'app://callboard/.%2e/secret.txt',
    'app://callboard/%2e./secret.txt',
    'app://callboard/assets%2f..%2f..%2fsecret.txt',
    'app://callboard/..%5csecret.txt',
    'app://callboard/..\\secret.txt',
    'app://callboard//etc/passwd',
    'app://callboard/%2fetc%2fpasswd',
    'app://callboard/C:/Windows/win.ini',
    'app://callboard/index.html%00.js',
    'app://callboard/index.html\0.js',
    'app://callboard/%E0%A4%A',
    'app://callboard/../renderer-evil/x.js',
    'app://other-host/index.html',
    'app://callboard.evil/index.html',
  ];

  it.each(attacks)('refuses %j', async (url) => {
    const res = await protocol.request(url);
    expect(res.status).toBe(400);
    expect(await res.text()).not.toContain('secret');
  });

  it('refuses a symbolic link that leaves the renderer folder', async (ctx) => {
    if (!symlinked) ctx.skip();
    const res = await protocol.request('app://callboard/link.txt');
    expect(res.status).toBe(400);
    expect(logLines.some((l) => l.includes('link leaves'))).toBe(true);
  });

  it('keeps every resolved path inside the folder', () => {
    for (const url of attacks) expect(resolveAppPath(rendererDir, url).ok).toBe(false);
    const good = resolveAppPath(rendererDir, 'app://callboard/assets/app.js');
    expect(good).toEqual({ ok: true, file: path.join(rendererDir, 'assets', 'app.js'), spa: false });
  });

  it('refuses methods other than GET and HEAD', async () => {
    expect((await protocol.request('app://callboard/', 'POST')).status).toBe(405);
    const head = await protocol.request('app://callboard/', 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('sets the CSP and nosniff headers on every response, errors included', async () => {
    const urls = ['app://callboard/', 'app://callboard/assets/app.js', 'app://callboard/nope.js', 'app://callboard/../secret.txt'];
    const responses = [...(await Promise.all(urls.map((u) => protocol.request(u)))), await protocol.request('app://callboard/', 'DELETE')];
    expect(responses.map((r) => r.status)).toEqual([200, 200, 404, 400, 405]);
    for (const res of responses) {
      expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });
});
