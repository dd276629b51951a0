import os from 'node:os';
import type { App } from '../api/app.ts';
import { bonjourDiscovery, LanPeers, type Discovery } from '../sync/discovery.ts';
import { serveSync, syncWith } from '../sync/network.ts';
import type { Timers } from '../sync/remembered.ts';

export interface SyncServerOptions {
  app: App;
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** Advertise on the LAN and connect to enrolled peers found there (mDNS). Default false. */
  lan?: boolean;
  /** Injected in tests; bonjour-service otherwise. */
  discovery?: Discovery;
  /** Reconnect to remembered peers (sync.connect with stay, the peer joined through), with backoff. Default true. */
  reconnect?: boolean;
  /** Injected in tests: the reconnection loop's timers. */
  timers?: Timers;
  log: (line: string) => void;
}

export interface RunningSyncServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * A replica's part in peer sync — the daemon's (`callboard daemon`) and the desktop app's core
 * worker's (electron/core-worker.ts) alike. The peer port: accepts TLS sync connections from enrolled devices. Because the
 * daemon is a full replica, what one laptop brings it passes on to the others, now or when
 * they next connect, so it relays between devices that are never online at the same time.
 */
export async function startSyncServer(options: SyncServerOptions): Promise<RunningSyncServer> {
  const sync = options.app.services.sync;
  const listener = await serveSync(sync, options.host, options.port);
  const hostForUrl = options.host.includes(':') ? `[${options.host}]` : options.host;
  const url = `callboard-sync://${hostForUrl}:${listener.port}`;
  // What invites tell new devices: a wildcard address names this machine's first LAN address.
  const wildcard = options.host === '0.0.0.0' || options.host === '::';
  const lanAddress = wildcard ? Object.values(os.networkInterfaces()).flat().find((a) => a && a.family === 'IPv4' && !a.internal)?.address : undefined;
  sync.publicUrl = wildcard ? `callboard-sync://${lanAddress ?? os.hostname()}:${listener.port}` : url;
  let discovery: Discovery | undefined;
  if (options.lan || options.discovery) {
    discovery = options.discovery ?? bonjourDiscovery();
    discovery.advertise(sync.key.deviceId, listener.port);
    new LanPeers(sync, discovery, (peerUrl) => syncWith(sync, peerUrl, { via: 'lan' }));
  }
  if (options.reconnect !== false) {
    const remembered = sync.remembered.list();
    if (remembered.length > 0) options.log(`sync: reconnecting to ${remembered.map((p) => p.url).join(', ')}`);
    sync.remembered.start(
      async (peerUrl, via) => {
        const { session } = await syncWith(sync, peerUrl, { via });
        return { deviceId: session.peer?.deviceId ?? null };
      },
      { isConnected: (deviceId) => sync.connectedTo(deviceId), ...(options.timers ? { timers: options.timers } : {}) },
    );
  }
  options.log(`sync: accepting enrolled devices at ${url} (device ${sync.key.deviceId})`);
  return {
    url,
    port: listener.port,
    close: async () => {
      sync.remembered.stop();
      discovery?.close();
      await listener.close();
    },
  };
}

/** The desktop app's sync port when free (the daemon's default is 4821); else any free port. */
export const DESKTOP_SYNC_PORT = 4822;

export interface DesktopSyncOptions {
  /** LAN sync: listen on every interface and advertise / discover peers with mDNS. Default true; false listens on loopback only. */
  lan?: boolean;
  port?: number;
  discovery?: Discovery;
  timers?: Timers;
  log: (line: string) => void;
}

/**
 * The desktop app's core worker takes part in sync like the daemon: the same listener, LAN
 * discovery on by default, and reconnection to remembered peers. electron/ only calls this.
 */
export async function startDesktopSync(app: App, options: DesktopSyncOptions): Promise<RunningSyncServer> {
  const lan = options.lan !== false;
  const base = {
    app,
    host: lan ? '0.0.0.0' : '127.0.0.1',
    lan,
    ...(lan && options.discovery ? { discovery: options.discovery } : {}),
    ...(options.timers ? { timers: options.timers } : {}),
    log: options.log,
  };
  try {
    return await startSyncServer({ ...base, port: options.port ?? DESKTOP_SYNC_PORT });
  } catch (err) {
    if ((err as { code?: string }).code !== 'EADDRINUSE') throw err;
    options.log(`sync: port ${options.port ?? DESKTOP_SYNC_PORT} is in use; listening on another`);
    return startSyncServer({ ...base, port: 0 });
  }
}
