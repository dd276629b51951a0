import type { ChangeEvent } from '../core/api/protocol.ts';
import type { ProcedureInput, ProcedureName, ProcedureOutput } from '../core/api/table.ts';
import type { ErrorShape } from '../core/errors.ts';
import type { MediaBytes, UploadChunkResult } from './contract.ts';

/**
 * What the desktop preload exposes as `window.callboard`. It is an ApiClient (the renderer
 * can use it wherever it takes one) plus the desktop's own `desktop.*` procedures.
 *
 * Rejections are plain `BridgeError` objects, not Error instances: contextBridge copies a
 * thrown Error with its message only, so the code and details would be lost. The renderer
 * wraps them (`new ApiError(e)` from core/api/in-process.ts takes exactly this shape).
 */

export interface WhoAmI {
  user: { id: string; name: string; email: string; roles: string[]; status: string };
  deviceId: string;
  via: string;
}

export interface DesktopProcedures {
  /** Act as this local account (id, name or email) in this window, until passwords exist. Returns session.whoami. */
  'desktop.selectUser': { input: { user: string }; output: WhoAmI };
}

export interface BridgeError extends ErrorShape {
  name: 'ApiError';
}

export interface CallboardBridge {
  invoke<N extends ProcedureName>(procedure: N, input: ProcedureInput<N>): Promise<ProcedureOutput<N>>;
  invoke<N extends keyof DesktopProcedures>(procedure: N, input: DesktopProcedures[N]['input']): Promise<DesktopProcedures[N]['output']>;
  /** Calls `listener` whenever a document in `scope` changes; returns the unsubscribe function. */
  subscribe(scope: string, listener: (event: ChangeEvent) => void): () => void;
  /** Sends one chunk of a media upload begun with media.beginUpload; resolves with the upload's progress. */
  uploadChunk(uploadId: string, offset: number, bytes: Uint8Array, sha256: string): Promise<UploadChunkResult>;
  /**
   * The bytes of a rendition for display: `path` is a `/media/blob/<production>/<assetId>/<thumb|web>`
   * url from a media.* answer; read as this window's user, like the daemon's GET route.
   */
  readMedia(path: string): Promise<MediaBytes>;
}

/** The global the preload defines (renderer code may `declare global` with this). */
export const BRIDGE_KEY = 'callboard';
