import type { ChangeEvent } from '../core/api/protocol.ts';
import type { BridgeError, CallboardBridge } from './bridge.ts';
import { BRIDGE_KEY } from './bridge.ts';
import { CHANNELS, type InvokeReply } from './contract.ts';

/**
 * The preload's whole job, written against the two Electron objects it uses so tests can
 * pass fakes. It exposes exactly `invoke`, `subscribe`, `uploadChunk` (the bytes of a media
 * upload, one chunk per call) and `readMedia` (a rendition's bytes for display); neither
 * ipcRenderer nor its events ever reach the page.
 */

export interface ContextBridgeLike {
  exposeInMainWorld(key: string, api: unknown): void;
}

export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  send(channel: string, ...args: unknown[]): void;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

function bridgeError(code: BridgeError['code'], message: string, details?: Record<string, unknown>): BridgeError {
  return details === undefined ? { name: 'ApiError', code, message } : { name: 'ApiError', code, message, details };
}

function isReply(value: unknown): value is InvokeReply {
  return typeof value === 'object' && value !== null && typeof (value as { ok?: unknown }).ok === 'boolean';
}

export function createBridge(ipcRenderer: IpcRendererLike): CallboardBridge {
  const listeners = new Map<string, (event: ChangeEvent) => void>();
  let next = 0;

  ipcRenderer.on(CHANNELS.change, (_event, payload) => {
    const change = payload as ChangeEvent | undefined;
    const listener = change && typeof change.subscription === 'string' ? listeners.get(change.subscription) : undefined;
    if (!listener) return;
    try {
      listener(change!);
    } catch (err) {
      console.error('callboard: a subscription listener failed', err);
    }
  });

  const call = async (channel: string, payload: unknown): Promise<unknown> => {
    let reply: unknown;
    try {
      reply = await ipcRenderer.invoke(channel, payload);
    } catch {
      throw bridgeError('unavailable', 'The desktop bridge did not answer');
    }
    if (!isReply(reply)) throw bridgeError('internal', 'The desktop bridge sent a malformed reply');
    if (reply.ok) return reply.result;
    throw bridgeError(reply.error.code, reply.error.message, reply.error.details);
  };

  const invoke = (procedure: string, input: unknown): Promise<unknown> => call(CHANNELS.invoke, { procedure, input });

  const subscribe = (scope: string, listener: (event: ChangeEvent) => void): (() => void) => {
    if (typeof scope !== 'string' || typeof listener !== 'function') throw new TypeError('subscribe(scope: string, listener: function)');
    const id = `s${++next}`;
    listeners.set(id, listener);
    call(CHANNELS.subscribe, { id, scope }).catch((err: BridgeError) => {
      listeners.delete(id);
      console.error(`callboard: could not subscribe to ${scope}: ${err.code}: ${err.message}`);
    });
    return () => {
      if (listeners.delete(id)) ipcRenderer.send(CHANNELS.unsubscribe, { id });
    };
  };

  const uploadChunk = (uploadId: string, offset: number, bytes: Uint8Array, sha256: string): Promise<unknown> => {
    if (!(bytes instanceof Uint8Array)) return Promise.reject(bridgeError('invalid', 'uploadChunk: bytes must be a Uint8Array', { field: 'bytes' }));
    return call(CHANNELS.uploadChunk, { uploadId, offset, sha256, bytes });
  };

  const readMedia = (path: string): Promise<unknown> => {
    if (typeof path !== 'string') return Promise.reject(bridgeError('invalid', 'readMedia: path must be a string', { field: 'path' }));
    return call(CHANNELS.readMedia, { path });
  };

  return Object.freeze({ invoke, subscribe, uploadChunk, readMedia }) as CallboardBridge;
}

/** Defines `window.callboard` = {invoke, subscribe, uploadChunk, readMedia}. Returns what it exposed. */
export function exposeApi(contextBridge: ContextBridgeLike, ipcRenderer: IpcRendererLike): CallboardBridge {
  const api = createBridge(ipcRenderer);
  contextBridge.exposeInMainWorld(BRIDGE_KEY, api);
  return api;
}
