import type { AuditLog } from '../auth/audit.ts';
import type { EngineAuthorizer } from '../auth/engine-authorizer.ts';
import type { PasswordStore } from '../auth/password-store.ts';
import type { TokenStore } from '../auth/tokens.ts';
import type { Authenticators } from './authn.ts';
import type { ProcedureDescription } from './dispatcher.ts';

export interface SystemInfo {
  describe(): ProcedureDescription[];
  version: string;
  startedAt: number;
}

/**
 * Long-lived services built once by the composition root (core/api/app.ts) and handed to
 * every handler. Each domain issue adds its services here.
 */
export interface Services {
  system: SystemInfo;
  tokens: TokenStore;
  audit: AuditLog;
  authorizer: EngineAuthorizer;
  passwords: PasswordStore;
  authn: Authenticators;
}
