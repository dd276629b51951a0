import * as A from '@automerge/automerge';
import type { Clock } from '../clock.ts';
import type { ChangeSignature, Store } from '../store/store.ts';
import { POLICY_DOC, envelopeDigest, parseEnvelope, verifyEnvelope, type ChangeEnvelope } from './envelope.ts';
import { actorIdFor, deviceIdFor, genesisActorFor } from './identity.ts';
import { deviceIn, type Founding, type PolicyJudge, PolicyReader, type PolicyUsers } from './policy-view.ts';
import { writeActionsFor } from './write-actions.ts';

/**
 * The validating layer every incoming change passes before anything of it is applied
 * (DESIGN.md "Sync and trust"). A change is accepted only if:
 *   1. it parses, and its envelope parses, names this document, its type and scope, and the
 *      change's hash;
 *   2. the envelope's signature verifies with the key it names, and that key is the one the
 *      policy (at the heads the author had seen) enrolls for the device;
 *   3. the change's Automerge actor is the device's own (or the document's deterministic
 *      genesis actor, for its first change);
 *   4. the device is not revoked: not in the policy the author had seen, and not past the
 *      revocation cutoff in the newest policy this replica holds;
 *   5. the device's user holds a write action for the document type on its scope, judged by
 *      the permission engine on the policy at the heads the author had seen;
 *   6. every change it depends on is already here or accepted in the same batch.
 * A change that fails is refused with a named reason, and so is everything depending on it.
 */
export const REJECT_REASONS = [
  'unparsable',
  'unsigned',
  'bad_signature',
  'wrong_document',
  'unknown_device',
  'device_revoked',
  'actor_mismatch',
  'unknown_type',
  'permission',
  'dependency_rejected',
  'foreign_policy',
  'policy_heads_mismatch',
] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

/** Not refused, not applied: wait for what is missing (the next round brings it). */
export type DeferReason = 'missing_deps' | 'policy_unknown';

export interface IncomingChange {
  change: Uint8Array;
  envelope?: string | undefined;
}

export interface Rejection {
  hash: string;
  reason: RejectReason;
  message: string;
  deviceId?: string | undefined;
  userId?: string | undefined;
  /** Refused before (remembered in sync_rejected): not a new security event. */
  repeat: boolean;
}

export interface Verdict {
  accepted: Array<{ change: Uint8Array; signature: ChangeSignature; hash: string }>;
  rejected: Rejection[];
  deferred: Array<{ hash: string; reason: DeferReason }>;
  /** Changes this replica already had. */
  known: number;
}

export interface ValidatorOptions {
  store: Store;
  judge: PolicyJudge;
  clock: Clock;
}

interface Decoded {
  change: Uint8Array;
  envelopeText: string | undefined;
  hash: string;
  actor: string;
  seq: number;
  deps: string[];
  /** The parsed envelope (null: it does not parse). */
  env?: ChangeEnvelope | null;
  digest?: string;
  /**
   * Whether the envelope is the author's: its signature verified, or (`vouchedBy`) a later
   * envelope of the same key in this batch, itself verified, names its digest as `prev`.
   */
  authentic?: boolean;
  vouchedBy?: string | undefined;
}

class Refusal extends Error {
  constructor(
    readonly reason: RejectReason,
    message: string,
    readonly deviceId?: string,
    readonly userId?: string,
  ) {
    super(message);
  }
}

class Deferral extends Error {
  constructor(readonly reason: DeferReason) {
    super(reason);
  }
}

export class ChangeValidator {
  readonly #store: Store;
  readonly #judge: PolicyJudge;
  readonly #clock: Clock;
  readonly policy: PolicyReader;

  constructor(options: ValidatorOptions) {
    this.#store = options.store;
    this.#judge = options.judge;
    this.#clock = options.clock;
    this.policy = new PolicyReader(options.store);
  }

