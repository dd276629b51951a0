import { describe, expect, it } from 'vitest';
import { TestClock } from '../../../core/clock.ts';
import { LoginRateLimiter } from '../../../core/auth/rate-limiter.ts';
import { CallboardError } from '../../../core/errors.ts';

const MIN = 60_000;

function fail(l: LoginRateLimiter, n: number, user = 'ada', source = '10.0.0.1') {
  for (let i = 0; i < n; i++) l.recordFailure(user, source);
}

describe('LoginRateLimiter', () => {
  it('allows 5 failures per user and source within 15 minutes, then refuses with rate_limited', () => {
    const clock = new TestClock();
    const l = new LoginRateLimiter(clock);
    fail(l, 4);
    expect(() => l.assertAllowed('ada', '10.0.0.1')).not.toThrow();
    fail(l, 1);
    let err: unknown;
    try {
      l.assertAllowed('ada', '10.0.0.1');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CallboardError);
    expect((err as CallboardError).code).toBe('rate_limited');
    expect((err as CallboardError).details).toEqual({ retryAfterMs: 15 * MIN });
    expect((err as CallboardError).message).toMatch(/try again in 15 min/);
  });

  it('keys by user (case-insensitively) and source', () => {
    const l = new LoginRateLimiter(new TestClock());
    fail(l, 5, 'Ada');
    expect(l.retryAfterMs('ada', '10.0.0.1')).toBeGreaterThan(0);
    expect(l.retryAfterMs('ada', '10.0.0.2')).toBe(0);
    expect(l.retryAfterMs('bob', '10.0.0.1')).toBe(0);
  });

  it('uses a sliding window on the injected clock', () => {
    const clock = new TestClock();
    const l = new LoginRateLimiter(clock);
    fail(l, 3);
    clock.advance(10 * MIN);
    fail(l, 2);
    expect(l.retryAfterMs('ada', '10.0.0.1')).toBe(5 * MIN);
    clock.advance(5 * MIN - 1);
    expect(l.retryAfterMs('ada', '10.0.0.1')).toBe(1);
    clock.advance(1);
    // the three oldest failures left the window
    expect(l.retryAfterMs('ada', '10.0.0.1')).toBe(0);
    fail(l, 2);
    expect(l.retryAfterMs('ada', '10.0.0.1')).toBe(0);
    fail(l, 1);
    expect(l.retryAfterMs('ada', '10.0.0.1')).toBe(10 * MIN);
  });

  it('clears a key on success', () => {
    const l = new LoginRateLimiter(new TestClock());
    fail(l, 5);
    l.recordSuccess('ada', '10.0.0.1');
    expect(l.retryAfterMs('ada', '10.0.0.1')).toBe(0);
    expect(l.size).toBe(0);
  });

  it('honours custom limits', () => {
    const clock = new TestClock();
    const l = new LoginRateLimiter(clock, { maxFailures: 2, windowMs: MIN });
    fail(l, 2);
    expect(() => l.assertAllowed('ada', '10.0.0.1')).toThrow(/try again in 1 min/);
    clock.advance(MIN);
    expect(() => l.assertAllowed('ada', '10.0.0.1')).not.toThrow();
  });

  it('bounds memory: drops expired keys first, then the oldest', () => {
    const clock = new TestClock();
    const l = new LoginRateLimiter(clock, { maxKeys: 3, windowMs: MIN });
    fail(l, 1, 'a');
    fail(l, 1, 'b');
    clock.advance(MIN);
    fail(l, 5, 'c');
    fail(l, 1, 'd');
    // a and b expired and were dropped
    expect(l.size).toBe(2);
    fail(l, 1, 'e');
    fail(l, 1, 'f');
    expect(l.size).toBe(3);
    // c was the least recently failed key
    expect(l.retryAfterMs('c', '10.0.0.1')).toBe(0);
    expect(l.retryAfterMs('d', '10.0.0.1')).toBe(0);
  });
});
