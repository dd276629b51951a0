import { Bonjour } from 'bonjour-service';
import type { SyncService } from './service.ts';

/**
 * LAN discovery. A `Discovery` advertises this device's sync port and reports peers it sees;
 * `bonjourDiscovery` does it with mDNS/DNS-SD (`_callboard-sync._tcp`, bonjour-service).
 * `LanPeers` decides whom to connect to (enrolled, not revoked, not this device, not already
 * connected) and is tested with a fake Discovery, so no test depends on multicast.
 */
export interface FoundPeer {
  deviceId: string;
  host: string;
  port: number;
}

export interface Discovery {
  advertise(deviceId: string, port: number): void;
  onPeer(listener: (peer: FoundPeer) => void): void;
  close(): void;
}

export const SERVICE_TYPE = 'callboard-sync';

export function bonjourDiscovery(): Discovery {
  const bonjour = new Bonjour();
  const listeners: Array<(p: FoundPeer) => void> = [];
  const browser = bonjour.find({ type: SERVICE_TYPE }, (service) => {
    const deviceId = String((service.txt as Record<string, unknown> | undefined)?.device ?? '');
    const host = service.addresses?.find((a) => !a.includes(':')) ?? service.host;
    if (deviceId && host) for (const l of listeners) l({ deviceId, host, port: service.port });
  });
  return {
    advertise(deviceId, port) {
      bonjour.publish({ name: `callboard-${deviceId}`, type: SERVICE_TYPE, port, txt: { device: deviceId } });
    },
    onPeer(listener) {
      listeners.push(listener);
    },
    close() {
      browser.stop();
      bonjour.unpublishAll();
      bonjour.destroy();
    },
  };
}

export class LanPeers {
  readonly #service: SyncService;
  readonly #connect: (url: string, deviceId: string) => Promise<unknown>;
  readonly #connecting = new Set<string>();

  constructor(service: SyncService, discovery: Discovery, connect: (url: string, deviceId: string) => Promise<unknown>) {
    this.#service = service;
    this.#connect = connect;
    discovery.onPeer((p) => void this.found(p));
  }

  /** Connects to a found peer if it should; resolves to whether it tried. */
  async found(peer: FoundPeer): Promise<boolean> {
    if (peer.deviceId === this.#service.key.deviceId || this.#connecting.has(peer.deviceId)) return false;
    if (this.#service.sessions.some((s) => s.open && s.peer?.deviceId === peer.deviceId)) return false;
    const device = this.#service.devices().find((d) => d.id === peer.deviceId);
    if (!device || device.revokedAt !== null) return false;
    this.#connecting.add(peer.deviceId);
    try {
      await this.#connect(`callboard-sync://${peer.host.includes(':') ? `[${peer.host}]` : peer.host}:${peer.port}`, peer.deviceId);
      return true;
    } catch {
      return true;
    } finally {
      this.#connecting.delete(peer.deviceId);
    }
  }
}