  /**
   * Judges a batch of changes for document `docId` of `type` in `scope` (its registry entry
   * when the document exists here). `acceptPolicyRoot`: this replica has no policy yet and
   * trusts the peer it enrolled through to give it one (bootstrap).
   */
  validate(docId: string, type: string, scope: string, incoming: readonly IncomingChange[], opts: { acceptPolicyRoot?: boolean; strict?: boolean } = {}): Verdict {
    const verdict: Verdict = { accepted: [], rejected: [], deferred: [], known: 0 };
    const info = this.#store.info(docId);
    if (info && (info.type !== type || info.scope !== scope)) {
      for (const c of incoming) {
        const hash = safeHash(c.change);
        verdict.rejected.push({ hash: hash ?? '?', reason: 'wrong_document', message: `${docId} is a ${info.type} in ${info.scope}, not a ${type} in ${scope}`, repeat: false });
      }
      return verdict;
    }
    const isPolicy = docId === POLICY_DOC;
    let working: A.Doc<unknown> | undefined = info ? this.#store.doc(docId) : undefined;
    const refusedBefore = this.#refusedBefore(docId);

    const decoded: Decoded[] = [];
    for (const c of incoming) {
      let meta: A.DecodedChange;
      try {
        meta = A.decodeChange(c.change);
      } catch {
        verdict.rejected.push({ hash: safeHash(c.change) ?? '?', reason: 'unparsable', message: 'The change does not parse as an Automerge change', repeat: false });
        continue;
      }
      decoded.push({ change: c.change, envelopeText: c.envelope, hash: meta.hash, actor: meta.actor, seq: meta.seq, deps: [...meta.deps] });
    }
    // Which of the batch's hashes and dependencies this replica already holds: one question
    // to Automerge for the whole batch (asking per hash costs ~1 ms each on a large document).
    const asked = [...new Set(decoded.flatMap((d) => [d.hash, ...d.deps]))];
    const missing = working ? new Set(A.getMissingDeps(working, asked)) : new Set(asked);
    const held = (h: string) => !missing.has(h);
    const pending: Decoded[] = [];
    for (const d of decoded) {
      if (held(d.hash)) verdict.known++;
      else pending.push(d);
    }

    authenticate(pending, opts.strict === true);

    const accepted = new Set<string>();
    const rejected = new Set<string>();
    const batchEnvelopes = new Map<string, string>();
    let cloned = false;
    const present = (h: string) => accepted.has(h) || held(h);
    let progress = true;
    while (pending.length > 0 && progress) {
      progress = false;
      for (let i = 0; i < pending.length; i++) {
        const c = pending[i]!;
        const badDep = c.deps.find((d) => rejected.has(d));
        const ready = c.deps.every(present);
        if (!badDep && !ready) continue;
        pending.splice(i--, 1);
        progress = true;
        const prior = refusedBefore.get(c.hash);
        if (badDep) {
          rejected.add(c.hash);
          verdict.rejected.push({ hash: c.hash, reason: 'dependency_rejected', message: `It depends on refused change ${badDep.slice(0, 12)}`, repeat: prior !== undefined });
          continue;
        }
        try {
          const sig = this.#judgeOne(docId, type, scope, c, isPolicy ? working : undefined, opts.acceptPolicyRoot === true, batchEnvelopes);
          accepted.add(c.hash);
          batchEnvelopes.set(c.hash, sig.envelope);
          verdict.accepted.push({ change: c.change, signature: sig, hash: c.hash });
          if (isPolicy) {
            // A working copy: applying to the store's own document would make it outdated.
            if (!cloned) working = working ? A.clone(working) : A.init();
            cloned = true;
            working = A.applyChanges(working!, [c.change])[0];
          }
        } catch (err) {
          if (err instanceof Deferral) {
            verdict.deferred.push({ hash: c.hash, reason: err.reason });
            continue;
          }
          if (!(err instanceof Refusal)) throw err;
          rejected.add(c.hash);
          verdict.rejected.push({ hash: c.hash, reason: err.reason, message: err.message, deviceId: err.deviceId, userId: err.userId, repeat: prior !== undefined });
        }
      }
    }
    for (const c of pending) verdict.deferred.push({ hash: c.hash, reason: 'missing_deps' });
    // A change taken on the word of a later envelope that is not itself accepted here must
    // stand on its own signature (it may be sent on without that later change). If it does
    // not, judge the batch again verifying every signature: the verdict never depends on how
    // changes were batched.
    if (!opts.strict) {
      const doubtful = decoded.filter((d) => d.vouchedBy !== undefined && accepted.has(d.hash) && !accepted.has(d.vouchedBy));
      if (doubtful.some((d) => !verifyEnvelope(d.env!))) return this.validate(docId, type, scope, incoming, { ...opts, strict: true });
    }
    return verdict;
  }

  /** Remembers refusals so that a resend is refused without a new security event. */
  remember(docId: string, rejections: readonly Rejection[]): void {
    const stmt = this.#store.db.prepare('INSERT OR IGNORE INTO sync_rejected (doc_id, hash, reason, at) VALUES (?, ?, ?, ?)');
    for (const r of rejections) if (r.hash !== '?') stmt.run(docId, r.hash, r.reason, this.#clock.now());
  }

  #refusedBefore(docId: string): Map<string, string> {
    const rows = this.#store.db.prepare('SELECT hash, reason FROM sync_rejected WHERE doc_id = ?').all(docId) as Array<{ hash: string; reason: string }>;
    return new Map(rows.map((r) => [r.hash, r.reason]));
  }

