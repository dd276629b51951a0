import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../clock.ts';
import { CallboardError } from '../errors.ts';
import type { SqliteDatabase } from '../store/database.ts';

/**
 * One-time enrollment invites. An admin creates one for a user; the code (10 characters of
 * Crockford base32, ~50 bits, shown as `ABCDE-FGHJK`) is given to the new device by hand or
 * as a QR code. Only its SHA-256 is stored; it expires (injected clock) and is spent by its
 * first successful use. The new device proves it knows the code with an HMAC bound to the
 * channel, so the code itself never crosses the wire.
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const DEFAULT_INVITE_TTL_MS = 30 * 60 * 1000;

export interface InviteRecord {
  userId: string;
  deviceName: string;
  createdBy: string;
  createdAt: number;
  expiresAt: number;
  usedAt: number | null;
  usedBy: string | null;
}

export function normalizeCode(code: string): string {
  return code.toUpperCase().replace(/[^0-9A-Z]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
}

function codeHash(code: string): string {
  return createHash('sha256').update(`callboard-invite:${normalizeCode(code)}`).digest('hex');
}

export function newInviteCode(): string {
  const bytes = randomBytes(10);
  let out = '';
  for (const b of bytes) out += ALPHABET[b & 31];
  return `${out.slice(0, 5)}-${out.slice(5)}`;
}

/** The enrolling device's proof of the code, bound to this channel and its key. */
export function enrollProof(code: string, binding: Buffer, devicePub: string): string {
  return createHmac('sha256', normalizeCode(code)).update('callboard-enroll-v1').update(binding).update(devicePub).digest('base64url');
}

export class Invites {
  constructor(
    private readonly db: SqliteDatabase,
    private readonly clock: Clock,
  ) {}

  create(input: { userId: string; deviceName: string; createdBy: string; ttlMs?: number }): { code: string; expiresAt: number } {
    const code = newInviteCode();
    const now = this.clock.now();
    const expiresAt = now + (input.ttlMs ?? DEFAULT_INVITE_TTL_MS);
    this.db
      .prepare('INSERT INTO sync_invites (code_hash, user_id, device_name, created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(codeHash(code), input.userId, input.deviceName, input.createdBy, now, expiresAt);
    return { code, expiresAt };
  }

  /**
   * Finds the invite whose code matches `proof` (the HMAC the device computed) and checks it
   * can be spent. Throws a named refusal: invite_unknown, invite_used, invite_expired.
   */
  check(code: string, proof: string, binding: Buffer, devicePub: string): InviteRecord & { codeHash: string } {
    const expected = Buffer.from(enrollProof(code, binding, devicePub));
    const given = Buffer.from(proof);
    const row = this.db.prepare('SELECT * FROM sync_invites WHERE code_hash = ?').get(codeHash(code)) as
      | { code_hash: string; user_id: string; device_name: string; created_by: string; created_at: number; expires_at: number; used_at: number | null; used_by: string | null }
      | undefined;
    if (!row || expected.length !== given.length || !timingSafeEqual(expected, given)) {
      throw new CallboardError('forbidden', 'No such invite', { reason: 'invite_unknown' });
    }
    if (row.used_at !== null) throw new CallboardError('forbidden', 'This invite was already used', { reason: 'invite_used' });
    if (row.expires_at <= this.clock.now()) throw new CallboardError('forbidden', 'This invite has expired', { reason: 'invite_expired' });
    return {
      codeHash: row.code_hash,
      userId: row.user_id,
      deviceName: row.device_name,
      createdBy: row.created_by,
      createdAt: row.created_at,
      expiresAt: row.expires_at,
      usedAt: row.used_at,
      usedBy: row.used_by,
    };
  }

  spend(codeHashValue: string, deviceId: string): void {
    this.db.prepare('UPDATE sync_invites SET used_at = ?, used_by = ? WHERE code_hash = ? AND used_at IS NULL').run(this.clock.now(), deviceId, codeHashValue);
  }

  list(): InviteRecord[] {
    return (this.db.prepare('SELECT * FROM sync_invites ORDER BY created_at DESC').all() as Array<Record<string, unknown>>).map((r) => ({
      userId: r.user_id as string,
      deviceName: r.device_name as string,
      createdBy: r.created_by as string,
      createdAt: r.created_at as number,
      expiresAt: r.expires_at as number,
      usedAt: (r.used_at as number | null) ?? null,
      usedBy: (r.used_by as string | null) ?? null,
    }));
  }
}
