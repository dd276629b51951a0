import os from 'node:os';
import type { App } from '../api/app.ts';
import { bonjourDiscovery, LanPeers, type Discovery } from '../sync/discovery.ts';
import { serveSync, syncWith } from '../sync/network.ts';

export interface SyncServerOptions {
  app: App;
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** Advertise on the LAN and connect to enrolled peers found there (mDNS). Default false. */
  lan?: boolean;
  /** Injected in tests; bonjour-service otherwise. */
  discovery?: Discovery;
  log: (line: string) => void;
}

export interface RunningSyncServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * The daemon's peer port: accepts TLS sync connections from enrolled devices. Because the
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
  options.log(`sync: accepting enrolled devices at ${url} (device ${sync.key.deviceId})`);
  return {
    url,
    port: listener.port,
    close: async () => {
      discovery?.close();
      await listener.close();
    },
  };
}
