import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { CallboardError } from '../errors.ts';

/**
 * A device's identity: one Ed25519 key pair per installation (node:crypto), kept in the data
 * folder as `device-key.pem`, readable by its owner only (0600). The device id and the
 * Automerge actor id are both derived from the public key, so every change names the key
 * that must have signed it.
 */
export const DEVICE_KEY_FILE = 'device-key.pem';

/** The raw 32-byte public key, base64url (43 characters). */
export type PublicKeyText = string;

const PUB_RE = /^[A-Za-z0-9_-]{43}$/;

export function isPublicKeyText(value: unknown): value is PublicKeyText {
  return typeof value === 'string' && PUB_RE.test(value);
}

/** `dev-` and 16 hex digits of SHA-256 over the raw public key. */
export function deviceIdFor(publicKey: PublicKeyText): string {
  return `dev-${createHash('sha256').update('callboard-device:').update(Buffer.from(publicKey, 'base64url')).digest('hex').slice(0, 16)}`;
}

/** The Automerge actor id (32 hex digits) of a device key. */
export function actorIdFor(publicKey: PublicKeyText): string {
  return createHash('sha256').update('callboard-actor:').update(Buffer.from(publicKey, 'base64url')).digest('hex').slice(0, 32);
}

/** The actor of a document's deterministic first change (core/directory ensureDoc uses the same). */
export function genesisActorFor(docId: string): string {
  return createHash('sha256').update(`genesis:${docId}`).digest('hex').slice(0, 32);
}

const keyCache = new Map<string, KeyObject>();

/** A public KeyObject from its text form (cached: verifying is on the hot path). */
export function publicKeyObject(publicKey: PublicKeyText): KeyObject {
  let key = keyCache.get(publicKey);
  if (!key) {
    if (!isPublicKeyText(publicKey)) throw new CallboardError('invalid', 'Not an Ed25519 public key', { field: 'publicKey' });
    key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: publicKey }, format: 'jwk' });
    if (keyCache.size > 10_000) keyCache.clear();
    keyCache.set(publicKey, key);
  }
  return key;
}

export function verifySignature(publicKey: PublicKeyText, data: Buffer, signature: Buffer): boolean {
  try {
    return verify(null, data, publicKeyObject(publicKey), signature);
  } catch {
    return false;
  }
}

export class DeviceKey {
  readonly privateKey: KeyObject;
  readonly publicKey: PublicKeyText;
  readonly deviceId: string;
  readonly actorId: string;

  constructor(privateKey: KeyObject) {
    if (privateKey.asymmetricKeyType !== 'ed25519') throw new CallboardError('invalid', 'A device key must be Ed25519');
    this.privateKey = privateKey;
    const jwk = createPublicKey(privateKey).export({ format: 'jwk' });
    this.publicKey = jwk.x as string;
    this.deviceId = deviceIdFor(this.publicKey);
    this.actorId = actorIdFor(this.publicKey);
  }

  static generate(): DeviceKey {
    return new DeviceKey(generateKeyPairSync('ed25519').privateKey);
  }

  static fromPem(pem: string): DeviceKey {
    return new DeviceKey(createPrivateKey(pem));
  }

  sign(data: Buffer): Buffer {
    return sign(null, data, this.privateKey);
  }

  toPem(): string {
    return this.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
  }
}

/**
 * Reads the data folder's device key, creating it (mode 0600, written atomically) on first
 * use. A key file readable by others is refused: it would let them act as this device.
 */
export function loadOrCreateDeviceKey(dir: string): DeviceKey {
  const file = path.join(dir, DEVICE_KEY_FILE);
  if (fs.existsSync(file)) {
    const mode = fs.statSync(file).mode & 0o777;
    if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
      throw new CallboardError('invalid', `${file} is readable by other users (mode ${mode.toString(8)}); run chmod 600 on it`, { file });
    }
    return DeviceKey.fromPem(fs.readFileSync(file, 'utf8'));
  }
  const key = DeviceKey.generate();
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, key.toPem(), { mode: 0o600, flag: 'wx' });
  fs.renameSync(tmp, file);
  return key;
}
