import { z } from 'zod';
import type { ChangeSignature, LocalChange, Store } from '../store/store.ts';
import { isPublicKeyText, verifySignature, type DeviceKey } from './identity.ts';

/**
 * The signed envelope kept beside every change and sent with it (docs/decisions/0007):
 *
 *   { v: 1, doc, type, scope, hash, device, pub, policy: [heads], sig }
 *
 * `sig` is Ed25519 over the canonical JSON array
 * `["callboard-change-v1", doc, type, scope, hash, device, pub, sorted policy heads]`, so a
 * change cannot be moved to another document or scope, and the policy heads the author had
 * seen (against which every replica judges the change) cannot be swapped afterwards.
 */
export const POLICY_DOC = 'policy';

const HEX64 = /^[0-9a-f]{64}$/;

export const envelopeSchema = z
  .object({
    v: z.literal(1),
    doc: z.string().min(1).max(200),
    type: z.string().min(1).max(100),
    scope: z.string().min(1).max(300),
    hash: z.string().regex(HEX64),
    device: z.string().min(1).max(100),
    pub: z.string().refine(isPublicKeyText),
    policy: z.array(z.string().regex(HEX64)).max(64),
    sig: z.string().min(1).max(200),
  })
  .strict();

export type ChangeEnvelope = z.infer<typeof envelopeSchema>;

function payload(e: Omit<ChangeEnvelope, 'sig'>): Buffer {
  return Buffer.from(JSON.stringify(['callboard-change-v1', e.doc, e.type, e.scope, e.hash, e.device, e.pub, [...e.policy].sort()]));
}

export function signEnvelope(key: DeviceKey, fields: Omit<ChangeEnvelope, 'sig' | 'v' | 'device' | 'pub'>): ChangeEnvelope {
  const unsigned = { v: 1 as const, ...fields, device: key.deviceId, pub: key.publicKey, policy: [...fields.policy].sort() };
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
  return (change) => {
    const policy = change.docId === POLICY_DOC ? change.deps : (store.info(POLICY_DOC)?.heads ?? []);
    const envelope = signEnvelope(key, { doc: change.docId, type: change.type, scope: change.scope, hash: change.hash, policy });
    return { hash: change.hash, deviceId: key.deviceId, actor: change.actor, seq: change.seq, envelope: JSON.stringify(envelope) };
  };
}
