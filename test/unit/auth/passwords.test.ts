import { describe, expect, it } from 'vitest';
import { checkPassword, DEFAULT_SCRYPT, hashPassword, needsRehash, verifyPassword, type ScryptParams } from '../../../core/auth/passwords.ts';
import { CallboardError } from '../../../core/errors.ts';

// Light parameters keep the suite fast; the format and code path are the same.
const FAST: ScryptParams = { N: 1024, r: 8, p: 1, keyLength: 32, saltLength: 16 };
const PW = 'correct horse battery';

describe('hashPassword / verifyPassword', () => {
  it('stores parameters, salt and key, and verifies the right password only', async () => {
    const h = await hashPassword(PW, FAST);
    expect(h).toMatch(/^scrypt\$1024\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(await verifyPassword(PW, h)).toBe(true);
    expect(await verifyPassword(`${PW}!`, h)).toBe(false);
    expect(await verifyPassword('', h)).toBe(false);
  });

  it('salts: the same password hashes differently each time', async () => {
    const [a, b] = await Promise.all([hashPassword(PW, FAST), hashPassword(PW, FAST)]);
    expect(a).not.toBe(b);
    expect(await verifyPassword(PW, b)).toBe(true);
  });

  it('normalizes Unicode so the same visible password verifies', async () => {
    const h = await hashPassword('caf\u00e9 au lait!', FAST);
    expect(await verifyPassword('cafe\u0301 au lait!', h)).toBe(true);
  });

  it('uses the default parameters when none are given', async () => {
    const h = await hashPassword(PW);
    expect(h.startsWith(`scrypt$${DEFAULT_SCRYPT.N}$${DEFAULT_SCRYPT.r}$${DEFAULT_SCRYPT.p}$`)).toBe(true);
    expect(needsRehash(h)).toBe(false);
  });

  it.each([
    '',
    'bcrypt$1024$8$1$c2FsdHNhbHQ$a2V5a2V5a2V5a2V5a2V5a2V5',
    'scrypt$1024$8$1$c2FsdHNhbHQ',
    'scrypt$1000$8$1$c2FsdHNhbHRzYWx0$a2V5a2V5a2V5a2V5a2V5a2V5',
    'scrypt$1$8$1$c2FsdHNhbHRzYWx0$a2V5a2V5a2V5a2V5a2V5a2V5',
    'scrypt$4194304$8$1$c2FsdHNhbHRzYWx0$a2V5a2V5a2V5a2V5a2V5a2V5',
    'scrypt$1024$64$1$c2FsdHNhbHRzYWx0$a2V5a2V5a2V5a2V5a2V5a2V5',
    'scrypt$1024$8$32$c2FsdHNhbHRzYWx0$a2V5a2V5a2V5a2V5a2V5a2V5',
    'scrypt$1024$x$1$c2FsdHNhbHRzYWx0$a2V5a2V5a2V5a2V5a2V5a2V5',
    'scrypt$1024$8$1$c2Fs$a2V5a2V5a2V5a2V5a2V5a2V5',
    'scrypt$1024$8$1$c2FsdHNhbHRzYWx0$a2V5',
    `scrypt$1024$8$1$c2FsdHNhbHRzYWx0$${'a'.repeat(200)}`,
  ])('treats a malformed or out-of-bounds hash %# as not matching', async (stored) => {
    expect(await verifyPassword(PW, stored)).toBe(false);
    expect(needsRehash(stored)).toBe(true);
  });

  it('refuses overlong candidates and non-strings without hashing', async () => {
    const h = await hashPassword(PW, FAST);
    expect(await verifyPassword('x'.repeat(1025), h)).toBe(false);
    expect(await verifyPassword(undefined as unknown as string, h)).toBe(false);
    expect(await verifyPassword(PW, undefined as unknown as string)).toBe(false);
  });

  it('says when a hash was made with other parameters', async () => {
    const h = await hashPassword(PW, FAST);
    expect(needsRehash(h, FAST)).toBe(false);
    expect(needsRehash(h)).toBe(true);
    expect(needsRehash(h, { ...FAST, r: 16 })).toBe(true);
    expect(needsRehash(h, { ...FAST, p: 2 })).toBe(true);
    expect(needsRehash(h, { ...FAST, keyLength: 64 })).toBe(true);
  });
});

describe('checkPassword', () => {
  it('accepts 10 to 1024 characters, counting code points', () => {
    expect(checkPassword('0123456789')).toBe('0123456789');
    expect(checkPassword('🎭'.repeat(10))).toBe('🎭'.repeat(10));
    expect(() => checkPassword('🎭'.repeat(9))).toThrow(/at least 10/);
    expect(() => checkPassword('x'.repeat(1025))).toThrow(/at most 1024/);
    expect(() => checkPassword(12345678901)).toThrow(/must be text/);
    let err: unknown;
    try {
      checkPassword('short');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CallboardError);
    expect((err as CallboardError).toShape()).toEqual({ code: 'invalid', message: 'password must be at least 10 characters', details: { field: 'password' } });
  });

  it('hashPassword refuses a weak password', async () => {
    await expect(hashPassword('short', FAST)).rejects.toThrow(/at least 10/);
  });

  it('hashPassword rejects when scrypt itself fails', async () => {
    await expect(hashPassword(PW, { ...FAST, N: 3 })).rejects.toThrow();
  });
});
