import * as A from '@automerge/automerge';
import type { Clock } from '../clock.ts';
import { CallboardError } from '../errors.ts';
import type { Store } from '../store/store.ts';
import { POLICY_DOC, createChangeSigner } from './envelope.ts';
import { deviceIdFor, type DeviceKey } from './identity.ts';
import { CHANNEL_NAME, type SyncChannel } from './channels.ts';
import { Invites } from './invites.ts';
import { deviceIn, type DeviceEntry, type PolicyJudge, type PolicyUsers } from './policy-view.ts';
import type { PeerVia, Transport } from './protocol.ts';
import { PeerSession, type PeerIdentity, type PeerState, type SecurityEvent, type SessionHost, type SessionOptions } from './session.ts';
import { ChangeValidator, changesToKeep } from './validator.ts';

export interface SyncServiceOptions {
  store: Store;
  key: DeviceKey;
  clock: Clock;
  judge: PolicyJudge;
  appVersion: string;
  deviceName?: string;
  /** Every refused change or peer, for the audit trail (outcome `denied`). */
  onSecurityEvent?: (event: SecurityEvent) => void;
}

export interface PeerStatus {
  deviceId: string;
  userId: string;
  name: string;
  via: PeerVia;
  address: string | null;
  lastSeen: number;
  connected: boolean;
  state: PeerState;
  detail: string;
  /** Documents with changes this peer has not acknowledged / it announced and this replica lacks. */
  pendingOut: number;
  pendingIn: number;
  progress: { done: number; total: number } | null;
}

export interface DeviceInfo extends DeviceEntry {
  self: boolean;
  founding: boolean;
}

const BOOTSTRAP_META = 'sync.bootstrap_peer';
/**
 * The company document (name, time zone, theme, section registry). Every device needs it to
 * work offline — editing a section looks the section up in its registry, the calendar reads the
 * company's time zone — so, like the policy, it goes to every enrolled device whatever its
 * user's grants (found by the load test: a costume designer's laptop could not edit their own
 * section, since their role does not `view` the `org` scope).
 */
const ORG_DOC = 'org';

/**
 * The sync engine of one replica: signs local changes, runs peer sessions over any
 * Transport, validates what they bring (ChangeValidator), relays what one peer brings to the
 * others (the daemon is a hub because every replica is), enrolls and revokes devices, and
 * reports status. Domain module: the permission engine and the audit trail are injected.
 */
export class SyncService implements SessionHost {
  readonly store: Store;
  readonly key: DeviceKey;
  readonly validator: ChangeValidator;
  readonly invites: Invites;
  readonly appVersion: string;
  readonly deviceName: string;
  /** Where peers reach this replica (`callboard-sync://HOST:PORT`), once it listens; invites carry it. */
  publicUrl: string | undefined;
  readonly #clock: Clock;
  readonly #judge: PolicyJudge;
  readonly #onSecurityEvent: (event: SecurityEvent) => void;
  readonly #sessions = new Set<PeerSession>();
  readonly #channels: SyncChannel[] = [];
  readonly #unsubscribe: () => void;
  #closed = false;

