import { createPublicKey, sign, X509Certificate, type KeyObject } from 'node:crypto';

/**
 * A self-signed X.509 certificate for a device's own Ed25519 key, so that TLS 1.3 can run
 * with the device key itself as the certificate key and each side can pin the other's key.
 * The certificate carries no authority: peers never trust it by a CA, only by comparing its
 * public key with the enrolled device key (docs/decisions/0007). Node can read and verify
 * certificates but not write them, so the DER is encoded here (RFC 5280 structure, RFC 8410
 * Ed25519 identifiers); `X509Certificate` parses and verifies the result in the tests.
 */

function length(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

function tlv(tag: number, ...content: Buffer[]): Buffer {
  const body = Buffer.concat(content);
  return Buffer.concat([Buffer.from([tag]), length(body.length), body]);
}

const seq = (...c: Buffer[]) => tlv(0x30, ...c);
const ED25519_ALG = seq(tlv(0x06, Buffer.from([0x2b, 0x65, 0x70]))); // 1.3.101.112
const CN_OID = tlv(0x06, Buffer.from([0x55, 0x04, 0x03])); // 2.5.4.3

function name(cn: string): Buffer {
  return seq(tlv(0x31, seq(CN_OID, tlv(0x0c, Buffer.from(cn, 'utf8')))));
}

function generalizedTime(ms: number): Buffer {
  const iso = new Date(ms).toISOString(); // 2026-01-02T03:04:05.000Z
  const s = `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
  return tlv(0x18, Buffer.from(s, 'ascii'));
}

export interface DeviceCertificate {
  /** PEM of the certificate. */
  cert: string;
  /** PEM (PKCS#8) of the private key. */
  key: string;
}

/**
 * Builds a self-signed certificate for `privateKey` (Ed25519). Validity is wide and fixed
 * (2000–2100): TLS here never decides trust by dates, and a device whose clock is far off
 * must still connect so that the sync status can name the clock problem.
 */
export function deviceCertificate(privateKey: KeyObject, commonName: string): DeviceCertificate {
  const spki = createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
  const serial = createPublicKey(privateKey).export({ format: 'jwk' }).x ?? '1';
  const serialBytes = Buffer.concat([Buffer.from([0x01]), Buffer.from(serial, 'base64url').subarray(0, 15)]);
  const tbs = seq(
    tlv(0xa0, tlv(0x02, Buffer.from([0x02]))), // version v3
    tlv(0x02, serialBytes),
    ED25519_ALG,
    name(commonName),
    seq(generalizedTime(Date.UTC(2000, 0, 1)), generalizedTime(Date.UTC(2100, 0, 1))),
    name(commonName),
    spki,
  );
  const signature = sign(null, tbs, privateKey);
  const der = seq(tbs, ED25519_ALG, tlv(0x03, Buffer.from([0x00]), signature));
  const b64 = der.toString('base64').replace(/.{64}/g, '$&\n');
  return {
    cert: `-----BEGIN CERTIFICATE-----\n${b64}${b64.endsWith('\n') ? '' : '\n'}-----END CERTIFICATE-----\n`,
    key: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
  };
}

/** The raw 32-byte Ed25519 public key of a certificate, base64url; undefined if it is not Ed25519. */
export function certificateDeviceKey(cert: X509Certificate): string | undefined {
  const key = cert.publicKey;
  if (key.asymmetricKeyType !== 'ed25519') return undefined;
  return key.export({ format: 'jwk' }).x;
}

