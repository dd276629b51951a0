import type { Decision, UserRecord } from './model.ts';

/**
 * The one question the dispatcher asks before running any procedure.
 */
export interface Authorizer {
  /** The user if they exist and are active, else undefined. */
  activeUser(userId: string): UserRecord | undefined;
  check(userId: string, action: string, scope: string): Decision;
}
