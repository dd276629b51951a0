import { timingSafeEqual } from 'node:crypto';
import type { App } from '../api/app.ts';
import type { Principal } from '../api/procedure.ts';
import { findUser } from '../api/procedures/policy.ts';
import { ADMIN_ROLE, POLICY_DOC_ID, type PolicyDoc } from '../auth/model.ts';
import type { ProxyRequest } from '../auth/proxy.ts';
import { CallboardError } from '../errors.ts';

/**
 * Resolves the caller of a daemon request: a bearer API token; or (for the `callboard` CLI
 * on the same machine) the daemon's local secret from daemon.json, which only someone who
 * can read the data folder has, acting as a named user; or, with no token, the identity
 * headers of a configured single sign-on proxy (believed only from the proxy's address).
 */
export function principalFromToken(
  app: App,
  token: string | undefined,
  localSecret: string,
  asUser?: string,
  proxyRequest?: ProxyRequest,
): Principal | null {
  if (app.store.closed) throw new CallboardError('unavailable', 'The store is closed; the service is shutting down');
  if (!token) {
    if (proxyRequest && app.services.authn.proxyEnabled) return app.services.authn.fromProxy(proxyRequest, app.store.deviceId) ?? null;
    return null;
  }
  if (sameSecret(token, localSecret)) {
    return { userId: resolveLocalUser(app, asUser), deviceId: app.store.deviceId, via: 'local' };
  }
  const info = app.services.tokens.verify(token);
  if (!info) throw new CallboardError('unauthenticated', 'The token is unknown or revoked');
  return { userId: info.userId, deviceId: app.store.deviceId, via: 'token' };
}

export function bearer(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const m = /^Bearer\s+(\S+)$/i.exec(header.trim());
  return m ? m[1] : undefined;
}

/**
 * The user the local app or CLI acts as: the named one (id, name or email); else the user this
 * device is enrolled for; else (the company's founding device) the longest-standing active admin.
 */
export function resolveLocalUser(app: App, as: string | undefined): string {
  if (!app.store.has(POLICY_DOC_ID)) throw new CallboardError('unauthenticated', 'This device belongs to no company yet: join one with an invite', { reason: 'no_company' });
  const policy = app.store.doc<PolicyDoc>(POLICY_DOC_ID);
  if (as) {
    const user = findUser(policy, as);
    if (!user) throw new CallboardError('not_found', `No user "${as}"`, { field: 'as' });
    return user.id;
  }
  const devices = policy.devices ?? {};
  const mine = Object.hasOwn(devices, app.store.deviceId) ? devices[app.store.deviceId] : undefined;
  if (mine && mine.revokedAt === null && Object.hasOwn(policy.users, mine.userId) && policy.users[mine.userId]!.status === 'active') return mine.userId;
  const admins = Object.values(policy.users)
    .filter((u) => u.status === 'active' && u.roles.includes(ADMIN_ROLE))
    .sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
  if (!admins[0]) throw new CallboardError('not_found', 'This store has no active admin');
  return admins[0].id;
}

function sameSecret(a: string, b: string): boolean {
  const ba = Buffer.from(a);
  const bb = Buffer.from(b);
  return ba.length === bb.length && timingSafeEqual(ba, bb);
}
