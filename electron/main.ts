/**
 * The Electron main process: wiring only. Every decision lives in a module that takes
 * Electron's objects as parameters and is unit-tested with fakes (test/unit/electron).
 *
 *   renderer (sandboxed, app://callboard/) ──preload bridge──▶ main (checks sender and payload)
 *     ──parentPort──▶ core worker (utilityProcess: store, dispatcher, subscriptions)
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, protocol, screen, session, shell, utilityProcess } from 'electron';
import { APP_SCHEME_PRIVILEGES, registerAppProtocol } from './app-protocol.ts';
import { APP_URL, type MainToWorker } from './contract.ts';
import { createIpcRelay } from './ipc-relay.ts';
import { claimSingleInstance, createLog } from './lifecycle.ts';
import { desktopOptions } from './options.ts';
import { DEFAULT_EXTERNAL_ORIGINS, WEB_PREFERENCES, denyAllPermissions, hardenWebContents } from './security.ts';
import { MIN_HEIGHT, MIN_WIDTH, loadWindowState, saveWindowState, trackWindowState } from './window-state.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
/** Built layout: dist-electron/{main.js, preload.cjs, core-worker.js} beside dist/renderer/. */
const RENDERER_DIR = path.resolve(here, '..', 'dist', 'renderer');
const PRELOAD = path.join(here, 'preload.cjs');
const WORKER = path.join(here, 'core-worker.js');

function start(): void {
  let logFile: string | undefined;
  const log = createLog(
    (line) => {
      process.stderr.write(line);
      if (logFile) fs.appendFileSync(logFile, line);
    },
    () => new Date(),
  );

  let mainWindow: BrowserWindow | undefined;
  if (!claimSingleInstance(app, () => mainWindow, log)) return;

  const options = desktopOptions(process.argv.slice(1), process.env);
  protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
  app.enableSandbox();
  app.on('web-contents-created', (_event, contents) =>
    hardenWebContents(contents, { allowList: DEFAULT_EXTERNAL_ORIGINS, openExternal: (url) => shell.openExternal(url), log }),
  );
  app.on('window-all-closed', () => app.quit());

  void app.whenReady().then(() => {
    fs.mkdirSync(app.getPath('logs'), { recursive: true });
    logFile = path.join(app.getPath('logs'), 'main.log');
    log(`Callboard ${app.getVersion()} starting; data folder ${options.dataDir}`);

    denyAllPermissions(session.defaultSession, log);
    registerAppProtocol(protocol, RENDERER_DIR, log);

    const worker = utilityProcess.fork(WORKER, [], { serviceName: 'Callboard core', stdio: 'pipe' });
    worker.stdout?.on('data', (chunk: Buffer) => log(`core: ${chunk.toString().trimEnd()}`));
    worker.stderr?.on('data', (chunk: Buffer) => log(`core: ${chunk.toString().trimEnd()}`));
    const relay = createIpcRelay(ipcMain, worker, { windows: () => BrowserWindow.getAllWindows(), log });
    worker.postMessage({ type: 'open', options } satisfies MainToWorker);

    let quitting = false;
    const fail = (title: string, err: unknown): void => {
      if (quitting) return;
      quitting = true;
      log(`${title}: ${err instanceof Error ? err.message : String(err)}`);
      dialog.showErrorBox(title, err instanceof Error ? err.message : String(err));
      app.exit(1);
    };
    relay.ready.then(
      (ready) => log(`core ready: device ${ready.deviceId}, ${ready.procedures.length} procedures, company ${ready.company ? 'present' : 'not created yet'}`),
      (err: unknown) => fail('Callboard could not open its data folder', err),
    );
    worker.on('exit', (code) => fail('The Callboard core stopped', new Error(`The core process exited with code ${code}. Your saved work is safe; start Callboard again.`)));

    app.on('before-quit', (event) => {
      if (quitting) return;
      quitting = true;
      event.preventDefault();
      const timer = setTimeout(() => worker.kill(), 5000);
      void relay.shutdown().finally(() => {
        clearTimeout(timer);
        relay.dispose();
        app.quit();
      });
    });

    const stateFile = path.join(app.getPath('userData'), 'window-state.json');
    const state = loadWindowState(fs, stateFile, screen);
    const win = new BrowserWindow({
      ...(state.x !== undefined && state.y !== undefined ? { x: state.x, y: state.y } : {}),
      width: state.width,
      height: state.height,
      minWidth: MIN_WIDTH,
      minHeight: MIN_HEIGHT,
      show: false,
      title: 'Callboard',
      backgroundColor: '#f7f3ec',
      webPreferences: { ...WEB_PREFERENCES, preload: PRELOAD },
    });
    if (state.maximized) win.maximize();
    trackWindowState(win, (s) => {
      try {
        saveWindowState(fs, stateFile, s);
      } catch (err) {
        log(`could not save the window state: ${String(err)}`);
      }
    });
    const contentsId = win.webContents.id;
    win.on('closed', () => {
      relay.windowClosed(contentsId);
      if (mainWindow === win) mainWindow = undefined;
    });
    win.once('ready-to-show', () => win.show());
    mainWindow = win;
    void win.loadURL(APP_URL);
  });
}

start();
