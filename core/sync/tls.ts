import type { AddressInfo } from 'node:net';
import tls from 'node:tls';
import { CallboardError } from '../errors.ts';
import { certificateDeviceKey, deviceCertificate } from './certificate.ts';
import type { DeviceKey } from './identity.ts';
import { MAX_FRAME_BYTES, type PeerVia, type Transport } from './protocol.ts';

/**
 * The sync channel: TLS 1.3 (node:tls, OpenSSL) where each side presents a self-signed
 * certificate of its own Ed25519 device key. No CA is involved: each side reads the key the
 * other's certificate carries and the session pins it (the `hello` must name that key, and
 * admission requires it to be the enrolled key). The TLS exporter (RFC 8446 §7.5) is bound
 * into the challenge–response so the proof cannot be relayed to another channel.
 * Frames: 4-byte big-endian length, then UTF-8 JSON.
 */
const EXPORTER_LABEL = 'EXPORTER-callboard-sync-v1';

export class TlsTransport implements Transport {
  readonly binding: Buffer;
  readonly peerKey: string | undefined;
  readonly via: PeerVia;
  readonly address: string | undefined;
  #socket: tls.TLSSocket;
  #buffer: Buffer = Buffer.alloc(0);
  #messageListeners: Array<(text: string) => void> = [];
  #closeListeners: Array<(why: string) => void> = [];
  #closed = false;
  bytesIn = 0;
  bytesOut = 0;

  constructor(socket: tls.TLSSocket, via: PeerVia) {
    this.#socket = socket;
    this.via = via;
    this.address = socket.remoteAddress ? `${socket.remoteAddress}:${socket.remotePort}` : undefined;
    const cert = socket.getPeerX509Certificate();
    this.peerKey = cert ? certificateDeviceKey(cert) : undefined;
    this.binding = socket.exportKeyingMaterial(32, EXPORTER_LABEL, Buffer.alloc(0));
    socket.on('data', (chunk: Buffer) => this.#onData(chunk));
    socket.on('close', () => this.#finish('connection closed'));
    socket.on('error', (err) => this.#finish(err.message));
  }

  #onData(chunk: Buffer): void {
    this.bytesIn += chunk.length;
    this.#buffer = this.#buffer.length === 0 ? chunk : Buffer.concat([this.#buffer, chunk]);
    while (this.#buffer.length >= 4) {
      const len = this.#buffer.readUInt32BE(0);
      if (len > MAX_FRAME_BYTES) {
        this.close('frame too large');
        return;
      }
      if (this.#buffer.length < 4 + len) return;
      const text = this.#buffer.subarray(4, 4 + len).toString('utf8');
      this.#buffer = this.#buffer.subarray(4 + len);
      for (const l of this.#messageListeners) l(text);
    }
  }

  send(text: string): void {
    if (this.#closed) return;
    const body = Buffer.from(text, 'utf8');
    const head = Buffer.alloc(4);
    head.writeUInt32BE(body.length, 0);
    this.bytesOut += body.length + 4;
    this.#socket.write(Buffer.concat([head, body]));
  }

  writable(): Promise<void> {
    if (this.#closed || !this.#socket.writableNeedDrain) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        this.#socket.off('drain', done);
        this.#socket.off('close', done);
        resolve();
      };
      this.#socket.on('drain', done);
      this.#socket.on('close', done);
    });
  }

  onMessage(listener: (text: string) => void): void {
    this.#messageListeners.push(listener);
  }

  onClose(listener: (why: string) => void): void {
    this.#closeListeners.push(listener);
  }

  close(why = 'closed'): void {
    if (this.#closed) return;
    this.#socket.end();
    this.#finish(why);
  }

  #finish(why: string): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const l of this.#closeListeners) l(why);
  }
}

function credentials(key: DeviceKey): { key: string; cert: string } {
  return deviceCertificate(key.privateKey, key.deviceId);
}

export interface SyncListener {
  port: number;
  close(): Promise<void>;
}

/** Accepts peers on `host:port` (0 picks a free port); each accepted channel goes to `onPeer`. */
export function listenTls(key: DeviceKey, host: string, port: number, onPeer: (t: TlsTransport) => void): Promise<SyncListener> {
  const server = tls.createServer({ ...credentials(key), requestCert: true, rejectUnauthorized: false, minVersion: 'TLSv1.3' }, (socket) => {
    if (!socket.getPeerX509Certificate() || !certificateDeviceKey(socket.getPeerX509Certificate()!)) {
      socket.destroy();
      return;
    }
    onPeer(new TlsTransport(socket, 'address'));
  });
  server.on('tlsClientError', () => undefined);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const sockets = new Set<tls.TLSSocket>();
      server.on('secureConnection', (s) => {
        sockets.add(s);
        s.on('close', () => sockets.delete(s));
      });
      resolve({
        port: (server.address() as AddressInfo).port,
        close: () =>
          new Promise<void>((done) => {
            for (const s of sockets) s.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}

/** Parses `callboard-sync://host:port` (or `host:port`). */
export function parseSyncUrl(url: string): { host: string; port: number } {
  const m = /^(?:callboard-sync:\/\/)?(\[[^\]]+\]|[^:/]+):(\d{1,5})\/?$/.exec(url.trim());
  if (!m) throw new CallboardError('invalid', `Not a sync address: "${url}" (expected callboard-sync://HOST:PORT)`, { field: 'url' });
  const port = Number(m[2]);
  if (port < 1 || port > 65535) throw new CallboardError('invalid', `Port out of range in "${url}"`, { field: 'url' });
  return { host: m[1]!.replace(/^\[|\]$/g, ''), port };
}

/** Opens a TLS channel to a peer; `expectKey` pins the peer's device key when it is known ahead (QR code). */
export function connectTls(key: DeviceKey, url: string, via: PeerVia, expectKey?: string): Promise<TlsTransport> {
  const { host, port } = parseSyncUrl(url);
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ host, port, ...credentials(key), rejectUnauthorized: false, minVersion: 'TLSv1.3', servername: undefined }, () => {
      const t = new TlsTransport(socket, via);
      if (!t.peerKey || (expectKey !== undefined && t.peerKey !== expectKey)) {
        socket.destroy();
        reject(new CallboardError('forbidden', `The peer at ${url} did not present the expected device key`, { reason: 'key_mismatch' }));
        return;
      }
      resolve(t);
    });
    socket.once('error', (err) => reject(new CallboardError('unavailable', `Cannot reach ${url}: ${err.message}`, { field: 'url' })));
  });
}
