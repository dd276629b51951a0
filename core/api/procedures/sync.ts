import fs from 'node:fs';
import path from 'node:path';
import QRCode from 'qrcode';
import { z } from 'zod';
import type { AuditLog } from '../../auth/audit.ts';
import { PolicyEngine } from '../../auth/engine.ts';
import { POLICY_DOC_ID, POLICY_SCOPE, type PolicyDoc } from '../../auth/model.ts';
import type { Clock } from '../../clock.ts';
import { CallboardError } from '../../errors.ts';
import type { Store } from '../../store/store.ts';
import { backupStore } from '../../sync/backup.ts';
import { syncWith } from '../../sync/network.ts';
import { isPublicKeyText, type DeviceKey } from '../../sync/identity.ts';
import { normalizeCode } from '../../sync/invites.ts';
import { parseSyncUrl } from '../../sync/tls.ts';
import type { PolicyJudge, PolicyUsers } from '../../sync/policy-view.ts';
import type { SecurityEvent } from '../../sync/session.ts';
import { SyncService } from '../../sync/service.ts';
import { grant, procedure, type HandlerContext } from '../procedure.ts';
import { findUser } from './policy.ts';

declare module '../services.ts' {
  interface Services {
    sync: SyncService;
  }
}

/** The permission engine as the sync layer's judge: one engine per policy snapshot. */
export function engineJudge(): PolicyJudge {
  const engines = new WeakMap<object, PolicyEngine>();
  return {
    check(policy: PolicyUsers, userId, action, scope) {
      let engine = engines.get(policy);
      if (!engine) engines.set(policy, (engine = new PolicyEngine(policy as unknown as PolicyDoc)));
      return engine.check(userId, action, scope);
    },
  };
}

export const SECURITY_EVENT_ACTION = 'sync.receive';

/** Records a refused change or peer in the audit trail (outcome `denied`). */
export function auditSecurityEvent(audit: AuditLog, store: Store, e: SecurityEvent): void {
  const scope = e.docId && store.has(e.docId) ? store.info(e.docId)!.scope : 'sync';
  audit.append({
    deviceId: store.deviceId,
    userId: e.userId ?? 'unknown',
    action: SECURITY_EVENT_ACTION,
    procedure: 'sync',
    scope,
    target: e.docId ? `${e.docId}${e.hash ? `@${e.hash.slice(0, 12)}` : ''}` : e.deviceId,
    summary: `Refused from ${e.peerDeviceId ?? 'a peer'}: ${e.reason}: ${e.message}`,
    diff: { reason: e.reason, deviceId: e.deviceId ?? null, peerDeviceId: e.peerDeviceId ?? null, hash: e.hash ?? null },
    outcome: 'denied',
  });
}

/** Builds this replica's sync engine (called once by the composition root). */
export function createSyncService(deps: { store: Store; clock: Clock; audit: AuditLog; key: DeviceKey; version: string; deviceName?: string }): SyncService {
  return new SyncService({
    store: deps.store,
    key: deps.key,
    clock: deps.clock,
    judge: engineJudge(),
    appVersion: deps.version,
    ...(deps.deviceName ? { deviceName: deps.deviceName } : {}),
    onSecurityEvent: (e) => auditSecurityEvent(deps.audit, deps.store, e),
  });
}

const deviceId = z.string().trim().min(1).max(100);
const deviceName = z.string().trim().min(1, 'must not be empty').max(100);
const managePolicy = grant('policy.manage', POLICY_SCOPE);
const viewSync = grant('view', 'sync');

function userNames(ctx: HandlerContext): (id: string) => string {
  const users = ctx.store.doc<PolicyDoc>(POLICY_DOC_ID).users;
  return (id) => (Object.hasOwn(users, id) ? users[id]!.name : id);
}

function publicDevice(d: ReturnType<SyncService['devices']>[number], nameOf: (id: string) => string) {
  return { id: d.id, name: d.name, userId: d.userId, userName: nameOf(d.userId), publicKey: d.publicKey, enrolledAt: d.enrolledAt, revokedAt: d.revokedAt, self: d.self, founding: d.founding };
}

