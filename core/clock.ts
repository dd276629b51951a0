/**
 * The one source of time. Every module takes a Clock; nothing calls Date.now() directly.
 * Tests use TestClock and move it; production uses systemClock.
 */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
}

export const systemClock: Clock = {
  now: () => Date.now(),
};

export class TestClock implements Clock {
  #now: number;

  constructor(start: number | string | Date = '2026-01-01T12:00:00Z') {
    this.#now = toMillis(start);
  }

  now(): number {
    return this.#now;
  }

  /** Moves the clock forward by `ms` milliseconds. */
  advance(ms: number): void {
    if (ms < 0) throw new RangeError('TestClock only moves forward; use set() to go back');
    this.#now += ms;
  }

  set(time: number | string | Date): void {
    this.#now = toMillis(time);
  }
}

function toMillis(t: number | string | Date): number {
  if (typeof t === 'number') return t;
  const ms = new Date(t).getTime();
  if (Number.isNaN(ms)) throw new RangeError(`not a time: ${String(t)}`);
  return ms;
}

export function isoTime(clock: Clock): string {
  return new Date(clock.now()).toISOString();
}
