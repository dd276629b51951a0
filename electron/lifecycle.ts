import type { Log } from './electron-like.ts';

export interface FocusableWindow {
  isDestroyed(): boolean;
  isMinimized(): boolean;
  restore(): void;
  show(): void;
  focus(): void;
}

export interface SingleInstanceApp {
  requestSingleInstanceLock(): boolean;
  quit(): void;
  on(event: 'second-instance', listener: (...args: unknown[]) => void): unknown;
}

/**
 * Keeps one instance per user (a second one would find the store locked): returns false
 * and quits if another instance runs; otherwise a later launch focuses our window.
 */
export function claimSingleInstance(app: SingleInstanceApp, mainWindow: () => FocusableWindow | undefined, log: Log): boolean {
  if (!app.requestSingleInstanceLock()) {
    log('another Callboard window is already open; handing over to it');
    app.quit();
    return false;
  }
  app.on('second-instance', () => {
    const win = mainWindow();
    if (!win || win.isDestroyed()) return;
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
  });
  return true;
}

/** A log that writes timestamped lines to `write` (stderr in development, a file when packaged). */
export function createLog(write: (line: string) => void, now: () => Date): Log {
  return (line) => {
    try {
      write(`${now().toISOString()} ${line}\n`);
    } catch {
      // Logging must never take the app down.
    }
  };
}