  #judgeOne(docId: string, type: string, scope: string, c: Decoded, policyWorking: A.Doc<unknown> | undefined, acceptRoot: boolean, batch: ReadonlyMap<string, string>): ChangeSignature {
    if (c.envelopeText === undefined) throw new Refusal('unsigned', 'The change carries no signature');
    const env = c.env;
    if (!env) throw new Refusal('unparsable', 'The change signature does not parse');
    if (env.hash !== c.hash) throw new Refusal('bad_signature', 'The signature is for another change');
    if (env.doc !== docId || env.type !== type || env.scope !== scope) {
      throw new Refusal('wrong_document', `The signature is for ${env.doc} (${env.type} in ${env.scope})`, env.device);
    }
    if (env.device !== deviceIdFor(env.pub) || !c.authentic) throw new Refusal('bad_signature', 'The signature does not verify', env.device);
    const signature: ChangeSignature = { hash: c.hash, deviceId: env.device, actor: c.actor, seq: c.seq, envelope: c.envelopeText };

    const policyDoc = docId === POLICY_DOC ? policyWorking : this.policy.current();
    const genesis = c.actor === genesisActorFor(docId) && c.seq === 1 && c.deps.length === 0;
    if (docId === POLICY_DOC) {
      if (c.deps.length === 0) {
        // The trust anchor: the first change of the company's policy.
        const founding = policyDoc ? this.policy.founding(policyDoc, batch) : undefined;
        if (founding && founding.rootHash !== c.hash) throw new Refusal('foreign_policy', "This policy is another company's", env.device);
        if (!policyDoc && !acceptRoot) throw new Refusal('foreign_policy', 'This replica has no policy yet and was not enrolled through this peer', env.device);
        if (c.actor !== actorIdFor(env.pub)) throw new Refusal('actor_mismatch', "The change's actor is not the signing device's", env.device);
        return signature;
      }
      if ([...env.policy].sort().join() !== [...c.deps].sort().join()) {
        throw new Refusal('policy_heads_mismatch', 'A policy change must be judged on the policy it was made on', env.device);
      }
    }

    const founding = policyDoc ? this.policy.founding(policyDoc, batch) : undefined;
    const atHeads = env.policy.length === 0 ? undefined : this.policy.at(env.policy, policyDoc);
    if (env.policy.length > 0 && !atHeads) throw new Deferral('policy_unknown');
    let device;
    let seen: PolicyUsers | undefined;
    if (atHeads) {
      seen = atHeads;
      device = deviceIn(atHeads, env.device, founding);
    } else {
      // Before the policy existed only the founding device wrote (creating the company).
      device = founding && founding.deviceId === env.device ? deviceIn({}, env.device, founding) : undefined;
      seen = policyDoc && founding ? this.policy.at([founding.rootHash], policyDoc) : undefined;
    }
    if (!device || !seen) throw new Refusal('unknown_device', `Device ${env.device} is not enrolled`, env.device);
    if (device.publicKey !== env.pub) throw new Refusal('unknown_device', `Device ${env.device} is enrolled with another key`, env.device, device.userId);
    if (c.actor !== actorIdFor(env.pub) && !genesis) throw new Refusal('actor_mismatch', "The change's actor is not the signing device's", env.device, device.userId);
    if (device.revokedAt !== null) throw new Refusal('device_revoked', `Device ${env.device} was revoked`, env.device, device.userId);
    this.#checkCutoff(docId, c, env, policyDoc, founding, device.userId, genesis);

    const actions = writeActionsFor(type);
    if (!actions) throw new Refusal('unknown_type', `Documents of type ${type} are not synced by this version`, env.device, device.userId);
    let reason = '';
    for (const action of actions) {
      const d = this.#judge.check(seen, device.userId, action, scope);
      if (d.allowed) return signature;
      reason ||= d.reason;
    }
    throw new Refusal('permission', reason || `No grant allows writing ${scope}`, env.device, device.userId);
  }

  /** Revocation is final past its cutoff, whatever policy heads the change claims. */
  #checkCutoff(docId: string, c: Decoded, env: ChangeEnvelope, policyDoc: A.Doc<unknown> | undefined, founding: Founding | undefined, userId: string, genesis: boolean): void {
    if (!policyDoc) return;
    const latest = deviceIn(policyDoc as unknown as PolicyUsers, env.device, founding);
    if (!latest || latest.revokedAt === null || latest.cutoff === undefined) return;
    const cutoff = Object.hasOwn(latest.cutoff, docId) ? latest.cutoff[docId] : undefined;
    const ok = genesis ? cutoff !== undefined : cutoff !== undefined && c.seq <= cutoff;
    if (!ok) throw new Refusal('device_revoked', `Device ${env.device} was revoked before this change reached the admin who revoked it`, env.device, userId);
  }

  /** The clock, for callers that timestamp verdicts. */
  now(): number {
    return this.#clock.now();
  }
}

