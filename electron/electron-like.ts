/**
 * The small parts of Electron's objects the main-process modules use, as structural types.
 * main.ts passes the real objects (tsc checks they fit); tests pass the fakes of
 * test/unit/electron/fakes.ts. Nothing here imports Electron, so every module that takes
 * these runs under plain Node.
 */

export interface FrameLike {
  readonly url: string;
  readonly parent: FrameLike | null;
  readonly processId: number;
  readonly frameToken: string;
}

export interface IpcEventLike {
  readonly sender: { readonly id: number };
  readonly senderFrame: FrameLike | null;
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcEventLike, ...args: unknown[]) => unknown): void;
  on(channel: string, listener: (event: IpcEventLike, ...args: unknown[]) => void): unknown;
  removeHandler(channel: string): void;
  removeAllListeners(channel?: string): unknown;
}

export interface WebContentsLike {
  readonly id: number;
  readonly mainFrame: FrameLike;
  isDestroyed(): boolean;
  send(channel: string, ...args: unknown[]): void;
  on(event: 'will-navigate', listener: (event: PreventableLike, url: string) => void): unknown;
  on(event: 'will-redirect', listener: (event: PreventableLike, url: string) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: PreventableLike, ...rest: unknown[]) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

export interface PreventableLike {
  preventDefault(): void;
}

export interface WindowLike {
  readonly webContents: WebContentsLike;
  isDestroyed(): boolean;
}

export interface SessionLike {
  setPermissionRequestHandler(
    handler: ((webContents: unknown, permission: string, callback: (granted: boolean) => void, ...rest: unknown[]) => void) | null,
  ): void;
  setPermissionCheckHandler(handler: ((webContents: unknown, permission: string, ...rest: unknown[]) => boolean) | null): void;
}

export interface ProtocolLike {
  handle(scheme: string, handler: (request: { url: string; method: string }) => Response | Promise<Response>): void;
}

export interface Rectangle {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface ScreenLike {
  getAllDisplays(): Array<{ workArea: Rectangle }>;
  getPrimaryDisplay(): { workArea: Rectangle };
}

/** The part of a utilityProcess main talks to. */
export interface WorkerLike {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
}

export type Log = (line: string) => void;
