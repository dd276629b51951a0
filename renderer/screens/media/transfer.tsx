import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { ApiError, parseErrorShape, toApiError } from '../../api/api-error.ts';
import { createTokenStore } from '../../session/token-store.ts';

/** What one chunk upload answers (core/media/uploads.ts ChunkResult). */
export interface ChunkResult {
  uploadId: string;
  received: number;
  size: number;
  complete: boolean;
}

/**
 * Moving media bytes: the API (invoke) carries only JSON, so uploads and image bytes go
 * through the daemon's media routes with the same token, or, in the desktop app, through
 * the preload's `uploadChunk` (Electron IPC to the core worker, one chunk per message) and
 * `readMedia` (a rendition's bytes, shown through a Blob object URL).
 */
export interface MediaTransfer {
  available: boolean;
  sha256(data: Blob): Promise<string>;
  sendChunk(uploadId: string, offset: number, chunk: Blob, sha256: string): Promise<ChunkResult>;
  /** An object URL (or data URL) for a rendition, or null when it cannot be shown. */
  imageUrl(path: string): Promise<string | null>;
}

async function digest(data: Blob): Promise<string> {
  const buf = await crypto.subtle.digest('SHA-256', await data.arrayBuffer());
  return [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** The browser's transfer: same-origin daemon routes, bearer token from the sign-in store. */
export function browserTransfer(token: () => string | undefined): MediaTransfer {
  const headers = (): Record<string, string> => {
    const t = token();
    return t ? { authorization: `Bearer ${t}` } : {};
  };
  return {
    available: true,
    sha256: digest,
    async sendChunk(uploadId, offset, chunk, sha256) {
      const res = await fetch(`/media/uploads/${encodeURIComponent(uploadId)}?offset=${offset}`, {
        method: 'PUT',
        headers: { ...headers(), 'x-chunk-sha256': sha256, 'content-type': 'application/octet-stream' },
        body: chunk,
      });
      const body = (await res.json().catch(() => ({}))) as { result?: ChunkResult; error?: unknown };
      if (res.ok && body.result) return body.result;
      const shape = parseErrorShape(body.error);
      throw shape ? new ApiError(shape.code, shape.message, shape.details) : new ApiError('unavailable', `Upload failed (HTTP ${res.status})`);
    },
    async imageUrl(path) {
      const res = await fetch(path, { headers: headers() });
      if (!res.ok) return null;
      return URL.createObjectURL(await res.blob());
    },
  };
}

/** What the desktop preload adds for bytes (electron/preload-api.ts). */
export interface UploadBridge {
  uploadChunk(uploadId: string, offset: number, bytes: Uint8Array, sha256: string): Promise<unknown>;
  /** A rendition's bytes and content type (absent in an older preload: images are then not shown). */
  readMedia?(path: string): Promise<{ bytes: Uint8Array; contentType: string }>;
}

/** The desktop app's transfer: upload chunks and read renditions over the preload bridge. */
export function desktopTransfer(bridge: UploadBridge): MediaTransfer {
  return {
    available: true,
    sha256: digest,
    async sendChunk(uploadId, offset, chunk, sha256) {
      const bytes = new Uint8Array(await chunk.arrayBuffer());
      try {
        return (await bridge.uploadChunk(uploadId, offset, bytes, sha256)) as ChunkResult;
      } catch (err) {
        throw toApiError(err);
      }
    },
    async imageUrl(path) {
      if (!bridge.readMedia) return null;
      try {
        const { bytes, contentType } = await bridge.readMedia(path);
        return URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: contentType }));
      } catch {
        // Not ready yet, not allowed, or gone: the tile shows its placeholder, as in the browser.
        return null;
      }
    },
  };
}

function findUploadBridge(win: unknown): UploadBridge | undefined {
  const bridge = (win as { callboard?: Partial<UploadBridge> } | undefined)?.callboard;
  return bridge && typeof bridge.uploadChunk === 'function' ? (bridge as UploadBridge) : undefined;
}

export const unavailableTransfer: MediaTransfer = {
  available: false,
  sha256: digest,
  sendChunk: () => Promise.reject(new ApiError('unavailable', 'Uploading needs the Callboard daemon (or `callboard media upload`).')),
  imageUrl: async () => null,
};

const TransferContext = createContext<MediaTransfer | null>(null);

export function MediaTransferProvider({ transfer, children }: { transfer: MediaTransfer; children: ReactNode }) {
  return <TransferContext.Provider value={transfer}>{children}</TransferContext.Provider>;
}

const desktopTransfers = new WeakMap<UploadBridge, MediaTransfer>();
let pageTransfer: MediaTransfer | undefined;

/**
 * The transfer in use: the provided one (tests), the desktop bridge's, else the browser's when
 * served by the daemon. The same object on every render, so useImageUrl's effect does not
 * re-read (and re-create) an image each time the component renders.
 */
export function useTransfer(): MediaTransfer {
  const provided = useContext(TransferContext);
  if (provided) return provided;
  if (typeof window === 'undefined') return unavailableTransfer;
  const desktop = findUploadBridge(window);
  if (desktop) {
    let made = desktopTransfers.get(desktop);
    if (!made) desktopTransfers.set(desktop, (made = desktopTransfer(desktop)));
    return made;
  }
  if (!window.location.protocol.startsWith('http')) return unavailableTransfer;
  if (!pageTransfer) {
    const tokens = createTokenStore(window.sessionStorage, window.localStorage);
    pageTransfer = browserTransfer(() => tokens.read()?.token);
  }
  return pageTransfer;
}

/** Loads an authenticated image once and frees it when the component goes. */
export function useImageUrl(path: string | null): string | null {
  const transfer = useTransfer();
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    let alive = true;
    let made: string | null = null;
    if (path) {
      void transfer.imageUrl(path).then((u) => {
        made = u;
        if (alive) setUrl(u);
      });
    }
    return () => {
      alive = false;
      if (made?.startsWith('blob:')) URL.revokeObjectURL(made);
    };
  }, [path, transfer]);
  return url;
}