export const syncProcedures = {
  'sync.status': procedure({
    name: 'sync.status',
    description: 'This device, its peers (device, user, last seen, LAN or daemon, pending each way, named error state) and changes pending per document.',
    kind: 'query',
    input: z.object({}).strict(),
    permission: viewSync,
    handler: (_i, ctx) => {
      const sync = ctx.services.sync;
      const nameOf = userNames(ctx);
      return {
        device: { id: sync.key.deviceId, name: sync.deviceName, publicKey: sync.key.publicKey },
        peers: sync.peers().map((p) => ({ ...p, userName: nameOf(p.userId) })),
        pending: sync.pendingByDocument(),
      };
    },
  }),
  'sync.securityEvents': procedure({
    name: 'sync.securityEvents',
    description: 'Refused changes and peers (bad signature, unknown or revoked device, permission…), newest first.',
    kind: 'query',
    input: z.object({ limit: z.number().int().min(1).max(1000).default(100) }).strict(),
    permission: viewSync,
    handler: (input, ctx) =>
      ctx.services.audit.query({ action: SECURITY_EVENT_ACTION, outcome: 'denied', limit: input.limit }).map((e) => {
        const diff = (e.diff ?? {}) as { reason?: string; deviceId?: string | null; peerDeviceId?: string | null };
        return { id: e.id, at: e.at, reason: diff.reason ?? 'unknown', summary: e.summary, scope: e.scope, target: e.target ?? null, deviceId: diff.deviceId ?? null, peerDeviceId: diff.peerDeviceId ?? null, userId: e.userId };
      }),
  }),
  'sync.devices.list': procedure({
    name: 'sync.devices.list',
    description: 'Enrolled devices with their user, key, enrollment and revocation.',
    kind: 'query',
    input: z.object({}).strict(),
    permission: viewSync,
    handler: (_i, ctx) => {
      const nameOf = userNames(ctx);
      return ctx.services.sync.devices().map((d) => publicDevice(d, nameOf));
    },
  }),
  'sync.devices.rename': procedure({
    name: 'sync.devices.rename',
    description: 'Renames an enrolled device.',
    kind: 'mutation',
    input: z.object({ deviceId, name: deviceName }).strict(),
    permission: managePolicy,
    handler: (input, ctx) => {
      const before = ctx.services.sync.devices().find((d) => d.id === input.deviceId);
      const d = ctx.services.sync.renameDevice(input.deviceId, input.name);
      ctx.audit({ target: d.id, summary: `Renamed device ${before?.name ?? d.id} to ${d.name}`, before: { name: before?.name }, after: { name: d.name } });
      return publicDevice(d, userNames(ctx));
    },
  }),
  'sync.devices.revoke': procedure({
    name: 'sync.devices.revoke',
    description: "Revokes a device: peers refuse it, and its changes made after the revocation are refused and dropped everywhere.",
    kind: 'mutation',
    input: z.object({ deviceId }).strict(),
    permission: managePolicy,
    handler: (input, ctx) => {
      const d = ctx.services.sync.revokeDevice(input.deviceId);
      ctx.audit({ target: d.id, summary: `Revoked device ${d.name} of ${userNames(ctx)(d.userId)}` });
      return publicDevice(d, userNames(ctx));
    },
  }),
  'sync.invites.create': procedure({
    name: 'sync.invites.create',
    description:
      "A one-time invite (short code and QR code, expiring) for a new device of a user. On the new device: the app's Join a company screen (code or link, and this device's sync address), or `callboard device enroll --code CODE --url URL`. `url` defaults to this replica's own sync address when it listens.",
    kind: 'mutation',
    input: z
      .object({
        user: z.string().trim().min(1).max(200),
        deviceName: deviceName.optional(),
        ttlMinutes: z.number().int().min(1).max(7 * 24 * 60).default(30),
        /** The sync address the device will reach this replica at (goes into the QR code). */
        url: z.string().trim().max(300).optional(),
      })
      .strict(),
    permission: managePolicy,
    handler: (input, ctx) => {
      const policy = ctx.store.doc<PolicyDoc>(POLICY_DOC_ID);
      const user = findUser(policy, input.user);
      if (!user) throw new CallboardError('not_found', `No user "${input.user}"`, { field: 'user' });
      if (user.status !== 'active') throw new CallboardError('conflict', `${user.name} is suspended`, { field: 'user' });
      const name = input.deviceName ?? `${user.name}'s device`;
      const { code, expiresAt } = ctx.services.sync.invites.create({ userId: user.id, deviceName: name, createdBy: ctx.principal.userId, ttlMs: input.ttlMinutes * 60_000 });
      const url = input.url || ctx.services.sync.publicUrl;
      const link = `callboard://enroll?code=${encodeURIComponent(code)}${url ? `&url=${encodeURIComponent(url)}` : ''}&key=${ctx.services.sync.key.publicKey}`;
      ctx.audit({ target: user.id, summary: `Created a device invite for ${user.name} (expires ${new Date(expiresAt).toISOString()})` });
      return { code, expiresAt, userId: user.id, userName: user.name, deviceName: name, url: url ?? null, link, qrSvg: qrSvg(link) };
    },
  }),
  'sync.join': procedure({
    name: 'sync.join',
    description:
      "Joins a company with an invite, on a device that belongs to none yet: enrolls this device through the inviting device (code or the invite's link / QR payload, and its sync address), then catches up and stays connected. Only this device's own app or CLI may call it, and only before it belongs to a company.",
    kind: 'mutation',
    input: z
      .object({
        invite: z.string().trim().min(1, 'paste the invite code or link').max(2000),
        url: z.string().trim().max(300).optional(),
      })
      .strict(),
    permission: 'unenrolled',
    // Enrollment and the first catch-up are network work: prepare. The transaction then only
    // records the audit entry.
    prepare: async (input, ctx) => {
      const invite = parseInvite(input.invite, input.url);
      const sync = ctx.services.sync;
      const { session, idle } = await syncWith(sync, invite.url, { enrollCode: invite.code, via: 'address', ...(invite.key ? { expectKey: invite.key } : {}) });
      const me = sync.devices().find((d) => d.self);
      if (!me || !ctx.store.has(POLICY_DOC_ID)) {
        session.close('enrollment incomplete');
        throw new CallboardError('unavailable', `Enrolled with ${invite.url}, but the company's policy did not arrive; try again`, { reason: 'incomplete' });
      }
      const policy = ctx.store.doc<PolicyDoc>(POLICY_DOC_ID);
      const org = ctx.store.has('org') ? ctx.store.doc<{ company?: { name?: unknown } }>('org') : undefined;
      const company = org?.company?.name !== undefined ? String(org.company.name) : null;
      return {
        deviceId: me.id,
        deviceName: me.name,
        userId: me.userId,
        userName: Object.hasOwn(policy.users, me.userId) ? policy.users[me.userId]!.name : me.userId,
        company,
        peer: invite.url,
        documents: ctx.store.list().length,
        complete: idle,
      };
    },
    handler: (_input, ctx, joined) => {
      ctx.audit({ target: joined.deviceId, summary: `This device joined${joined.company ? ` ${joined.company}` : ' the company'} as ${joined.deviceName} for ${joined.userName}, through ${joined.peer} (${joined.documents} documents)`, after: joined });
      return joined;
    },
  }),
  'sync.connect': procedure({
    name: 'sync.connect',
    description: 'Connects to a peer (a daemon or a laptop) by address and waits for the first catch-up. With `stay: false` the connection closes afterwards.',
    kind: 'query',
    input: z.object({ url: z.string().trim().min(1).max(300), stay: z.boolean().default(false), via: z.enum(['daemon', 'address', 'lan']).default('address') }).strict(),
    permission: grant('sync.manage', 'sync'),
    handler: async (input, ctx) => {
      const { session, idle } = await syncWith(ctx.services.sync, input.url, { via: input.via });
      const result = { peer: session.peer ?? null, idle, state: session.state, detail: session.detail, stats: { ...session.stats } };
      if (!input.stay) session.close('done');
      return result;
    },
  }),
  'sync.backup': procedure({
    name: 'sync.backup',
    description:
      "Writes a consistent snapshot of the store (documents, projections, audit), with a digest checked on restore, into the replica's backups folder (<data>/backups/<name>); callers name the file, never a path. Audited.",
    kind: 'mutation',
    input: z
      .object({ name: z.string().trim().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, 'a file name: letters, digits, . _ - (no folders)').optional() })
      .strict(),
    permission: grant('system.manage', 'system'),
    // The copy is slow file I/O: it runs in prepare, before the mutation's transaction, which
    // then only records the audit entry (so the backup file holds every entry before this one).
    prepare: async (input, ctx) => {
      const dir = path.join(ctx.store.dir, 'backups');
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
      const name = input.name ?? `backup-${new Date(ctx.clock.now()).toISOString().replace(/[:.]/g, '-')}.callboard`;
      return backupStore(ctx.store, path.join(dir, name));
    },
    handler: (_input, ctx, made) => {
      ctx.audit({ target: path.basename(made.file), summary: `Backed up ${made.documents} documents (${made.bytes} bytes, digest ${made.digest.slice(0, 16)})`, after: { file: path.basename(made.file), bytes: made.bytes, documents: made.documents, digest: made.digest } });
      return made;
    },
  }),
};

