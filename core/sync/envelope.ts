import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { ChangeSignature, LocalChange, Store } from '../store/store.ts';
import { isPublicKeyText, verifySignature, type DeviceKey } from './identity.ts';

/**
 * The signed envelope kept beside every change and sent with it (docs/decisions/0007):
 *
 *   { v: 2, doc, type, scope, hash, device, pub, policy: [heads], prev?, sig }
 *
 * `sig` is Ed25519 over the canonical JSON array
 * `["callboard-change-v2", doc, type, scope, hash, device, pub, sorted policy heads, prev]`, so
 * a change cannot be moved to another document or scope, and the policy heads the author had
 * seen (against which every replica judges the change) cannot be swapped afterwards.
 *
 * `prev` chains a device's envelopes on one document: the digest (SHA-256 of the signed
 * payload and the signature) of the envelope of its previous change there. A receiver that
 * verified one envelope's signature thereby holds the author's commitment to the exact text of
 * the envelope before it, and of the one before that: a batch of one device's changes costs
 * one Ed25519 verification, not one per change (ADR 0007 "Validation cost"). Version 1
 * envelopes (no chain) are still accepted and verified one by one.
 */
export const POLICY_DOC = 'policy';

const HEX64 = /^[0-9a-f]{64}$/;

const common = {
  doc: z.string().min(1).max(200),
  type: z.string().min(1).max(100),
  scope: z.string().min(1).max(300),
  hash: z.string().regex(HEX64),
  device: z.string().min(1).max(100),
  pub: z.string().refine(isPublicKeyText),
  policy: z.array(z.string().regex(HEX64)).max(64),
  sig: z.string().min(1).max(200),
};

export const envelopeSchema = z.discriminatedUnion('v', [
  z.object({ v: z.literal(1), ...common }).strict(),
  z.object({ v: z.literal(2), ...common, prev: z.string().regex(HEX64).optional() }).strict(),
]);

export type ChangeEnvelope = z.infer<typeof envelopeSchema>;

function payload(e: DistributiveOmit<ChangeEnvelope, 'sig'>): Buffer {
  const policy = [...e.policy].sort();
  if (e.v === 1) return Buffer.from(JSON.stringify(['callboard-change-v1', e.doc, e.type, e.scope, e.hash, e.device, e.pub, policy]));
  return Buffer.from(JSON.stringify(['callboard-change-v2', e.doc, e.type, e.scope, e.hash, e.device, e.pub, policy, e.prev ?? null]));
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** What `prev` names: the signed payload and the signature, so neither can be swapped. */
export function envelopeDigest(e: ChangeEnvelope): string {
  return createHash('sha256').update(payload(e)).update('\n').update(e.sig).digest('hex');
}

export function signEnvelope(key: DeviceKey, fields: { doc: string; type: string; scope: string; hash: string; policy: readonly string[]; prev?: string | undefined }): ChangeEnvelope {
  const unsigned = {
    v: 2 as const,
    doc: fields.doc,
    type: fields.type,
    scope: fields.scope,
    hash: fields.hash,
    device: key.deviceId,
    pub: key.publicKey,
    policy: [...fields.policy].sort(),
    ...(fields.prev ? { prev: fields.prev } : {}),
  };
  return { ...unsigned, sig: key.sign(payload(unsigned)).toString('base64url') };
}

export function verifyEnvelope(e: ChangeEnvelope): boolean {
  return verifySignature(e.pub, payload(e), Buffer.from(e.sig, 'base64url'));
}

/** Parses envelope text; undefined when it does not parse or does not fit the schema. */
export function parseEnvelope(text: string): ChangeEnvelope | undefined {
  try {
    const r = envelopeSchema.safeParse(JSON.parse(text));
    return r.success ? r.data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The Store's signer for this device: every local change gets an envelope recording the
 * policy heads in force when it was made (for the policy document itself: the heads it
 * was made on, its dependencies).
 */
export function createChangeSigner(store: Store, key: DeviceKey): (change: LocalChange) => ChangeSignature {
  // The digest of this device's latest envelope per document: the next one chains to it.
  const last = new Map<string, string>();
  const lastStmt = store.db.prepare('SELECT envelope FROM change_signatures WHERE doc_id = ? AND device_id = ? ORDER BY seq DESC LIMIT 1').pluck();
  return (change) => {
    let prev = last.get(change.docId);
    if (prev === undefined) {
      const text = lastStmt.get(change.docId, key.deviceId) as string | undefined;
      const env = text ? parseEnvelope(text) : undefined;
      prev = env ? envelopeDigest(env) : '';
    }
    const policy = change.docId === POLICY_DOC ? change.deps : (store.info(POLICY_DOC)?.heads ?? []);
    const envelope = signEnvelope(key, { doc: change.docId, type: change.type, scope: change.scope, hash: change.hash, policy, prev: prev || undefined });
    last.set(change.docId, envelopeDigest(envelope));
    return { hash: change.hash, deviceId: key.deviceId, actor: change.actor, seq: change.seq, envelope: JSON.stringify(envelope) };
  };
}