/**
 * Decides which envelopes of a batch are their author's, verifying as few signatures as the
 * chains allow: each chain is walked from its newest envelope; a verified envelope vouches for
 * the one its `prev` names if both carry the same key. `strict`: verify every signature.
 */
function authenticate(batch: Decoded[], strict: boolean): void {
  const byDigest = new Map<string, Decoded>();
  const named = new Set<string>();
  for (const d of batch) {
    d.env = d.envelopeText === undefined ? null : (parseEnvelope(d.envelopeText) ?? null);
    if (strict || !d.env || d.env.v !== 2) continue;
    d.digest = envelopeDigest(d.env);
    byDigest.set(d.digest, d);
    if (d.env.prev) named.add(d.env.prev);
  }
  const decided = new Set<Decoded>();
  const decide = (d: Decoded, voucher: Decoded | undefined): void => {
    decided.add(d);
    if (voucher?.authentic && voucher.env!.pub === d.env!.pub) {
      d.authentic = true;
      d.vouchedBy = voucher.hash;
    } else {
      d.authentic = verifyEnvelope(d.env!);
    }
  };
  // Newest first: envelopes no other envelope of the batch names.
  const tails = strict ? [] : batch.filter((d) => d.digest !== undefined && !named.has(d.digest));
  for (const tail of tails) {
    decide(tail, undefined);
    for (let cur = tail, next = cur.env!.v === 2 && cur.env!.prev ? byDigest.get(cur.env!.prev) : undefined; next && !decided.has(next); cur = next, next = cur.env!.v === 2 && cur.env!.prev ? byDigest.get(cur.env!.prev) : undefined) {
      decide(next, cur);
    }
  }
  for (const d of batch) if (d.env && !decided.has(d)) decide(d, undefined);
}

function safeHash(bytes: Uint8Array): string | undefined {
  try {
    return A.decodeChange(bytes).hash;
  } catch {
    return undefined;
  }
}

/**
 * Which changes of a document a revocation invalidates: those signed by a revoked device past
 * its cutoff, and everything depending on them. Returns the changes to keep, or undefined when
 * nothing has to go.
 */
export function changesToKeep(store: Store, docId: string, policy: PolicyUsers, founding: Founding | undefined): { keep: Uint8Array[]; dropped: Array<{ hash: string; deviceId: string }> } | undefined {
  const revoked = Object.values(policy.devices ?? {}).filter((d) => d.revokedAt !== null && d.cutoff !== undefined);
  if (revoked.length === 0) return undefined;
  const sigs = store.signatures(docId);
  const bad = new Map<string, string>();
  for (const sig of sigs.values()) {
    const d = revoked.find((r) => r.id === sig.deviceId);
    if (!d || !d.cutoff) continue;
    const cutoff = Object.hasOwn(d.cutoff, docId) ? d.cutoff[docId] : undefined;
    const genesis = sig.actor === genesisActorFor(docId);
    const ok = genesis ? cutoff !== undefined : cutoff !== undefined && sig.seq <= cutoff;
    if (!ok) bad.set(sig.hash, d.id);
  }
  void founding;
  if (bad.size === 0) return undefined;
  // A kept change of a revoked device may have been taken on the word of a later one that goes
  // now (ADR 0007, chained envelopes): keep it only if its own signature verifies.
  for (const sig of sigs.values()) {
    if (bad.has(sig.hash) || !revoked.some((r) => r.id === sig.deviceId)) continue;
    const env = parseEnvelope(sig.envelope);
    if (!env || !verifyEnvelope(env)) bad.set(sig.hash, sig.deviceId);
  }
  const doc = store.doc(docId);
  const all = A.getAllChanges(doc).map((change) => {
    const m = A.decodeChange(change);
    return { change, hash: m.hash, deps: m.deps };
  });
  const gone = new Set<string>();
  const dropped: Array<{ hash: string; deviceId: string }> = [];
  for (let grew = true; grew; ) {
    grew = false;
    for (const c of all) {
      if (gone.has(c.hash)) continue;
      const by = bad.get(c.hash);
      if (by !== undefined || c.deps.some((d) => gone.has(d))) {
        gone.add(c.hash);
        dropped.push({ hash: c.hash, deviceId: by ?? sigs.get(c.hash)?.deviceId ?? '?' });
        grew = true;
      }
    }
  }
  return { keep: all.filter((c) => !gone.has(c.hash)).map((c) => c.change), dropped };
}
