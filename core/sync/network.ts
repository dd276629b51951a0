import { CallboardError } from '../errors.ts';
import type { PeerVia } from './protocol.ts';
import type { SyncService } from './service.ts';
import type { PeerSession } from './session.ts';
import { connectTls, listenTls, type SyncListener } from './tls.ts';

export interface ConnectOptions {
  via?: PeerVia;
  /** A new device's invite code: enroll through this peer first. */
  enrollCode?: string;
  /** The peer's device key when known ahead (from an invite's QR code): pinned. */
  expectKey?: string;
  /** Give up waiting for the first catch-up after this many ms (default 120 s). */
  timeoutMs?: number;
}

export interface SyncOutcome {
  session: PeerSession;
  /** Both sides caught up before the timeout. */
  idle: boolean;
}

/** Connects to a peer over TLS and waits until the first catch-up is done (the session stays open). */
export async function syncWith(service: SyncService, url: string, options: ConnectOptions = {}): Promise<SyncOutcome> {
  const transport = await connectTls(service.key, url, options.via ?? 'address', options.expectKey);
  const session = service.attach(transport, options.enrollCode ? { enrollCode: options.enrollCode } : {});
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), options.timeoutMs ?? 120_000);
    timer.unref?.();
  });
  const idle = await Promise.race([session.whenIdle(), timeout]);
  clearTimeout(timer);
  if (!idle && !session.authenticated) {
    const reason = session.state === 'connecting' ? 'the peer did not complete the handshake' : `${session.state}${session.detail ? `: ${session.detail}` : ''}`;
    session.close('handshake failed');
    throw new CallboardError(session.state === 'incompatible_version' ? 'incompatible' : 'forbidden', `Sync with ${url} refused: ${reason}`, { reason: session.lastRefusal ?? session.state, state: session.state });
  }
  return { session, idle };
}

/** Accepts peers over TLS (the daemon as a hub, or a laptop on the LAN). */
export function serveSync(service: SyncService, host: string, port: number): Promise<SyncListener> {
  return listenTls(service.key, host, port, (t) => {
    try {
      service.attach(t);
    } catch {
      t.close('sync is stopped');
    }
  });
}
