/**
 * The static check of the Electron configuration (runs in `npm test`): reads every source
 * file of electron/ and the exported webPreferences, and fails on any weakened security
 * option of Electron's checklist.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_SCHEME_PRIVILEGES } from '../../../electron/app-protocol.ts';
import { CONTENT_SECURITY_POLICY, SECURITY_HEADERS, WEB_PREFERENCES } from '../../../electron/security.ts';

const ELECTRON_DIR = path.resolve(import.meta.dirname, '../../../electron');

function sources(dir = ELECTRON_DIR): Array<{ file: string; code: string }> {
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(ts|js|cjs|mjs)$/.test(e.name))
    .map((e) => {
      const file = path.join(e.parentPath, e.name);
      return { file: path.relative(ELECTRON_DIR, file), code: stripComments(fs.readFileSync(file, 'utf8')) };
    });
}

/** Drops comments (not `//` inside strings such as 'app://callboard'), so prose may name what it forbids. */
function stripComments(code: string): string {
  return code.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}

const FORBIDDEN: Array<[RegExp, string]> = [
  [/contextIsolation\s*:\s*false/, 'contextIsolation must stay true'],
  [/sandbox\s*:\s*false/, 'sandbox must stay true'],
  [/nodeIntegration(InWorker|InSubFrames)?\s*:\s*true/, 'nodeIntegration must stay false'],
  [/webSecurity\s*:\s*false/, 'webSecurity must stay true'],
  [/allowRunningInsecureContent\s*:\s*true/, 'allowRunningInsecureContent must stay false'],
  [/experimentalFeatures\s*:\s*true/, 'experimentalFeatures must stay false'],
  [/enableBlinkFeatures/, 'enableBlinkFeatures must not be used'],
  [/webviewTag\s*:\s*true/, 'webviews must stay disabled'],
  [/enableRemoteModule|@electron\/remote/, 'the remote module must not be used'],
  [/disableWebSecurity|ignore-certificate-errors|setCertificateVerifyProc/, 'certificate and web security checks must stay on'],
  [/loadURL\(\s*['"`]https?:/, 'windows load the app protocol, never a web URL'],
  [/loadFile\(/, 'windows load app://callboard/, never file://'],
  [/\{\s*action\s*:\s*['"]allow['"]/, 'new windows are always denied'],
  [/exposeInMainWorld\([^)]*ipcRenderer/, 'ipcRenderer must never be exposed'],
];

describe('Electron security configuration', () => {
  it('exports webPreferences with every checklist option on', () => {
    expect(WEB_PREFERENCES).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
    });
    expect(WEB_PREFERENCES).not.toHaveProperty('enableBlinkFeatures');
    expect(WEB_PREFERENCES).not.toHaveProperty('preload');
    expect(Object.isFrozen(WEB_PREFERENCES)).toBe(true);
  });

  it('has a strict CSP: nothing by default, scripts only from the app, no eval, no inline script', () => {
    const directives = new Map(CONTENT_SECURITY_POLICY.split(';').map((d) => {
      const [name, ...values] = d.trim().split(/\s+/);
      return [name!, values] as const;
    }));
    expect(directives.get('default-src')).toEqual(["'none'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('base-uri')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|wasm-unsafe-eval|\*|http:|https:/);
    expect(SECURITY_HEADERS['Content-Security-Policy']).toBe(CONTENT_SECURITY_POLICY);
  });

  it.each(sources().map((s) => [s.file, s.code] as const))('%s weakens no security option', (_file, code) => {
    const hits = FORBIDDEN.filter(([re]) => re.test(code)).map(([, why]) => why);
    expect(hits).toEqual([]);
  });

  it('main creates windows only with WEB_PREFERENCES and wires every hardening step', () => {
    const main = sources().find((s) => s.file === 'main.ts')!.code;
    const windows = main.match(/new BrowserWindow\(/g) ?? [];
    const hardened = main.match(/webPreferences:\s*\{\s*\.\.\.WEB_PREFERENCES,\s*preload:\s*PRELOAD\s*\}/g) ?? [];
    expect(windows.length).toBeGreaterThan(0);
    expect(hardened.length).toBe(windows.length);
    for (const step of ['app.enableSandbox()', 'registerSchemesAsPrivileged', 'registerAppProtocol(', 'denyAllPermissions(', "'web-contents-created'", 'hardenWebContents(', 'createIpcRelay(', 'claimSingleInstance(']) {
      expect(main, step).toContain(step);
    }
    expect(main).toMatch(/loadURL\(APP_URL\)/);
  });

  it('only the preload touches ipcRenderer, and only ipc-relay registers IPC handlers', () => {
    for (const { file, code } of sources()) {
      if (!['preload.ts', 'preload-api.ts'].includes(file)) expect(code, file).not.toMatch(/ipcRenderer\./);
      if (file !== 'ipc-relay.ts') expect(code, file).not.toMatch(/ipcMain\.(handle|on)\(/);
    }
  });

  it('opens external links only through the allow-list check', () => {
    for (const { file, code } of sources()) {
      if (!/openExternal\(/.test(code)) continue;
      expect(['security.ts', 'main.ts'], file).toContain(file);
    }
    const security = sources().find((s) => s.file === 'security.ts')!.code;
    expect(security).toMatch(/isAllowedExternal\(url, allowList\)[\s\S]*openExternal\(url\)/);
  });
});

describe('app scheme privileges', () => {
  it('make app:// a secure standard origin that can never bypass the CSP', () => {
    expect(APP_SCHEME_PRIVILEGES.scheme).toBe('app');
    expect(APP_SCHEME_PRIVILEGES.privileges).toMatchObject({ standard: true, secure: true });
    expect(APP_SCHEME_PRIVILEGES.privileges).not.toHaveProperty('bypassCSP');
    expect(APP_SCHEME_PRIVILEGES.privileges).not.toHaveProperty('allowServiceWorkers');
  });
});
