import { createHash, randomBytes } from 'node:crypto';
import * as A from '@automerge/automerge';
import { CallboardError } from '../errors.ts';
import type { Store } from '../store/store.ts';
import { POLICY_DOC } from './envelope.ts';
import { deviceIdFor, verifySignature, type DeviceKey } from './identity.ts';
import { enrollProof } from './invites.ts';
import { MIN_PROTOCOL_VERSION, PROTOCOL_VERSION, parseMessage, type Hello, type Message, type Transport } from './protocol.ts';
import type { ChannelPeer, SyncChannel } from './channels.ts';
import type { ChangeValidator, Rejection } from './validator.ts';

/** Allowed difference between two peers' clocks before the status names it. */
export const CLOCK_SKEW_LIMIT_MS = 10 * 60 * 1000;

export type PeerState =
  | 'connecting'
  | 'connected'
  | 'offline'
  | 'clock_far_off'
  | 'incompatible_version'
  | 'device_revoked'
  | 'unknown_device'
  | 'permission_rejected'
  | 'enrollment_refused';

export interface PeerIdentity {
  deviceId: string;
  userId: string;
  name: string;
}

export interface SecurityEvent {
  reason: string;
  message: string;
  docId?: string | undefined;
  hash?: string | undefined;
  /** The device that authored the refused change (or the peer refused at the door). */
  deviceId?: string | undefined;
  userId?: string | undefined;
  /** The peer that sent it. */
  peerDeviceId?: string | undefined;
}

/** What a session needs from the sync service that owns it. */
export interface SessionHost {
  readonly store: Store;
  readonly key: DeviceKey;
  readonly validator: ChangeValidator;
  readonly appVersion: string;
  readonly deviceName: string;
  now(): number;
  /** The peer's enrolled identity if its device may sync with this replica; else a named refusal. */
  admit(deviceId: string, publicKey: string): PeerIdentity | { refusal: 'unknown_device' | 'device_revoked'; message: string };
  /** Whether the peer's user may view a document of `scope` (the policy document always goes). */
  mayView(peer: PeerIdentity, docId: string, scope: string): boolean;
  enroll(code: string, proof: string, binding: Buffer, publicKey: string, name: string): { deviceId: string; userId: string; userName: string };
  /** The client side of an enrollment succeeded: trust this peer to give this replica its policy. */
  enrolledThrough(peerPub: string): void;
  /** Whether this replica may take the policy document's first change from `peerDeviceId`. */
  acceptsPolicyRootFrom(peerDeviceId: string): boolean;
  securityEvent(event: SecurityEvent): void;
  /** Extension channels (core/sync/channels.ts), opened on every authenticated session. */
  channels(): readonly SyncChannel[];
  applied(docId: string, session: PeerSession): void;
  stateChanged(session: PeerSession): void;
  closed(session: PeerSession): void;
}

export interface SessionOptions {
  /** A new device's invite code: enroll first, then sync. */
  enrollCode?: string;
}

export interface SessionStats {
  sentChanges: number;
  receivedChanges: number;
  rejectedByPeer: number;
  rejectedFromPeer: number;
  bytesSent: number;
  bytesReceived: number;
  /** Catch-up progress: documents sent / to send in the current round. */
  progress: { done: number; total: number };
}

function sameHeads(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const s = new Set(a);
  return b.every((h) => s.has(h));
}

function b64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/**
 * One connection to one peer: handshake (hello, optional enrollment, mutual challenge–
 * response with device keys), then document exchange by heads with validation of every
 * incoming change. Nothing is sent about any document before both sides are authenticated.
 */
export class PeerSession {
  readonly transport: Transport;
  readonly #host: SessionHost;
  readonly #nonce = randomBytes(24).toString('base64url');
  #enrollCode: string | undefined;
  #peerHello: Hello | undefined;
  #binding: Buffer | undefined;
  #peer: PeerIdentity | undefined;
  #peerAuthed = false;
  #authSent = false;
  #heardHeads = false;
  #closed = false;
  #ref = 0;
  #enrollAttempts = 0;
  #sentHeads = new Map<string, string[]>();
  #outstanding = new Set<number>();
  #dirtyKnown = new Map<string, string[]>();
  #idleWaiters: Array<(ok: boolean) => void> = [];
  #retries = new Map<string, number>();
  #channelPeer: ChannelPeer | undefined;
  state: PeerState = 'connecting';
  /** The reason of the last refusal the peer sent (`invite_used`, `unknown_device`, …). */
  lastRefusal: string | undefined;
  detail = '';
  clockSkewMs = 0;
  readonly stats: SessionStats = { sentChanges: 0, receivedChanges: 0, rejectedByPeer: 0, rejectedFromPeer: 0, bytesSent: 0, bytesReceived: 0, progress: { done: 0, total: 0 } };
  /** Documents whose newest heads the peer announced and this replica lacks. */
  pendingIn = new Set<string>();