  constructor(options: SyncServiceOptions) {
    this.store = options.store;
    this.key = options.key;
    this.#clock = options.clock;
    this.#judge = options.judge;
    this.appVersion = options.appVersion;
    this.deviceName = options.deviceName ?? 'Callboard device';
    this.#onSecurityEvent = options.onSecurityEvent ?? (() => undefined);
    this.validator = new ChangeValidator({ store: this.store, judge: this.#judge, clock: this.#clock });
    this.invites = new Invites(this.store.db, this.#clock);
    this.store.setSigner(createChangeSigner(this.store, this.key));
    this.#unsubscribe = this.store.subscribe((event) => {
      for (const s of this.#sessions) s.docChanged(event.docId);
      if (event.docId === POLICY_DOC && event.origin === 'local') this.#afterPolicyChange();
    });
  }

  now(): number {
    return this.#clock.now();
  }

  get sessions(): readonly PeerSession[] {
    return [...this.#sessions];
  }

  /** Runs a session with the peer at the other end of `transport`. */
  attach(transport: Transport, options: SessionOptions = {}): PeerSession {
    if (this.#closed) throw new CallboardError('unavailable', 'Sync is stopped');
    const session = new PeerSession(this, transport, options);
    this.#sessions.add(session);
    session.start();
    return session;
  }

  /**
   * Adds an extension channel (core/sync/channels.ts) to every connection authenticated from
   * now on. Returns a function that removes it.
   */
  registerChannel<M>(channel: SyncChannel<M>): () => void {
    if (!CHANNEL_NAME.test(channel.name)) throw new CallboardError('invalid', `Bad channel name "${channel.name}"`, { field: 'name' });
    if (this.#channels.some((c) => c.name === channel.name)) throw new CallboardError('conflict', `Channel "${channel.name}" is already registered`, { field: 'name' });
    const ch = channel as SyncChannel;
    this.#channels.push(ch);
    return () => {
      const i = this.#channels.indexOf(ch);
      if (i >= 0) this.#channels.splice(i, 1);
    };
  }

  channels(): readonly SyncChannel[] {
    return this.#channels;
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const s of [...this.#sessions]) s.close('shutting down');
    this.#unsubscribe();
    if (!this.store.closed) this.store.setSigner(undefined);
  }

  // ---- SessionHost --------------------------------------------------------------------

  #policy(): PolicyUsers | undefined {
    return this.validator.policy.current();
  }

  admit(deviceId: string, publicKey: string): PeerIdentity | { refusal: 'unknown_device' | 'device_revoked'; message: string } {
    const policy = this.#policy();
    if (!policy) {
      if (this.store.getMeta(BOOTSTRAP_META) === publicKey) return { deviceId, userId: '', name: 'enrolling peer' };
      return { refusal: 'unknown_device', message: 'This replica has no company yet; enroll it first' };
    }
    const device = deviceIn(policy, deviceId, this.validator.policy.founding());
    if (!device || device.publicKey !== publicKey) return { refusal: 'unknown_device', message: `Device ${deviceId} is not enrolled in this company` };
    if (device.revokedAt !== null) return { refusal: 'device_revoked', message: `Device ${device.name} was revoked` };
    const user = policy.users?.[device.userId];
    if (!user || user.status !== 'active') return { refusal: 'unknown_device', message: `The user of device ${device.name} is unknown or suspended` };
    return { deviceId, userId: device.userId, name: device.name };
  }

  mayView(peer: PeerIdentity, docId: string, scope: string): boolean {
    if (docId === POLICY_DOC) return true; // every enrolled device needs it to validate changes
    if (docId === ORG_DOC) return true;
    const policy = this.#policy();
    if (!policy) return false;
    return this.#judge.check(policy, peer.userId, 'view', scope).allowed;
  }

  enroll(code: string, proof: string, binding: Buffer, publicKey: string, name: string): { deviceId: string; userId: string; userName: string } {
    const invite = this.invites.check(code, proof, binding, publicKey);
    const policy = this.#policy();
    if (!policy) throw new CallboardError('unavailable', 'This replica holds no company to enroll into');
    const user = policy.users?.[invite.userId];
    if (!user) throw new CallboardError('not_found', 'The invited user no longer exists', { reason: 'invite_unknown' });
    const deviceId = deviceIdFor(publicKey);
    const existing = policy.devices?.[deviceId];
    if (existing?.revokedAt != null) throw new CallboardError('forbidden', 'This device was revoked', { reason: 'device_revoked' });
    const deviceName = (invite.deviceName || name.trim()).slice(0, 100);
    this.store.transaction(() => {
      this.store.change<PolicyUsers>(
        POLICY_DOC,
        (d) => {
          d.devices ??= {};
          d.devices[deviceId] = { id: deviceId, userId: invite.userId, name: deviceName, publicKey, enrolledAt: this.#clock.now(), revokedAt: null };
        },
        { message: `enroll device ${deviceName} for ${user.name ?? user.id}` },
      );
      this.invites.spend(invite.codeHash, deviceId);
    });
    return { deviceId, userId: invite.userId, userName: user.name ?? invite.userId };
  }

  enrolledThrough(peerPub: string): void {
    if (!this.store.has(POLICY_DOC)) this.store.setMeta(BOOTSTRAP_META, peerPub);
  }

  acceptsPolicyRootFrom(peerDeviceId: string): boolean {
    const pub = this.store.getMeta(BOOTSTRAP_META);
    return !this.store.has(POLICY_DOC) && pub !== undefined && deviceIdFor(pub) === peerDeviceId;
  }

  securityEvent(event: SecurityEvent): void {
    try {
      this.#onSecurityEvent(event);
    } catch {
      // Recording must not break the session.
    }
  }

  applied(docId: string): void {
    if (docId === POLICY_DOC) this.#afterPolicyChange();
  }

  readonly #lastWritten = new WeakMap<PeerSession, { state: string; detail: string; at: number }>();

  stateChanged(session: PeerSession): void {
    const peer = session.peer;
    if (!peer || this.store.closed) return;
    // Written when the state changes, else at most every 10 s (last seen): not once per message.
    const last = this.#lastWritten.get(session);
    const now = this.#clock.now();
    if (last && last.state === session.state && last.detail === session.detail && now - last.at < 10_000) return;
    this.#lastWritten.set(session, { state: session.state, detail: session.detail, at: now });
    this.store.db
      .prepare(
        `INSERT INTO sync_peers (device_id, user_id, name, via, address, last_seen, state, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(device_id) DO UPDATE SET user_id = excluded.user_id, name = excluded.name, via = excluded.via, address = excluded.address,
           last_seen = excluded.last_seen, state = excluded.state, detail = excluded.detail`,
      )
      .run(peer.deviceId, peer.userId, session.peerHello?.name || peer.name, session.transport.via, session.transport.address ?? null, this.#clock.now(), session.state, session.detail);
  }

  closed(session: PeerSession): void {
    this.#sessions.delete(session);
    this.#lastWritten.delete(session);
    if (session.peer && !this.store.closed) {
      this.store.db.prepare("UPDATE sync_peers SET state = CASE WHEN state IN ('connected', 'connecting', 'clock_far_off') THEN 'offline' ELSE state END, last_seen = ? WHERE device_id = ?").run(this.#clock.now(), session.peer.deviceId);
    }
  }

  /** After the policy changed: drop changes a revocation invalidated, and disconnect revoked peers. */
  #afterPolicyChange(): void {
    this.purgeRevoked();
    for (const s of this.#sessions) s.recheck();
  }

  /** Rewrites documents holding changes of revoked devices past their cutoff. Returns how many changes went. */
  purgeRevoked(): number {
    const policy = this.#policy();
    if (!policy) return 0;
    const founding = this.validator.policy.founding();
    const revoked = Object.values(policy.devices ?? {}).filter((d) => d.revokedAt !== null && d.cutoff !== undefined);
    let dropped = 0;
    for (const d of revoked) {
      for (const { docId } of this.store.signedBy(d.id)) {
        if (docId === POLICY_DOC || !this.store.has(docId)) continue;
        const plan = changesToKeep(this.store, docId, policy, founding);
        if (!plan) continue;
        this.store.rewriteDocument(docId, plan.keep);
        dropped += plan.dropped.length;
        for (const x of plan.dropped) {
          this.securityEvent({ reason: 'device_revoked', message: `Dropped a change of revoked device ${x.deviceId} made past its revocation`, docId, hash: x.hash, deviceId: x.deviceId, userId: d.userId });
        }
      }
    }
    return dropped;
  }

  // ---- devices ------------------------------------------------------------------------

  devices(): DeviceInfo[] {
    const policy = this.#policy();
    if (!policy) return [];
    const founding = this.validator.policy.founding();
    const list = Object.values(policy.devices ?? {}).map((d) => ({ ...d, self: d.id === this.key.deviceId, founding: d.id === founding?.deviceId }));
    if (founding && !list.some((d) => d.id === founding.deviceId)) {
      const f = deviceIn({}, founding.deviceId, founding)!;
      list.push({ ...f, self: f.id === this.key.deviceId, founding: true });
    }
    return list.sort((a, b) => a.enrolledAt - b.enrolledAt || (a.id < b.id ? -1 : 1));
  }

  #device(deviceId: string): DeviceInfo {
    const d = this.devices().find((x) => x.id === deviceId);
    if (!d) throw new CallboardError('not_found', `No enrolled device ${deviceId}`, { field: 'deviceId' });
    return d;
  }

  renameDevice(deviceId: string, name: string): DeviceInfo {
    const d = this.#device(deviceId);
    this.store.change<PolicyUsers>(POLICY_DOC, (p) => {
      p.devices ??= {};
      const rec = p.devices[deviceId];
      if (rec) rec.name = name;
      else p.devices[deviceId] = { id: d.id, userId: d.userId, name, publicKey: d.publicKey, enrolledAt: d.enrolledAt || this.#clock.now(), revokedAt: null };
    }, { message: `rename device ${d.name} to ${name}` });
    return this.#device(deviceId);
  }

  /**
   * Revokes a device. The revocation records, per document, the last change of the device this
   * replica holds: every replica refuses (and drops) the device's later changes.
   */
  revokeDevice(deviceId: string): DeviceInfo {
    const d = this.#device(deviceId);
    if (d.revokedAt !== null) throw new CallboardError('conflict', `Device ${d.name} is already revoked`, { field: 'deviceId' });
    if (deviceId === this.key.deviceId) throw new CallboardError('conflict', 'This device cannot revoke itself; revoke it from another device', { field: 'deviceId' });
    const cutoff: Record<string, number> = {};
    for (const row of this.store.signedBy(deviceId)) cutoff[row.docId] = Math.max(cutoff[row.docId] ?? 0, row.maxSeq);
    const now = this.#clock.now();
    this.store.change<PolicyUsers>(POLICY_DOC, (p) => {
      p.devices ??= {};
      const rec = p.devices[deviceId];
      if (rec) {
        rec.revokedAt = now;
        rec.cutoff = cutoff;
      } else {
        p.devices[deviceId] = { id: d.id, userId: d.userId, name: d.name, publicKey: d.publicKey, enrolledAt: d.enrolledAt, revokedAt: now, cutoff };
      }
    }, { message: `revoke device ${d.name}` });
    return this.#device(deviceId);
  }

  // ---- status -------------------------------------------------------------------------

  /** Per document, changes made or received here that no peer has acknowledged yet. */
  pendingByDocument(): Array<{ docId: string; changes: number }> {
    const peers = this.store.db.prepare('SELECT device_id FROM sync_peers').pluck().all() as string[];
    const knownStmt = this.store.db.prepare('SELECT heads FROM sync_peer_docs WHERE device_id = ? AND doc_id = ?');
    const out: Array<{ docId: string; changes: number }> = [];
    for (const info of this.store.list()) {
      let best: number | undefined;
      for (const p of peers) {
        const row = knownStmt.get(p, info.id) as { heads: string } | undefined;
        const known = row ? (JSON.parse(row.heads) as string[]) : [];
        if (sameSet(known, info.heads)) {
          best = 0;
          break;
        }
        const doc = this.store.doc(info.id);
        const n = A.getChangesMetaSince(doc, known.filter((h) => A.hasHeads(doc, [h]))).length;
        best = best === undefined ? n : Math.min(best, n);
      }
      if (best === undefined) best = A.getChangesMetaSince(this.store.doc(info.id), []).length;
      if (best > 0) out.push({ docId: info.id, changes: best });
    }
    return out;
  }

  peers(): PeerStatus[] {
    const rows = this.store.db.prepare('SELECT * FROM sync_peers ORDER BY last_seen DESC').all() as Array<{
      device_id: string; user_id: string; name: string; via: PeerVia; address: string | null; last_seen: number; state: PeerState; detail: string | null;
    }>;
    const live = new Map([...this.#sessions].filter((s) => s.peer).map((s) => [s.peer!.deviceId, s]));
    return rows.map((r) => {
      const s = live.get(r.device_id);
      return {
        deviceId: r.device_id,
        userId: r.user_id,
        name: r.name,
        via: r.via,
        address: r.address,
        lastSeen: r.last_seen,
        connected: s?.open === true && s.authenticated,
        state: r.state,
        detail: r.detail ?? '',
        pendingOut: this.#pendingOutFor(r.device_id, r.user_id),
        pendingIn: s ? s.pendingIn.size : 0,
        progress: s ? s.stats.progress : null,
      };
    });
  }

  #pendingOutFor(deviceId: string, userId: string): number {
    const knownStmt = this.store.db.prepare('SELECT heads FROM sync_peer_docs WHERE device_id = ? AND doc_id = ?');
    let n = 0;
    for (const info of this.store.list()) {
      if (!this.mayView({ deviceId, userId, name: '' }, info.id, info.scope)) continue;
      const row = knownStmt.get(deviceId, info.id) as { heads: string } | undefined;
      if (!row || !sameSet(JSON.parse(row.heads) as string[], info.heads)) n++;
    }
    return n;
  }
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const s = new Set(a);
  return b.every((x) => s.has(x));
}
