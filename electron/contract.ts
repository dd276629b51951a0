import type { ErrorShape } from '../core/errors.ts';
import type { ChangeEvent } from '../core/api/protocol.ts';

/**
 * The wire contract of the desktop app, in two legs:
 *
 *   renderer ──(ipcRenderer, CHANNELS)──▶ main ──(parentPort, MainToWorker)──▶ core worker
 *   (JSON calls, the bytes of media uploads in chunks: CHANNELS.uploadChunk, and reads of
 *   rendition bytes for display: CHANNELS.readMedia)
 *   renderer ◀──(CHANNELS.change)──────── main ◀──(WorkerToMain)──────────────  core worker
 *
 * The renderer leg is untrusted: main parses every payload (ipc-payload.ts) and checks its
 * sender (sender.ts) before anything reaches the worker. The worker leg only carries what
 * main has already checked. Only types and constants live here, so the sandboxed preload
 * can import it without pulling in anything else.
 */
export const CHANNELS = {
  /** ipcRenderer.invoke: {procedure, input} → InvokeReply */
  invoke: 'callboard:invoke',
  /** ipcRenderer.invoke: {id, scope} → InvokeReply (result `{subscribed}`) */
  subscribe: 'callboard:subscribe',
  /** ipcRenderer.send: {id} */
  unsubscribe: 'callboard:unsubscribe',
  /** webContents.send (main → renderer): ChangeEvent */
  change: 'callboard:change',
  /** ipcRenderer.invoke: {uploadId, offset, sha256, bytes: Uint8Array} → InvokeReply (result: the upload's progress) */
  uploadChunk: 'callboard:upload-chunk',
  /** ipcRenderer.invoke: {path: '/media/blob/<production>/<assetId>/<variant>'} → InvokeReply (result: MediaBytes) */
  readMedia: 'callboard:read-media',
} as const;

/** The renditions the desktop may read for display (core/media/renditions.ts VARIANTS); never originals. */
export const READABLE_VARIANTS = ['thumb', 'web'] as const;

/** The largest rendition readMedia returns (a web rendition is 1600 px on its longest side). */
export const MAX_MEDIA_READ_BYTES = 16 * 1024 * 1024;

/** What readMedia answers: the rendition's bytes and content type, for a Blob object URL. */
export interface MediaBytes {
  bytes: Uint8Array;
  contentType: string;
}

/** The largest chunk of file bytes one upload-chunk message may carry (as the daemon's upload route). */
export const MAX_UPLOAD_CHUNK_BYTES = 16 * 1024 * 1024;

/** What an upload chunk answers: how far the upload is (core/media/uploads.ts ChunkResult). */
export interface UploadChunkResult {
  uploadId: string;
  received: number;
  size: number;
  complete: boolean;
}

/** The custom scheme and origin the renderer is served from. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'callboard';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_URL = `${APP_ORIGIN}/`;

/** What main answers every renderer request with; never a raw exception or stack. */
export type InvokeReply = { ok: true; result: unknown } | { ok: false; error: ErrorShape };

/** Procedures the desktop adds beside the API's procedure table; served by the core worker. */
export const DESKTOP_PROCEDURES = ['desktop.selectUser'] as const;
export type DesktopProcedureName = (typeof DESKTOP_PROCEDURES)[number];

/** Ids main gives each window's session in the worker: the window's webContents id. */
export type WindowKey = number;

export interface OpenOptions {
  dataDir: string;
  /** The local account a new window acts as (id, name or email); default: the longest-standing admin. */
  as?: string;
  /** Seed the Riverside Players demo company if the store holds no company. */
  demo?: boolean;
  /** LAN sync (listen on the network, mDNS discovery). Default true; false: loopback only. */
  lan?: boolean;
}

export type MainToWorker =
  | { type: 'open'; options: OpenOptions }
  | { type: 'call'; id: number; window: WindowKey; procedure: string; input: unknown }
  | { type: 'subscribe'; id: number; window: WindowKey; subscription: string; scope: string }
  | { type: 'chunk'; id: number; window: WindowKey; uploadId: string; offset: number; sha256: string; bytes: Uint8Array }
  | { type: 'read-media'; id: number; window: WindowKey; production: string; assetId: string; variant: (typeof READABLE_VARIANTS)[number] }
  | { type: 'unsubscribe'; window: WindowKey; subscription: string }
  | { type: 'window-closed'; window: WindowKey }
  | { type: 'shutdown' };

export type WorkerToMain =
  | { type: 'ready'; deviceId: string; dataDir: string; procedures: string[]; company: boolean }
  | { type: 'fatal'; error: ErrorShape }
  | { type: 'result'; id: number; ok: true; result: unknown }
  | { type: 'result'; id: number; ok: false; error: ErrorShape }
  | { type: 'change'; window: WindowKey; event: ChangeEvent }
  | { type: 'closed' };
