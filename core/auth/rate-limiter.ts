import type { Clock } from '../clock.ts';
import { CallboardError } from '../errors.ts';

/**
 * Limits failed sign-in attempts per (user, source): after `maxFailures` failures within
 * `windowMs` (sliding window, injected clock), further attempts are refused with
 * `rate_limited` until the oldest failure leaves the window. A success clears the key.
 * Memory is bounded by `maxKeys`: beyond it, expired keys are dropped, then the oldest.
 */
export interface RateLimitOptions {
  maxFailures?: number;
  windowMs?: number;
  maxKeys?: number;
}

export class LoginRateLimiter {
  readonly #clock: Clock;
  readonly #max: number;
  readonly #window: number;
  readonly #maxKeys: number;
  readonly #failures = new Map<string, number[]>();

  constructor(clock: Clock, opts: RateLimitOptions = {}) {
    this.#clock = clock;
    this.#max = opts.maxFailures ?? 5;
    this.#window = opts.windowMs ?? 15 * 60_000;
    this.#maxKeys = opts.maxKeys ?? 10_000;
  }

  /** Milliseconds until another attempt is allowed; 0 when allowed now. */
  retryAfterMs(userId: string, source: string): number {
    const recent = this.#recent(this.#key(userId, source));
    if (recent.length < this.#max) return 0;
    return (recent[recent.length - this.#max] as number) + this.#window - this.#clock.now();
  }

  /** Throws `rate_limited` when the attempt must not even be tried. */
  assertAllowed(userId: string, source: string): void {
    const wait = this.retryAfterMs(userId, source);
    if (wait > 0) {
      throw new CallboardError('rate_limited', `Too many failed sign-in attempts; try again in ${Math.ceil(wait / 60_000)} min`, {
        retryAfterMs: wait,
      });
    }
  }

  recordFailure(userId: string, source: string): void {
    const key = this.#key(userId, source);
    const recent = this.#recent(key);
    recent.push(this.#clock.now());
    this.#failures.delete(key);
    this.#failures.set(key, recent);
    if (this.#failures.size > this.#maxKeys) this.#evict();
  }

  recordSuccess(userId: string, source: string): void {
    this.#failures.delete(this.#key(userId, source));
  }

  /** How many keys are tracked (for tests and diagnostics). */
  get size(): number {
    return this.#failures.size;
  }

  #key(userId: string, source: string): string {
    return `${userId.toLowerCase()}\u0000${source}`;
  }

  #recent(key: string): number[] {
    const since = this.#clock.now() - this.#window;
    return (this.#failures.get(key) ?? []).filter((t) => t > since);
  }

  #evict(): void {
    for (const key of [...this.#failures.keys()]) if (this.#recent(key).length === 0) this.#failures.delete(key);
    while (this.#failures.size > this.#maxKeys) this.#failures.delete(this.#failures.keys().next().value as string);
  }
}
