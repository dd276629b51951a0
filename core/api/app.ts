import { AuditLog } from '../auth/audit.ts';
import { EngineAuthorizer } from '../auth/engine-authorizer.ts';
import { POLICY_DOC_ID, type PolicyDoc } from '../auth/model.ts';
import { PasswordStore } from '../auth/password-store.ts';
import { createProxyAuthenticator, type ProxyAuthConfig } from '../auth/proxy.ts';
import { LoginRateLimiter } from '../auth/rate-limiter.ts';
import { TokenStore } from '../auth/tokens.ts';
import { Authenticators } from './authn.ts';
import type { Clock } from '../clock.ts';
import { Store } from '../store/store.ts';
import { loadOrCreateDeviceKey, type DeviceKey } from '../sync/identity.ts';
import { createSyncService } from './procedures/sync.ts';
import { Dispatcher } from './dispatcher.ts';
import { domainModules } from './modules.ts';
import type { Principal } from './procedure.ts';
import type { Services } from './services.ts';
import { Subscriptions } from './subscriptions.ts';
import { allProcedures } from './table.ts';

export const VERSION = '0.1.0';

export interface AppOptions {
  dataDir: string;
  clock: Clock;
  /** Create the store if the folder has none (default true). */
  create?: boolean;
  onInternalError?: (procedure: string, err: unknown) => void;
  /** Trust identity headers from a single sign-on proxy (daemon behind a company's SSO). */
  proxy?: ProxyAuthConfig;
}

export interface App {
  store: Store;
  dispatcher: Dispatcher;
  subscriptions: Subscriptions;
  services: Services;
  clock: Clock;
  /** The principal for this replica's own device acting as `userId`. */
  localPrincipal(userId: string, via?: Principal['via']): Principal;
  /** This device's own app or CLI before the replica belongs to a company (no user yet). */
  setupPrincipal(): Principal;
  close(): void;
}

/**
 * The composition root: opens the store, builds the services and the dispatcher over the
 * one procedure table. Nothing else constructs these.
 */
export async function openApp(options: AppOptions): Promise<App> {
  const { clock } = options;
  // The device key lives beside the database; the store's actor id is derived from it (issue #10).
  let key: DeviceKey | undefined;
  const identity = (dir: string) => (key = loadOrCreateDeviceKey(dir));
  const store = await Store.open(options.dataDir, { clock, create: options.create ?? true, identity });
  try {
    store.registerProjections(domainModules.flatMap((m) => m.projections ?? []));
    const authorizer = new EngineAuthorizer(() => (store.has(POLICY_DOC_ID) ? store.doc<PolicyDoc>(POLICY_DOC_ID) : undefined));
    // New audit entries reach subscribers of the `audit` scope once their transaction commits.
    const audit = new AuditLog(store.db, clock, (entry) =>
      store.notify({ docId: 'audit', type: 'audit', scope: 'audit', heads: [entry.hash], origin: 'local' }),
    );
    const tokens = new TokenStore(store.db, clock);
    const passwords = new PasswordStore(store.db, clock);
    const authn = new Authenticators({
      store,
      tokens,
      passwords,
      audit,
      limiter: new LoginRateLimiter(clock),
      proxy: options.proxy ? createProxyAuthenticator(options.proxy) : undefined,
      proxyRoles: options.proxy ? [...new Set(Object.values(options.proxy.groupRoleMap).flat())] : undefined,
    });
    const startedAt = clock.now();
    const describe = { current: (): ReturnType<Dispatcher['describe']> => [] };
    const moduleCtx = { store, clock, dataDir: options.dataDir };
    const services = {
      ...Object.assign({}, ...domainModules.map((m) => m.services?.(moduleCtx) ?? {})),
      system: { describe: () => describe.current(), version: VERSION, startedAt },
      tokens,
      audit,
      authorizer,
      passwords,
      authn,
      sync: createSyncService({ store, clock, audit, key: key!, version: VERSION }),
    } as Services;
    for (const m of domainModules) for (const channel of m.syncChannels?.(services) ?? []) services.sync.registerChannel(channel);
    const dispatcher = new Dispatcher(allProcedures(), {
      store,
      clock,
      authorizer,
      audit,
      services,
      ...(options.onInternalError ? { onInternalError: options.onInternalError } : {}),
    });
    const d = dispatcher;
    describe.current = () => d.describe();
    const subscriptions = new Subscriptions(store, (p, a, s) => d.can(p, a, s));
    return {
      store,
      dispatcher: d,
      subscriptions,
      services,
      clock,
      localPrincipal: (userId, via = 'local') => ({ userId, deviceId: store.deviceId, via }),
      setupPrincipal: () => ({ userId: '', deviceId: store.deviceId, via: 'local' }),
      close: () => {
        subscriptions.close();
        services.sync.close();
        for (const m of domainModules) m.close?.();
        store.close();
      },
    };
  } catch (err) {
    store.close();
    throw err;
  }
}