/**
 * What a new device was given: an invite code (`7K3QM-XD9P2`) or the invite's link / QR payload
 * (`callboard://enroll?code=…&url=…&key=…`), which also names the inviting device's address and
 * key (then pinned).
 */
export function parseInvite(invite: string, url: string | undefined): { code: string; url: string; key?: string } {
  const text = invite.trim();
  let code = text;
  let fromLink: string | undefined;
  let key: string | undefined;
  if (/^callboard:\/\//i.test(text)) {
    let link: URL;
    try {
      link = new URL(text);
    } catch {
      throw new CallboardError('invalid', 'The invite link does not parse', { field: 'invite' });
    }
    code = link.searchParams.get('code') ?? '';
    fromLink = link.searchParams.get('url') ?? undefined;
    key = link.searchParams.get('key') ?? undefined;
    if (key !== undefined && !isPublicKeyText(key)) throw new CallboardError('invalid', 'The invite link names a malformed device key', { field: 'invite' });
  }
  const normalized = normalizeCode(code);
  if (normalized.length !== 10) throw new CallboardError('invalid', 'An invite code has 10 letters and digits, like 7K3QM-XD9P2', { field: 'invite' });
  const address = url?.trim() || fromLink;
  if (!address) throw new CallboardError('invalid', "Give the inviting device's sync address (callboard-sync://HOST:PORT)", { field: 'url' });
  parseSyncUrl(address);
  return { code: normalized, url: address, ...(key ? { key } : {}) };
}

function qrSvg(text: string): string {
  let svg = '';
  // qrcode's toString with a callback runs synchronously for the SVG renderer.
  QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }, (err, out) => {
    if (!err) svg = out;
  });
  return svg;
}
