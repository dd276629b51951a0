import type { z } from 'zod';
import type { Clock } from '../clock.ts';
import type { Store } from '../store/store.ts';
import type { Services } from './services.ts';

/** Who is calling: resolved by an authenticator before the dispatcher runs. */
export interface Principal {
  userId: string;
  /** The device the call comes from (this replica's device for local and daemon callers). */
  deviceId: string;
  /** How the caller proved who they are. */
  via: 'token' | 'password' | 'proxy' | 'local' | 'system';
}

/**
 * The permission a procedure needs: an action on a scope derived from its input.
 *   - `authenticated`: any active user may call it (e.g. `session.whoami`); still goes
 *     through the authorize step, which checks the user is active.
 *   - `unenrolled`: only this device's own app or CLI (a `local` principal) while the replica
 *     holds no company yet — joining one with an invite (`sync.join`). There is no user to
 *     ask about yet; the dispatcher decides, like every other permission.
 *   - otherwise `action` on `scope(input)`.
 */
export type Permission<I> =
  | { kind: 'authenticated' }
  | { kind: 'unenrolled' }
  | { kind: 'grant'; action: string; scope: (input: I) => string };

/** What a handler may tell the dispatcher about its change, for the audit entry. */
export interface AuditNote {
  target?: string;
  summary: string;
  before?: unknown;
  after?: unknown;
}

export interface HandlerContext {
  principal: Principal;
  store: Store;
  clock: Clock;
  services: Services;
  /** Describes the change for the audit trail. Mutations call it once; otherwise a default summary is used. */
  audit(note: AuditNote): void;
  /**
   * Answers whether the caller may `action` on `scope`, for procedures that list many
   * things and must filter them (lists are filtered, not refused). The decision is made
   * by the authorizer the dispatcher holds; handlers never decide permissions themselves.
   */
  can(action: string, scope: string): boolean;
}

/**
 * A procedure of the API. Queries may be async; mutations are synchronous so that their
 * document changes and their audit entry commit in one SQLite transaction. A mutation that
 * needs slow asynchronous work first (hashing a password, reading a file) does it in
 * `prepare`, which runs after authorization and before the transaction; its result is the
 * handler's third argument.
 */
export interface Procedure<I = unknown, O = unknown, P = unknown> {
  name: string;
  description: string;
  kind: 'query' | 'mutation';
  input: z.ZodType<I>;
  permission: Permission<I>;
  prepare?: (input: I, ctx: HandlerContext) => Promise<P>;
  handler: (input: I, ctx: HandlerContext, prepared: P) => O | Promise<O>;
}

/**
 * Declares a procedure with its input type inferred from the schema. `permission` is
 * `authenticated` or `{ action, scope: (input) => scope }` (the input already validated).
 */
export function procedure<S extends z.ZodType, O, P = undefined>(def: {
  name: string;
  description: string;
  kind: 'query' | 'mutation';
  input: S;
  permission: 'authenticated' | 'unenrolled' | { action: string; scope: (input: z.output<S>) => string };
  prepare?: (input: z.output<S>, ctx: HandlerContext) => Promise<P>;
  handler: (input: z.output<S>, ctx: HandlerContext, prepared: P) => O | Promise<O>;
}): Procedure<z.output<S>, O> & { input: S } {
  const permission: Permission<z.output<S>> =
    def.permission === 'authenticated'
      ? { kind: 'authenticated' }
      : def.permission === 'unenrolled'
        ? { kind: 'unenrolled' }
        : { kind: 'grant', action: def.permission.action, scope: def.permission.scope };
  return { ...def, permission } as unknown as Procedure<z.output<S>, O> & { input: S };
}

export const authenticated = 'authenticated' as const;

/** A permission on a fixed scope: `grant('view', 'org')`. */
export function grant(action: string, scope: string): { action: string; scope: () => string } {
  return { action, scope: () => scope };
}