  constructor(host: SessionHost, transport: Transport, options: SessionOptions = {}) {
    this.#host = host;
    this.transport = transport;
    this.#enrollCode = options.enrollCode;
    transport.onMessage((text) => this.#receive(text));
    transport.onClose((why) => this.#onClose(why));
  }

  get peer(): PeerIdentity | undefined {
    return this.#peer;
  }

  get peerHello(): Hello | undefined {
    return this.#peerHello;
  }

  get authenticated(): boolean {
    return this.#peerAuthed && this.#heardHeads;
  }

  get open(): boolean {
    return !this.#closed;
  }

  start(): void {
    this.#send({
      t: 'hello',
      protocol: PROTOCOL_VERSION,
      minProtocol: MIN_PROTOCOL_VERSION,
      app: this.#host.appVersion,
      device: this.#host.key.deviceId,
      pub: this.#host.key.publicKey,
      name: this.#host.deviceName,
      nonce: this.#nonce,
      time: this.#host.now(),
      ...(this.#enrollCode ? { enrolling: true } : {}),
    });
  }

  close(why = 'closed'): void {
    for (const w of this.#idleWaiters.splice(0)) w(false);
    if (this.#closed) return;
    this.flushKnown();
    this.#closed = true;
    this.transport.close(why);
    this.#closeChannels();
    this.#host.closed(this);
  }

  #send(message: Message): void {
    if (this.#closed) return;
    const text = JSON.stringify(message);
    this.stats.bytesSent += text.length;
    this.transport.send(text);
  }

  #refuse(reason: string, message: string, fatal: boolean): void {
    this.#send({ t: 'refused', reason, message, fatal });
    if (fatal) this.close(reason);
  }

  #setState(state: PeerState, detail = ''): void {
    this.state = state;
    this.detail = detail;
    this.#host.stateChanged(this);
  }

  #onClose(why: string): void {
    for (const w of this.#idleWaiters.splice(0)) w(false);
    if (this.#closed) return;
    this.flushKnown();
    this.#closed = true;
    if (this.state === 'connected' || this.state === 'connecting') this.#setState('offline', why);
    this.#closeChannels();
    this.#host.closed(this);
  }

  #receive(text: string): void {
    if (this.#closed) return;
    this.stats.bytesReceived += text.length;
    const msg = parseMessage(text);
    if (!msg) {
      this.#refuse('unparsable', 'The message does not parse', false);
      return;
    }
    try {
      this.#handle(msg);
    } catch (err) {
      const reason = err instanceof CallboardError ? String((err.details as { reason?: string } | undefined)?.reason ?? err.code) : 'internal';
      this.#refuse(reason, (err as Error).message, false);
    }
    if (this.idle) {
      this.flushKnown();
      for (const w of this.#idleWaiters.splice(0)) w(true);
    }
  }

  /** Authenticated, both directions caught up, nothing in flight. */
  get idle(): boolean {
    return this.authenticated && this.#outstanding.size === 0 && this.pendingIn.size === 0;
  }

  /** Resolves true once idle, false if the connection closes first. */
  whenIdle(): Promise<boolean> {
    if (this.idle) return Promise.resolve(true);
    if (this.#closed) return Promise.resolve(false);
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  #handle(msg: Message): void {
    switch (msg.t) {
      case 'hello':
        return this.#onHello(msg);
      case 'enroll':
        return this.#onEnroll(msg);
      case 'enrolled':
        return this.#onEnrolled(msg);
      case 'auth':
        return this.#onAuth(msg);
      case 'refused':
        return this.#onRefused(msg);
    }
    if (!this.#peerAuthed || !this.#peer) {
      this.#refuse('not_authenticated', 'Authenticate before exchanging documents', false);
      return;
    }
    switch (msg.t) {
      case 'heads':
        return this.#onHeads(msg);
      case 'changes':
        return this.#onChanges(msg);
      case 'result':
        return this.#onResult(msg);
      case 'x':
        return this.#onChannel(msg);
    }
  }

  // ---- extension channels -------------------------------------------------------------

  /** This session as extension channels see it (after authentication). */
  get channelPeer(): ChannelPeer | undefined {
    return this.#channelPeer;
  }

  #openChannels(): void {
    const peer = this.#peer!;
    const base = {
      deviceId: peer.deviceId,
      name: this.#peerHello?.name || peer.name,
      via: this.transport.via,
      writable: () => this.transport.writable?.() ?? Promise.resolve(),
      mayView: (docId: string, scope: string) => !this.#closed && this.#host.mayView(this.#peer!, docId, scope),
    };
    const isOpen = () => !this.#closed;
    const userOf = () => this.#peer?.userId ?? peer.userId;
    const make = (send: (m: unknown) => void): ChannelPeer => ({
      ...base,
      get userId() {
        return userOf();
      },
      get open() {
        return isOpen();
      },
      send,
    });
    this.#channelPeer = make(() => undefined);
    for (const ch of this.#host.channels()) {
      const cp = make((m) => this.#send({ t: 'x', ch: ch.name, m }));
      this.#channelPeers.set(ch.name, cp);
      try {
        ch.opened?.(cp);
      } catch {
        // A channel's failure must not break document sync.
      }
    }
  }

  readonly #channelPeers = new Map<string, ChannelPeer>();

  #closeChannels(): void {
    if (!this.#channelPeer) return;
    for (const ch of this.#host.channels()) {
      const cp = this.#channelPeers.get(ch.name);
      if (!cp) continue;
      try {
        ch.closed?.(cp);
      } catch {
        // ignored: the connection is gone either way
      }
    }
    this.#channelPeers.clear();
  }

  #onChannel(msg: Extract<Message, { t: 'x' }>): void {
    const ch = this.#host.channels().find((c) => c.name === msg.ch);
    const cp = this.#channelPeers.get(msg.ch);
    if (!ch || !cp) {
      this.#refuse('unknown_channel', `This device has no channel "${msg.ch}"`, false);
      return;
    }
    const parsed = ch.schema.safeParse(msg.m);
    if (!parsed.success) {
      this.#refuse('unparsable', `The ${msg.ch} message does not parse: ${parsed.error.issues[0]?.message ?? 'invalid'}`, false);
      return;
    }
    const fail = (err: unknown) => {
      const reason = err instanceof CallboardError ? String((err.details as { reason?: string } | undefined)?.reason ?? err.code) : 'internal';
      this.#refuse(reason, `${msg.ch}: ${(err as Error).message}`, false);
    };
    try {
      const r = ch.message(cp, parsed.data);
      if (r instanceof Promise) r.catch(fail);
    } catch (err) {
      fail(err);
    }
  }

  #onHello(hello: Hello): void {
    if (this.#peerHello) {
      this.#refuse('unparsable', 'hello was already received', false);
      return;
    }
    if (hello.minProtocol > PROTOCOL_VERSION || hello.protocol < MIN_PROTOCOL_VERSION) {
      this.#setState('incompatible_version', `peer speaks protocol ${hello.minProtocol}–${hello.protocol} (Callboard ${hello.app}); this is ${MIN_PROTOCOL_VERSION}–${PROTOCOL_VERSION}`);
      this.#refuse('incompatible_version', `This device speaks sync protocol ${MIN_PROTOCOL_VERSION}–${PROTOCOL_VERSION}; update Callboard`, true);
      return;
    }
    if (hello.device !== deviceIdFor(hello.pub)) {
      this.#refuse('bad_auth', 'The device id does not match its key', true);
      return;
    }
    if (this.transport.peerKey !== undefined && this.transport.peerKey !== hello.pub) {
      this.#refuse('key_mismatch', 'The key presented in the channel is not the device key', true);
      return;
    }
    this.#peerHello = hello;
    this.clockSkewMs = hello.time - this.#host.now();
    const nonces = [this.#nonce, hello.nonce].sort().join('|');
    this.#binding = createHash('sha256').update(this.transport.binding ?? Buffer.alloc(0)).update(nonces).digest();
    if (this.#enrollCode) {
      // The code travels inside the encrypted channel; the proof binds it to this channel and key.
      this.#send({ t: 'enroll', code: this.#enrollCode, name: this.#host.deviceName, proof: enrollProof(this.#enrollCode, this.#binding, this.#host.key.publicKey) });
      return;
    }
    if (!hello.enrolling) this.#sendAuth();
  }

  #sendAuth(): void {
    if (this.#authSent || !this.#peerHello || !this.#binding) return;
    this.#authSent = true;
    this.#send({ t: 'auth', sig: this.#host.key.sign(this.#authPayload(this.#host.key.deviceId, this.#peerHello.device)).toString('base64url') });
  }

  #authPayload(signer: string, verifier: string): Buffer {
    return Buffer.from(JSON.stringify(['callboard-sync-auth-v1', this.#binding!.toString('base64url'), signer, verifier]));
  }

  #onEnroll(msg: Extract<Message, { t: 'enroll' }>): void {
    if (!this.#peerHello || !this.#binding) throw new CallboardError('invalid', 'hello first', { reason: 'unparsable' });
    if (++this.#enrollAttempts > 3) {
      this.#refuse('too_many_attempts', 'Too many enrollment attempts on one connection', true);
      return;
    }
    try {
      const r = this.#host.enroll(msg.code, msg.proof, this.#binding, this.#peerHello.pub, msg.name);
      this.#send({ t: 'enrolled', deviceId: r.deviceId, userId: r.userId, userName: r.userName });
      this.#sendAuth();
    } catch (err) {
      const reason = err instanceof CallboardError ? String((err.details as { reason?: string } | undefined)?.reason ?? err.code) : 'internal';
      this.#host.securityEvent({ reason, message: `Enrollment refused: ${(err as Error).message}`, deviceId: this.#peerHello.device, peerDeviceId: this.#peerHello.device });
      this.#refuse(reason, (err as Error).message, false);
    }
  }

  #onEnrolled(_msg: Extract<Message, { t: 'enrolled' }>): void {
    if (!this.#enrollCode || !this.#peerHello) return;
    this.#enrollCode = undefined;
    this.#host.enrolledThrough(this.#peerHello.pub);
    this.#sendAuth();
  }

  #onAuth(msg: Extract<Message, { t: 'auth' }>): void {
    if (!this.#peerHello || !this.#binding) {
      this.#refuse('not_authenticated', 'hello first', false);
      return;
    }
    if (this.#peerAuthed) return;
    const ok = verifySignature(this.#peerHello.pub, this.#authPayload(this.#peerHello.device, this.#host.key.deviceId), Buffer.from(msg.sig, 'base64url'));
    if (!ok) {
      this.#host.securityEvent({ reason: 'bad_auth', message: 'A peer failed the device-key challenge', deviceId: this.#peerHello.device, peerDeviceId: this.#peerHello.device });
      this.#refuse('bad_auth', 'The challenge signature does not verify', true);
      return;
    }
    const admitted = this.#host.admit(this.#peerHello.device, this.#peerHello.pub);
    if ('refusal' in admitted) {
      this.#host.securityEvent({ reason: admitted.refusal, message: admitted.message, deviceId: this.#peerHello.device, peerDeviceId: this.#peerHello.device });
      this.#setState(admitted.refusal, admitted.message);
      this.#refuse(admitted.refusal, admitted.message, true);
      return;
    }
    this.#peer = admitted;
    this.#peerAuthed = true;
    this.#sendAuth();
    this.#setState(Math.abs(this.clockSkewMs) > CLOCK_SKEW_LIMIT_MS ? 'clock_far_off' : 'connected', Math.abs(this.clockSkewMs) > CLOCK_SKEW_LIMIT_MS ? `clocks differ by ${Math.round(this.clockSkewMs / 60000)} min` : '');
    this.#sendHeads();
    this.#openChannels();
  }

  #onRefused(msg: Extract<Message, { t: 'refused' }>): void {
    const named: Record<string, PeerState> = {
      device_revoked: 'device_revoked',
      unknown_device: 'unknown_device',
      incompatible_version: 'incompatible_version',
      permission: 'permission_rejected',
      invite_unknown: 'enrollment_refused',
      invite_used: 'enrollment_refused',
      invite_expired: 'enrollment_refused',
    };
    const state = named[msg.reason];
    this.lastRefusal = msg.reason;
    if (state) this.#setState(state, msg.message);
    else this.detail = `${msg.reason}: ${msg.message}`;
    // An enrollment the peer refused will not become a sync: stop waiting for one.
    if (state === 'enrollment_refused' && this.#enrollCode) for (const w of this.#idleWaiters.splice(0)) w(false);
    if (msg.fatal) this.close(msg.reason);
  }

  // ---- documents --------------------------------------------------------------------

  #visibleDocs() {
    const peer = this.#peer!;
    return this.#host.store
      .list()
      .filter((d) => this.#host.mayView(peer, d.id, d.scope))
      .sort((a, b) => (a.id === POLICY_DOC ? -1 : b.id === POLICY_DOC ? 1 : a.id < b.id ? -1 : 1));
  }

  #sendHeads(): void {
    this.#send({ t: 'heads', docs: this.#visibleDocs().map((d) => ({ id: d.id, type: d.type, scope: d.scope, heads: d.heads })) });
  }

  #peerKnown(docId: string): string[] {
    const dirty = this.#dirtyKnown.get(docId);
    if (dirty) return [...dirty];
    const row = this.#host.store.db.prepare('SELECT heads FROM sync_peer_docs WHERE device_id = ? AND doc_id = ?').get(this.#peer!.deviceId, docId) as { heads: string } | undefined;
    return row ? (JSON.parse(row.heads) as string[]) : [];
  }

  /**
   * What the peer holds, kept in memory and written in batches (on idle, on close, every 64
   * documents): losing it in a crash only means a larger resend next time, never a wrong merge.
   */
  #setPeerKnown(docId: string, heads: readonly string[]): void {
    this.#dirtyKnown.set(docId, [...heads]);
    if (this.#dirtyKnown.size >= 64) this.flushKnown();
  }

  flushKnown(): void {
    if (this.#dirtyKnown.size === 0 || !this.#peer || this.#host.store.closed) return;
    const stmt = this.#host.store.db.prepare('INSERT INTO sync_peer_docs (device_id, doc_id, heads) VALUES (?, ?, ?) ON CONFLICT(device_id, doc_id) DO UPDATE SET heads = excluded.heads');
    const peer = this.#peer.deviceId;
    const entries = [...this.#dirtyKnown];
    this.#dirtyKnown.clear();
    this.#host.store.transaction(() => {
      for (const [doc, heads] of entries) stmt.run(peer, doc, JSON.stringify(heads));
    });
  }

  #onHeads(msg: Extract<Message, { t: 'heads' }>): void {
    this.#heardHeads = true;
    const theirs = new Map(msg.docs.map((d) => [d.id, d.heads]));
    this.pendingIn.clear();
    const store = this.#host.store;
    for (const d of msg.docs) {
      const info = store.info(d.id);
      if (!info) {
        if (d.heads.length > 0) this.pendingIn.add(d.id);
        continue;
      }
      if (!sameHeads(info.heads, d.heads) && A.getMissingDeps(store.doc(d.id), d.heads).length > 0) this.pendingIn.add(d.id);
    }
    const docs = this.#visibleDocs();
    const toSend = docs.filter((d) => {
      const h = theirs.get(d.id);
      if (h && sameHeads(h, d.heads)) {
        this.#setPeerKnown(d.id, d.heads);
        return false;
      }
      return true;
    });
    this.stats.progress = { done: 0, total: toSend.length };
    for (const d of toSend) {
      const h = theirs.get(d.id);
      const doc = store.doc(d.id);
      const base = [...new Set([...(h ?? []), ...this.#peerKnown(d.id)])].filter((x) => A.hasHeads(doc, [x]));
      this.#sendChanges(d.id, d.type, d.scope, base);
      this.stats.progress = { done: this.stats.progress.done + 1, total: toSend.length };
    }
    this.#host.stateChanged(this);
  }

  /** Sends what the peer lacks of `docId`, given heads it is known to hold. */
  #sendChanges(docId: string, type: string, scope: string, base: string[]): void {
    const store = this.#host.store;
    const doc = store.doc(docId);
    const heads = A.getHeads(doc);
    if (sameHeads(base, heads)) return;
    const changes = A.getChangesSince(doc, base);
    if (changes.length === 0) return;
    const hashes = A.getChangesMetaSince(doc, base).map((m) => m.hash);
    const sigs = store.signatures(docId, hashes);
    const metaByIndex = hashes;
    this.#sentHeads.set(docId, heads);
    this.stats.sentChanges += changes.length;
    this.#outstanding.add(++this.#ref);
    this.#send({
      t: 'changes',
      id: docId,
      type,
      scope,
      heads,
      ref: this.#ref,
      progress: this.stats.progress,
      changes: changes.map((c, i) => {
        const sig = sigs.get(metaByIndex[i] ?? '') ?? sigs.get(A.decodeChange(c).hash);
        return sig ? { c: b64(c), e: sig.envelope } : { c: b64(c) };
      }),
    });
  }

  /** A document changed here (locally or from another peer): pass it on if this peer may see it. */
  docChanged(docId: string): void {
    if (!this.authenticated || this.#closed) return;
    const info = this.#host.store.info(docId);
    if (!info || !this.#host.mayView(this.#peer!, docId, info.scope)) return;
    const doc = this.#host.store.doc(docId);
    const base = (this.#sentHeads.get(docId) ?? this.#peerKnown(docId)).filter((x) => A.hasHeads(doc, [x]));
    this.#sendChanges(docId, info.type, info.scope, base);
  }

  #onChanges(msg: Extract<Message, { t: 'changes' }>): void {
    const store = this.#host.store;
    const incoming = msg.changes.map((c) => ({ change: new Uint8Array(Buffer.from(c.c, 'base64')), envelope: c.e }));
    const exists = store.has(msg.id);
    const verdict = this.#host.validator.validate(msg.id, msg.type, msg.scope, incoming, {
      acceptPolicyRoot: msg.id === POLICY_DOC && !exists && this.#host.acceptsPolicyRootFrom(this.#peer!.deviceId),
    });
    this.stats.receivedChanges += verdict.accepted.length;
    // One transaction (one disk flush): the changes, their signatures, the refusals and their audit.
    store.transaction(() => {
      if (verdict.accepted.length > 0) {
        // What the sender holds is now known here: nothing goes back to it for these.
        this.#sentHeads.set(msg.id, msg.heads);
        const signatures = verdict.accepted.map((a) => a.signature);
        const bytes = verdict.accepted.map((a) => a.change);
        if (exists) store.applyChanges(msg.id, bytes, { signatures });
        else store.importDocument(msg.id, msg.type, msg.scope, A.save(A.applyChanges(A.init(), bytes)[0]), { signatures });
      }
      this.#reportRejections(msg.id, verdict.rejected);
    });
    const heads = store.info(msg.id)?.heads ?? [];
    if (verdict.rejected.length === 0 && verdict.deferred.length === 0 && sameHeads(heads, msg.heads)) this.#setPeerKnown(msg.id, heads);
    if (verdict.deferred.length === 0) this.pendingIn.delete(msg.id);
    this.#send({
      t: 'result',
      id: msg.id,
      ref: msg.ref,
      heads,
      accepted: verdict.accepted.length,
      rejected: verdict.rejected.map((r) => ({ hash: r.hash, reason: r.reason, message: r.message })),
      deferred: verdict.deferred.length,
    });
    if (verdict.accepted.length > 0) this.#host.applied(msg.id, this);
    this.#host.stateChanged(this);
  }

  #reportRejections(docId: string, rejected: readonly Rejection[]): void {
    if (rejected.length === 0) return;
    this.stats.rejectedFromPeer += rejected.length;
    this.#host.validator.remember(docId, rejected);
    for (const r of rejected) {
      if (r.repeat) continue;
      this.#host.securityEvent({ reason: r.reason, message: r.message, docId, hash: r.hash, deviceId: r.deviceId, userId: r.userId, peerDeviceId: this.#peer?.deviceId });
    }
  }

