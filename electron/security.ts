import { APP_ORIGIN } from './contract.ts';
import type { Log, SessionLike, WebContentsLike } from './electron-like.ts';

/**
 * Hardening from Electron's security checklist (docs/tutorial/security.md). Every window is
 * created with WEB_PREFERENCES; every webContents goes through hardenWebContents; the
 * session denies every permission. test/unit/electron/security-config.test.ts fails the
 * build if any of these is weakened.
 */

/** webPreferences of every BrowserWindow (the preload path is added by main). */
export const WEB_PREFERENCES = Object.freeze({
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  experimentalFeatures: false,
  webviewTag: false,
  navigateOnDragDrop: false,
  spellcheck: true,
  safeDialogs: true,
});

/**
 * The Content-Security-Policy header of every response of the app protocol. Scripts only from
 * the app itself, no eval, no plugins, no frames, no form posts, no network: the renderer
 * talks to the core through the preload bridge only. Inline styles are allowed because
 * calendar and UI libraries inject <style> elements; scripts never are.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "manifest-src 'self'",
  "object-src 'none'",
  "frame-src 'none'",
  "child-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Headers added to every app-protocol response. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
});

/** Origins whose links open in the system browser; everything else is refused. */
export const DEFAULT_EXTERNAL_ORIGINS: readonly string[] = Object.freeze(['https://github.com']);

/** Whether `url` is an https URL on one of `allowList`'s origins (exact origin match). */
export function isAllowedExternal(url: string, allowList: readonly string[]): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'https:' || parsed.username || parsed.password) return false;
  return allowList.includes(parsed.origin);
}

/**
 * Whether `url` is a page of the app itself (app://callboard/…). Compared by scheme and host:
 * Node's URL gives custom schemes the opaque origin "null", so `.origin` cannot be used.
 */
export function isAppUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}` === APP_ORIGIN && !u.username && !u.password;
  } catch {
    return false;
  }
}

export interface HardenOptions {
  allowList: readonly string[];
  openExternal: (url: string) => Promise<void> | void;
  log: Log;
}

/**
 * Blocks navigation away from the app, denies every new window (allow-listed https links are
 * handed to the system browser instead), and refuses webviews.
 */
export function hardenWebContents(contents: WebContentsLike, { allowList, openExternal, log }: HardenOptions): void {
  const sendOut = (url: string, what: string): void => {
    if (isAllowedExternal(url, allowList)) {
      log(`security: ${what} ${url} opened in the system browser`);
      void Promise.resolve()
        .then(() => openExternal(url))
        .catch((err: unknown) => log(`security: could not open ${url}: ${String(err)}`));
    } else {
      log(`security: ${what} ${url} refused`);
    }
  };

  contents.on('will-navigate', (event, url) => {
    event.preventDefault();
    if (!isAppUrl(url)) sendOut(url, 'navigation to');
    else log(`security: in-app navigation to ${url} refused (the renderer routes itself)`);
  });
  contents.on('will-redirect', (event, url) => {
    if (isAppUrl(url)) return;
    event.preventDefault();
    log(`security: redirect to ${url} refused`);
  });
  contents.setWindowOpenHandler(({ url }) => {
    sendOut(url, 'new window for');
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log('security: webview refused');
  });
}

/** Denies every permission request and check (camera, notifications, geolocation, …). */
export function denyAllPermissions(session: SessionLike, log: Log): void {
  session.setPermissionRequestHandler((_contents, permission, callback) => {
    log(`security: permission "${permission}" denied`);
    callback(false);
  });
  session.setPermissionCheckHandler(() => false);
}
