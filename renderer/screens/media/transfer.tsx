import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { ApiError, parseErrorShape } from '../../api/api-error.ts';
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
 * through the daemon's media routes with the same token. In the desktop app without a
 * daemon there is no byte route yet: `available` is false and the screen says so.
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

/** The transfer in use: the provided one (tests), else the browser's when served by the daemon. */
export function useTransfer(): MediaTransfer {
  const provided = useContext(TransferContext);
  if (provided) return provided;
  if (typeof window === 'undefined' || !window.location.protocol.startsWith('http')) return unavailableTransfer;
  const tokens = createTokenStore(window.sessionStorage, window.localStorage);
  return browserTransfer(() => tokens.read()?.token);
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