  #onResult(msg: Extract<Message, { t: 'result' }>): void {
    this.#outstanding.delete(msg.ref);
    const store = this.#host.store;
    const info = store.info(msg.id);
    if (!info) return;
    const doc = store.doc(msg.id);
    const known = msg.heads.filter((h) => A.hasHeads(doc, [h]));
    this.#setPeerKnown(msg.id, known);
    if (msg.rejected.length > 0) {
      this.stats.rejectedByPeer += msg.rejected.length;
      const first = msg.rejected[0]!;
      this.#setState(first.reason === 'permission' ? 'permission_rejected' : first.reason === 'device_revoked' ? 'device_revoked' : this.state, `${msg.rejected.length} change(s) of ${msg.id} refused: ${first.reason}: ${first.message}`);
    }
    if (msg.deferred > 0) {
      const n = (this.#retries.get(msg.id) ?? 0) + 1;
      this.#retries.set(msg.id, n);
      if (n <= 3) {
        this.#sentHeads.delete(msg.id);
        this.#sendChanges(msg.id, info.type, info.scope, known);
      }
    }
  }

  /** Re-checks the peer against the current policy (after a policy change); closes it if revoked. */
  recheck(): void {
    if (!this.#peer || !this.#peerHello || this.#closed) return;
    const admitted = this.#host.admit(this.#peer.deviceId, this.#peerHello.pub);
    if ('refusal' in admitted) this.#refuse(admitted.refusal, admitted.message, true);
    // A peer admitted while enrolling (before this replica had a policy) now has its real user.
    else this.#peer = admitted;
  }
}
