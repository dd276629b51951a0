import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { promisify } from 'node:util';
import { invalid } from '../errors.ts';

/**
 * Password hashing with scrypt (node:crypto). The stored form carries its parameters and
 * salt, so they can be raised later (`needsRehash`) without breaking existing hashes:
 *
 *   scrypt$<N>$<r>$<p>$<salt, base64url>$<key, base64url>
 */
export interface ScryptParams {
  N: number;
  r: number;
  p: number;
  keyLength: number;
  saltLength: number;
}

/** About 50–100 ms and 32 MiB per hash on a laptop (OWASP's scrypt minimum is N=2^17 r=8 p=1 at 128 MiB; this is the lighter interactive setting). */
export const DEFAULT_SCRYPT: ScryptParams = { N: 2 ** 15, r: 8, p: 1, keyLength: 32, saltLength: 16 };

export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 1024;

/** Bounds for parameters read back from storage, so a tampered hash cannot exhaust memory. */
const LIMITS = { N: 2 ** 20, r: 32, p: 16, keyLength: 128 };

const scryptAsync = promisify(scrypt) as (password: string, salt: Buffer, keyLength: number, opts: ScryptOptions) => Promise<Buffer>;

function derive(password: string, salt: Buffer, keyLength: number, opts: ScryptOptions): Promise<Buffer> {
  return scryptAsync(password.normalize('NFKC'), salt, keyLength, opts);
}

function options(N: number, r: number, p: number): ScryptOptions {
  return { N, r, p, maxmem: 256 * N * r * p + 1024 * 1024 };
}

/** Refuses passwords that are too short or absurdly long (`invalid`, field `password`). */
export function checkPassword(password: unknown): string {
  if (typeof password !== 'string') throw invalid('password must be text', { field: 'password' });
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) throw invalid(`password must be at least ${MIN_PASSWORD_LENGTH} characters`, { field: 'password' });
  if (length > MAX_PASSWORD_LENGTH) throw invalid(`password must be at most ${MAX_PASSWORD_LENGTH} characters`, { field: 'password' });
  return password;
}

export async function hashPassword(password: string, params: ScryptParams = DEFAULT_SCRYPT): Promise<string> {
  checkPassword(password);
  const salt = randomBytes(params.saltLength);
  const key = await derive(password, salt, params.keyLength, options(params.N, params.r, params.p));
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

interface Parsed {
  N: number;
  r: number;
  p: number;
  salt: Buffer;
  key: Buffer;
}

function parse(stored: string): Parsed | undefined {
  const parts = typeof stored === 'string' ? stored.split('$') : [];
  if (parts.length !== 6 || parts[0] !== 'scrypt') return undefined;
  const [N, r, p] = parts.slice(1, 4).map((x) => (/^[1-9][0-9]{0,9}$/.test(x as string) ? Number(x) : NaN)) as [number, number, number];
  const salt = Buffer.from(parts[4] as string, 'base64url');
  const key = Buffer.from(parts[5] as string, 'base64url');
  const powerOfTwo = N > 1 && (N & (N - 1)) === 0;
  if (!powerOfTwo || N > LIMITS.N || !(r <= LIMITS.r) || !(p <= LIMITS.p)) return undefined;
  if (salt.length < 8 || key.length < 16 || key.length > LIMITS.keyLength) return undefined;
  return { N, r, p, salt, key };
}

/** True when `password` matches `stored`; false for a wrong password or a malformed hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parse(stored);
  if (!parsed || typeof password !== 'string' || [...password].length > MAX_PASSWORD_LENGTH) return false;
  const key = await derive(password, parsed.salt, parsed.key.length, options(parsed.N, parsed.r, parsed.p));
  return timingSafeEqual(key, parsed.key);
}

/** True when `stored` was made with weaker (or different) parameters than `params`, or is malformed. */
export function needsRehash(stored: string, params: ScryptParams = DEFAULT_SCRYPT): boolean {
  const parsed = parse(stored);
  return !parsed || parsed.N !== params.N || parsed.r !== params.r || parsed.p !== params.p || parsed.key.length !== params.keyLength;
}
