import type { PeerVia, Transport } from './protocol.ts';

/**
 * An in-memory network for tests and simulations: messages queue until `deliver()` runs, so
 * a test decides exactly when (and whether) they arrive, with no timers and no sleeps.
 */
export class MemoryNetwork {
  #queue: Array<() => void> = [];

  /** A connected pair of transports. */
  pair(via: PeerVia = 'memory'): [MemoryTransport, MemoryTransport] {
    const a = new MemoryTransport(this, via);
    const b = new MemoryTransport(this, via);
    a.other = b;
    b.other = a;
    return [a, b];
  }

  enqueue(fn: () => void): void {
    this.#queue.push(fn);
  }

  /** Delivers queued messages (and those they cause) until none is left or `max` ran. Returns how many. */
  deliver(max = 1_000_000): number {
    let n = 0;
    while (this.#queue.length > 0 && n < max) {
      this.#queue.shift()!();
      n++;
    }
    return n;
  }

  get pending(): number {
    return this.#queue.length;
  }
}

export class MemoryTransport implements Transport {
  other: MemoryTransport | undefined;
  readonly binding = undefined;
  peerKey: string | undefined = undefined;
  readonly address = undefined;
  #messageListeners: Array<(text: string) => void> = [];
  #closeListeners: Array<(why: string) => void> = [];
  #closed = false;
  /** Every frame sent, for tests that inspect or tamper with traffic. */
  readonly sent: string[] = [];

  constructor(
    private readonly network: MemoryNetwork,
    readonly via: PeerVia,
  ) {}

  send(text: string): void {
    if (this.#closed) return;
    this.sent.push(text);
    const to = this.other;
    this.network.enqueue(() => to?.receive(text));
  }

  /** Delivers a frame as if the peer had sent it. */
  receive(text: string): void {
    if (this.#closed) return;
    for (const l of this.#messageListeners) l(text);
  }

  onMessage(listener: (text: string) => void): void {
    this.#messageListeners.push(listener);
  }

  onClose(listener: (why: string) => void): void {
    this.#closeListeners.push(listener);
  }

  close(why = 'closed'): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const l of this.#closeListeners) l(why);
    const other = this.other;
    this.network.enqueue(() => other?.close(why));
  }

  get closed(): boolean {
    return this.#closed;
  }
}
