import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildElectron } from '../../../build/build-electron.ts';

let outdir: string;
let files: string[];

const ROOT = path.resolve(import.meta.dirname, '../../..');

beforeAll(async () => {
  // Inside the project (.tmp/ is ignored by git) so the bundles resolve node_modules as in the app.
  fs.mkdirSync(path.join(ROOT, '.tmp'), { recursive: true });
  outdir = fs.mkdtempSync(path.join(ROOT, '.tmp', 'electron-build-'));
  files = await buildElectron(outdir);
}, 60_000);

afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

describe('Electron build', () => {
  it('writes main.js, core-worker.js (ES modules) and preload.cjs', () => {
    expect(files).toEqual(['core-worker.js', 'main.js', 'preload.cjs']);
    expect(fs.readFileSync(path.join(outdir, 'main.js'), 'utf8')).toMatch(/^import .* from "electron";$/m);
  });

  it('the bundled preload runs as a sandboxed script that can require only electron, and exposes just invoke, subscribe and uploadChunk', () => {
    const code = fs.readFileSync(path.join(outdir, 'preload.cjs'), 'utf8');
    expect(code).not.toMatch(/^\s*(import|export)\s/m);
    const exposed = new Map<string, unknown>();
    const required: string[] = [];
    const electron = {
      contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
      ipcRenderer: { invoke: async () => ({ ok: true, result: null }), send: () => undefined, on: () => undefined },
    };
    const sandboxRequire = (name: string) => {
      required.push(name);
      if (name !== 'electron') throw new Error(`module not found: ${name}`);
      return electron;
    };
    const module = { exports: {} };
    vm.runInNewContext(`(function (require, module, exports) {${code}\n})`, { console })(sandboxRequire, module, module.exports);
    expect(required).toEqual(['electron']);
    expect([...exposed.keys()]).toEqual(['callboard']);
    expect(Object.keys(exposed.get('callboard') as object).sort()).toEqual(['invoke', 'readMedia', 'subscribe', 'uploadChunk']);
  });

  it('the bundled core worker opens a store and answers calls over a parentPort', async () => {
    // Stands in for Electron's utilityProcess: process.parentPort over Node's IPC channel.
    const shim = `process.parentPort = { postMessage: (m) => process.send(m), on: (e, l) => { if (e === 'message') process.on('message', (data) => l({ data })); } };`;
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cb-worker-bundle-'));
    const child = fork(path.join(outdir, 'core-worker.js'), [], {
      execArgv: ['--import', `data:text/javascript,${encodeURIComponent(shim)}`],
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    const messages: Array<{ type: string; id?: number }> = [];
    const next = (pred: (m: { type: string; id?: number }) => boolean) =>
      new Promise<Record<string, unknown>>((resolve, reject) => {
        const found = messages.find(pred);
        if (found) return resolve(found);
        const timer = setTimeout(() => reject(new Error('the worker did not answer')), 20_000);
        child.on('message', (m: { type: string }) => {
          if (pred(m)) {
            clearTimeout(timer);
            resolve(m as Record<string, unknown>);
          }
        });
      });
    child.on('message', (m: { type: string }) => messages.push(m));
    try {
      child.send({ type: 'open', options: { dataDir: path.join(dataDir, 'store'), demo: true } });
      expect(await next((m) => m.type === 'ready' || m.type === 'fatal')).toMatchObject({ type: 'ready', company: true });
      child.send({ type: 'call', id: 1, window: 1, procedure: 'org.get', input: {} });
      expect(await next((m) => m.type === 'result' && m.id === 1)).toMatchObject({ ok: true, result: { company: { name: 'Riverside Players' } } });
      const exited = new Promise((resolve) => child.on('exit', resolve));
      child.send({ type: 'shutdown' });
      expect(await next((m) => m.type === 'closed')).toEqual({ type: 'closed' });
      expect(await exited).toBe(0);
    } finally {
      child.kill();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 30_000);
});
