import type { FrameLike, IpcEventLike, WindowLike } from './electron-like.ts';
import { isAppUrl } from './security.ts';

function sameFrame(a: FrameLike, b: FrameLike): boolean {
  return a === b || (a.processId === b.processId && a.frameToken === b.frameToken);
}

/**
 * The window an IPC message legitimately comes from, or null. Accepted only when the sending
 * frame is the top-level main frame of one of our live windows, its webContents is the one
 * the event names, and it shows a page of the app origin (not a page it was navigated to,
 * not an iframe, not a devtools or foreign frame).
 */
export function validateSender<W extends WindowLike>(event: IpcEventLike, windows: readonly W[]): W | null {
  const frame = event.senderFrame;
  if (!frame || frame.parent !== null) return null;
  if (!isAppUrl(frame.url)) return null;
  for (const win of windows) {
    if (win.isDestroyed()) continue;
    const contents = win.webContents;
    if (contents.isDestroyed() || contents.id !== event.sender.id) continue;
    return sameFrame(contents.mainFrame, frame) ? win : null;
  }
  return null;
}

/** A short description of a sender for the log. */
export function describeSender(event: IpcEventLike): string {
  const frame = event.senderFrame;
  return `webContents ${event.sender.id}, frame ${frame ? JSON.stringify(frame.url) : '(gone)'}${frame?.parent ? ' (subframe)' : ''}`;
}
