import * as A from '@automerge/automerge';
import type { Store } from '../store/store.ts';
import { POLICY_DOC, parseEnvelope } from './envelope.ts';
import type { PublicKeyText } from './identity.ts';

/**
 * What the sync layer reads of the `policy` document (core/auth/model.ts owns its full shape;
 * this domain module may not import core/auth, so it names only the fields it reads).
 */
export interface DeviceEntry {
  id: string;
  userId: string;
  name: string;
  publicKey: PublicKeyText;
  enrolledAt: number;
  revokedAt: number | null;
  /**
   * Set when the device is revoked through the sync layer: per document, the highest sequence
   * number of the device's own changes the revoking replica held. Later changes of the device
   * are invalid on every replica, whatever policy heads they claim (docs/decisions/0007).
   */
  cutoff?: Record<string, number>;
}

export interface PolicyUsers {
  users?: Record<string, { id: string; name?: string; roles?: string[]; createdAt?: number; status?: string }>;
  devices?: Record<string, DeviceEntry>;
}

/** Decides permissions over one snapshot of the policy document (the permission engine, injected). */
export interface PolicyJudge {
  check(policy: PolicyUsers, userId: string, action: string, scope: string): { allowed: boolean; reason: string };
}

export interface Founding {
  rootHash: string;
  deviceId: string;
  publicKey: PublicKeyText;
  userId: string;
}

export const EMPTY_POLICY: PolicyUsers = Object.freeze({ users: {}, devices: {} });

export function headsKey(heads: readonly string[]): string {
  return [...heads].sort().join(',');
}

/**
 * The founding device: the device that signed the policy document's first change, acting for
 * the first admin of that first version. It is trusted as that admin's device until the
 * policy enrolls it explicitly (or revokes it); this is how a company's first device can
 * write before any enrollment exists.
 */
export function foundingOf(policyDoc: A.Doc<unknown>, rootEnvelope: (hash: string) => string | undefined): Founding | undefined {
  const root = A.getChangesMetaSince(policyDoc, []).find((c) => c.deps.length === 0);
  if (!root) return undefined;
  const env = parseEnvelope(rootEnvelope(root.hash) ?? '');
  if (!env) return undefined;
  const first = A.view(policyDoc, [root.hash]) as unknown as PolicyUsers;
  const users = Object.values(first.users ?? {}).sort((a, b) => (a.createdAt ?? 0) - (b.createdAt ?? 0) || (a.id < b.id ? -1 : 1));
  const admin = users.find((u) => (u.roles ?? []).includes('admin')) ?? users[0];
  if (!admin) return undefined;
  return { rootHash: root.hash, deviceId: env.device, publicKey: env.pub, userId: admin.id };
}

/** A device as the policy snapshot knows it, the founding device included. */
export function deviceIn(policy: PolicyUsers, deviceId: string, founding: Founding | undefined): DeviceEntry | undefined {
  const devices = policy.devices ?? {};
  const d = Object.hasOwn(devices, deviceId) ? devices[deviceId] : undefined;
  if (d) return d;
  if (founding && founding.deviceId === deviceId) {
    return { id: deviceId, userId: founding.userId, name: 'founding device', publicKey: founding.publicKey, enrolledAt: 0, revokedAt: null };
  }
  return undefined;
}

/** Reads the store's policy document and the founding device, with snapshots cached by heads. */
export class PolicyReader {
  readonly #store: Store;
  #views = new Map<string, PolicyUsers>();
  #founding: { doc: unknown; value: Founding | undefined } | undefined;

  constructor(store: Store) {
    this.#store = store;
  }

  current(): A.Doc<PolicyUsers> | undefined {
    return this.#store.has(POLICY_DOC) ? this.#store.doc<PolicyUsers>(POLICY_DOC) : undefined;
  }

  /** `pending`: envelopes accepted in the current batch, not stored yet. */
  founding(doc: A.Doc<unknown> | undefined = this.current(), pending?: ReadonlyMap<string, string>): Founding | undefined {
    if (!doc) return undefined;
    if (this.#founding?.doc !== doc) {
      this.#founding = { doc, value: foundingOf(doc, (h) => pending?.get(h) ?? this.#store.signature(POLICY_DOC, h)?.envelope) };
    }
    return this.#founding.value;
  }

  /** The policy at `heads` (empty heads: before any policy); undefined when those heads are not known here. */
  at(heads: readonly string[], doc: A.Doc<unknown> | undefined = this.current()): PolicyUsers | undefined {
    if (heads.length === 0) return EMPTY_POLICY;
    if (!doc) return undefined;
    const key = headsKey(heads);
    // History never changes under a set of heads: a view once made stays right.
    let view = this.#views.get(key);
    if (!view) {
      if (A.getMissingDeps(doc, [...heads]).length > 0) return undefined;
      view = A.view(doc, [...heads]) as unknown as PolicyUsers;
      if (this.#views.size > 256) this.#views.clear();
      this.#views.set(key, view);
    }
    return view;
  }
}
