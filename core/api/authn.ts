import { hashPassword, verifyPassword } from '../auth/passwords.ts';
import type { PasswordStore } from '../auth/password-store.ts';
import type { ProxyAuthenticator, ProxyRequest } from '../auth/proxy.ts';
import type { LoginRateLimiter } from '../auth/rate-limiter.ts';
import { ADMIN_ROLE, POLICY_DOC_ID, type PolicyDoc } from '../auth/model.ts';
import type { AuditLog } from '../auth/audit.ts';
import type { TokenStore } from '../auth/tokens.ts';
import { CallboardError } from '../errors.ts';
import type { Store } from '../store/store.ts';
import type { Principal } from './procedure.ts';
import { findUser } from './procedures/policy.ts';
import { newUserId } from './setup.ts';

export interface AuthnDeps {
  store: Store;
  tokens: TokenStore;
  passwords: PasswordStore;
  limiter: LoginRateLimiter;
  audit: AuditLog;
  proxy?: ProxyAuthenticator | undefined;
  proxyRoles?: readonly string[] | undefined;
}

/** A password nobody has: verifying against it takes as long as a real check. */
const DUMMY_HASH_PROMISE: { value?: Promise<string> } = {};

/**
 * Authenticators: who is calling. Three ways in — API tokens (TokenStore, for scripts and
 * the browser), local passwords (desktop sign-in, rate-limited), and trusted identity
 * headers from a company's single sign-on proxy with group → role mapping. Each gives a
 * Principal; what that principal may do is decided only by the dispatcher.
 */
export class Authenticators {
  constructor(private readonly deps: AuthnDeps) {}

  get proxyEnabled(): boolean {
    return this.deps.proxy !== undefined;
  }

  /** Signs in with e-mail (or name) and password; returns a session token. */
  async signInWithPassword(login: string, password: string, source: string): Promise<{ token: string; userId: string; name: string }> {
    const { store, passwords, limiter, tokens, audit } = this.deps;
    const policy = store.doc<PolicyDoc>(POLICY_DOC_ID);
    const user = findUser(policy, login);
    const key = user?.id ?? `unknown:${login.toLowerCase()}`;
    limiter.assertAllowed(key, source);
    const stored = user ? passwords.get(user.id) : undefined;
    DUMMY_HASH_PROMISE.value ??= hashPassword('not-a-password-anyone-has');
    const ok = await verifyPassword(password, stored ?? (await DUMMY_HASH_PROMISE.value));
    if (!user || !stored || !ok || user.status !== 'active') {
      limiter.recordFailure(key, source);
      store.transaction(() =>
        audit.append({
          deviceId: store.deviceId,
          userId: user?.id ?? 'unknown',
          action: 'session.signIn',
          procedure: 'session.signIn',
          scope: 'policy',
          summary: `Failed password sign-in for "${login}" from ${source}`,
          outcome: 'denied',
        }),
      );
      throw new CallboardError('unauthenticated', 'Wrong e-mail or password, or the account is suspended');
    }
    limiter.recordSuccess(key, source);
    const { token } = tokens.create(user.id, `session (password sign-in from ${source})`);
    store.transaction(() =>
      audit.append({
        deviceId: store.deviceId,
        userId: user.id,
        action: 'session.signIn',
        procedure: 'session.signIn',
        scope: 'policy',
        summary: `${user.name} signed in with a password from ${source}`,
        outcome: 'ok',
      }),
    );
    return { token, userId: user.id, name: user.name };
  }

  /**
   * The principal for a request from the company's sign-on proxy, or undefined when the
   * request carries no proxy identity. The user is found by e-mail (created if new), and the
   * roles the group mapping governs are set to what the groups say: added or removed,
   * audited; roles the mapping does not mention are left as the admin set them.
   */
  fromProxy(req: ProxyRequest, deviceId: string): Principal | undefined {
    const { proxy, store, audit, proxyRoles = [] } = this.deps;
    if (!proxy) return undefined;
    const result = proxy(req);
    if (!result.ok) {
      if (result.reason === 'missing_user') return undefined;
      throw new CallboardError('unauthenticated', result.message);
    }
    const { identity } = result;
    const email = identity.email ?? identity.user;
    return store.transaction(() => {
      let policy = store.doc<PolicyDoc>(POLICY_DOC_ID);
      let user = findUser(policy, email);
      const desired = new Set(identity.roles.filter((r) => Object.hasOwn(policy.roles, r)));
      const before = user ? [...user.roles] : [];
      const after = [...before.filter((r) => !proxyRoles.includes(r) || desired.has(r)), ...[...desired].filter((r) => !before.includes(r))];
      if (user && after.length === before.length && after.every((r) => before.includes(r))) {
        return { userId: user.id, deviceId, via: 'proxy' as const };
      }
      const id = user?.id ?? newUserId();
      policy = store.change<PolicyDoc>(POLICY_DOC_ID, (d) => {
        if (!Object.hasOwn(d.users, id)) {
          d.users[id] = { id, name: identity.user, email, status: 'active', roles: after, createdAt: store.clock.now() };
        } else {
          d.users[id]!.roles = after;
        }
      }, { message: 'apply roles from sign-on proxy' });
      const admins = Object.values(policy.users).filter((u) => u.status === 'active' && u.roles.includes(ADMIN_ROLE));
      if (admins.length === 0) throw new CallboardError('forbidden', 'The identity provider would remove the last admin; sign-in refused');
      user = policy.users[id]!;
      const added = after.filter((r) => !before.includes(r));
      const removed = before.filter((r) => !after.includes(r));
      audit.append({
        deviceId,
        userId: id,
        action: 'policy.manage',
        procedure: 'session.proxySignIn',
        scope: 'policy',
        target: `user:${id}`,
        summary: `${user.name} signed in through the sign-on proxy; roles from groups ${identity.groups.join(', ') || '(none)'}: ${added.length ? `added ${added.join(', ')}` : ''}${added.length && removed.length ? '; ' : ''}${removed.length ? `removed ${removed.join(', ')}` : ''}`,
        diff: { before: { roles: before }, after: { roles: after } },
        outcome: 'ok',
      });
      return { userId: id, deviceId, via: 'proxy' as const };
    });
  }
}
