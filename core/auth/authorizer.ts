import type { Store } from '../store/store.ts';
import { ADMIN_ROLE, POLICY_DOC_ID, type Decision, type PolicyDoc, type UserRecord } from './model.ts';

/**
 * The one question the dispatcher asks before running any procedure.
 */
export interface Authorizer {
  /** The user if they exist and are active, else undefined. */
  activeUser(userId: string): UserRecord | undefined;
  check(userId: string, action: string, scope: string): Decision;
}

/**
 * The foundation's authorizer: holders of the built-in `admin` role may do everything,
 * everyone else is refused. The permission engine (roles, inheritance, grants, deny rules)
 * replaces it.
 */
export class AdminOnlyAuthorizer implements Authorizer {
  constructor(private readonly store: Store) {}

  #policy(): PolicyDoc | undefined {
    return this.store.has(POLICY_DOC_ID) ? this.store.doc<PolicyDoc>(POLICY_DOC_ID) : undefined;
  }

  activeUser(userId: string): UserRecord | undefined {
    const user = this.#policy()?.users[userId];
    return user && user.status === 'active' ? user : undefined;
  }

  check(userId: string, action: string, scope: string): Decision {
    const user = this.activeUser(userId);
    if (!user) return { allowed: false, reason: `User ${userId} is unknown or suspended` };
    if (user.roles.includes(ADMIN_ROLE)) {
      return {
        allowed: true,
        reason: `${user.name} holds the Admin role, which may do everything`,
        grant: { id: 'builtin-admin', role: ADMIN_ROLE, action: '*', scope: '*', effect: 'allow', path: [ADMIN_ROLE] },
      };
    }
    return { allowed: false, reason: `No grant gives ${user.name} ${action} on ${scope}` };
  }
}
