import { describe, expect, it } from 'vitest';
import { APP_URL } from '../../../electron/contract.ts';
import { denyAllPermissions, hardenWebContents, isAllowedExternal, isAppUrl } from '../../../electron/security.ts';
import { validateSender } from '../../../electron/sender.ts';
import { FakeFrame, FakeSession, FakeShell, FakeWebContents, FakeWindow, captureLog, ipcEvent } from './fakes.ts';

const ALLOW = ['https://github.com', 'https://docs.callboard.example'];

function hardened() {
  const contents = new FakeWebContents();
  const shell = new FakeShell();
  const { log, lines } = captureLog();
  hardenWebContents(contents, { allowList: ALLOW, openExternal: shell.openExternal, log });
  return { contents, shell, lines };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('hardenWebContents', () => {
  it('blocks every navigation, including to an allow-listed site, which opens in the system browser instead', async () => {
    const { contents, shell, lines } = hardened();
    expect(contents.emit('will-navigate', 'https://evil.example/phish').defaultPrevented).toBe(true);
    expect(contents.emit('will-navigate', 'file:///etc/passwd').defaultPrevented).toBe(true);
    expect(contents.emit('will-navigate', `${APP_URL}other.html`).defaultPrevented).toBe(true);
    expect(contents.emit('will-navigate', 'https://github.com/callboard/issues').defaultPrevented).toBe(true);
    await flush();
    expect(shell.opened).toEqual(['https://github.com/callboard/issues']);
    expect(lines.some((l) => l.includes('https://evil.example/phish') && l.includes('refused'))).toBe(true);
  });

  it('denies every new window; allow-listed https links go to openExternal, nothing else does', async () => {
    const { contents, shell } = hardened();
    const open = (url: string) => contents.windowOpenHandler!({ url });
    expect(open('https://evil.example/')).toEqual({ action: 'deny' });
    expect(open('http://github.com/')).toEqual({ action: 'deny' });
    expect(open('https://github.com.evil.example/')).toEqual({ action: 'deny' });
    expect(open('https://user:pw@github.com/')).toEqual({ action: 'deny' });
    expect(open('javascript:alert(1)')).toEqual({ action: 'deny' });
    expect(open('https://docs.callboard.example/guide#tickets')).toEqual({ action: 'deny' });
    expect(open(`${APP_URL}index.html`)).toEqual({ action: 'deny' });
    await flush();
    expect(shell.opened).toEqual(['https://docs.callboard.example/guide#tickets']);
  });

  it('refuses redirects away from the app and every webview', () => {
    const { contents } = hardened();
    expect(contents.emit('will-redirect', 'https://evil.example/').defaultPrevented).toBe(true);
    expect(contents.emit('will-redirect', `${APP_URL}index.html`).defaultPrevented).toBe(false);
    expect(contents.emit('will-attach-webview', {}, {}).defaultPrevented).toBe(true);
  });

  it('matches the allow-list by exact https origin', () => {
    expect(isAllowedExternal('https://github.com/x', ALLOW)).toBe(true);
    expect(isAllowedExternal('https://github.com:444/x', ALLOW)).toBe(false);
    expect(isAllowedExternal('https://sub.github.com/x', ALLOW)).toBe(false);
    expect(isAllowedExternal('not a url', ALLOW)).toBe(false);
  });
});

describe('denyAllPermissions', () => {
  it('denies every permission request and check, and logs the request', async () => {
    const session = new FakeSession();
    const { log, lines } = captureLog();
    denyAllPermissions(session, log);
    for (const p of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fullscreen']) {
      expect(await session.request(p)).toBe(false);
    }
    expect(session.checkHandler?.({}, 'media')).toBe(false);
    expect(lines.some((l) => l.includes('"media" denied'))).toBe(true);
  });
});

describe('validateSender', () => {
  it('accepts the main frame of one of our windows showing the app', () => {
    const a = new FakeWindow();
    const b = new FakeWindow();
    expect(validateSender(ipcEvent(b), [a, b])).toBe(b);
  });

  it('refuses subframes, foreign origins, unknown or destroyed windows, and a frame that is not the main frame', () => {
    const win = new FakeWindow();
    const windows = [win];
    const iframe = new FakeFrame(APP_URL, win.webContents.mainFrame);
    expect(validateSender(ipcEvent(win, iframe), windows)).toBeNull();
    expect(validateSender(ipcEvent(win, null), windows)).toBeNull();

    const navigated = new FakeWindow('https://evil.example/');
    expect(validateSender(ipcEvent(navigated), [navigated])).toBeNull();
    const fileWin = new FakeWindow('file:///home/u/index.html');
    expect(validateSender(ipcEvent(fileWin), [fileWin])).toBeNull();

    const stranger = new FakeWindow();
    expect(validateSender(ipcEvent(stranger), windows)).toBeNull();

    const otherTopFrame = new FakeFrame(APP_URL);
    expect(validateSender(ipcEvent(win, otherTopFrame), windows)).toBeNull();

    const lookalike = new FakeWindow('app://callboard.evil/');
    expect(validateSender(ipcEvent(lookalike), [lookalike])).toBeNull();

    win.destroyed = true;
    expect(validateSender(ipcEvent(win), windows)).toBeNull();
  });

  it('refuses an event whose frame belongs to another window than its sender', () => {
    const a = new FakeWindow();
    const b = new FakeWindow();
    expect(validateSender({ sender: { id: a.webContents.id }, senderFrame: b.webContents.mainFrame }, [a, b])).toBeNull();
  });
});

describe('isAppUrl', () => {
  it('knows the app origin by scheme and host only', () => {
    expect(isAppUrl('app://callboard/')).toBe(true);
    expect(isAppUrl('app://callboard/calendar?x=1#y')).toBe(true);
    for (const url of ['app://callboard.evil/', 'app://callboard:81/', 'app://x@callboard/', 'https://callboard/', 'file:///callboard/', 'nonsense']) {
      expect(isAppUrl(url)).toBe(false);
    }
  });
});
