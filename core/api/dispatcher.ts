import { z } from 'zod';
import type { AuditLog } from '../auth/audit.ts';
import type { Authorizer } from '../auth/authorizer.ts';
import { POLICY_DOC_ID, type Decision } from '../auth/model.ts';
import type { Clock } from '../clock.ts';
import { CallboardError, toCallboardError } from '../errors.ts';
import type { Store } from '../store/store.ts';
import type { AuditNote, HandlerContext, Principal, Procedure } from './procedure.ts';
import type { Services } from './services.ts';
import { parseInput } from './validation.ts';

export interface DispatcherDeps {
  store: Store;
  clock: Clock;
  authorizer: Authorizer;
  audit: AuditLog;
  services: Services;
  /** Called for failures that are bugs (code `internal`), with their cause. */
  onInternalError?: (procedure: string, err: unknown) => void;
}

export interface ProcedureDescription {
  name: string;
  description: string;
  kind: 'query' | 'mutation';
  permission: { action: string; scope: string } | 'authenticated' | 'unenrolled';
  inputSchema: unknown;
}

/**
 * The one place a call is decided: look up the procedure, check the caller is an active
 * user, validate the input by its schema, ask the authorizer, run the handler (a mutation
 * inside one store transaction together with its audit entry), and map every failure to
 * a CallboardError. No transport and no handler bypasses this.
 */
export class Dispatcher {
  readonly #procedures = new Map<string, Procedure>();
  readonly #deps: DispatcherDeps;

  constructor(procedures: readonly Procedure[], deps: DispatcherDeps) {
    for (const p of procedures) {
      if (this.#procedures.has(p.name)) throw new Error(`Procedure ${p.name} is registered twice`);
      if (!p.permission || (p.permission.kind !== 'authenticated' && p.permission.kind !== 'grant' && p.permission.kind !== 'unenrolled')) {
        throw new Error(`Procedure ${p.name} declares no permission`);
      }
      this.#procedures.set(p.name, p);
    }
    this.#deps = deps;
  }

  get names(): string[] {
    return [...this.#procedures.keys()].sort();
  }

  procedure(name: string): Procedure | undefined {
    return this.#procedures.get(name);
  }

  describe(): ProcedureDescription[] {
    return this.names.map((name) => {
      const p = this.#procedures.get(name)!;
      return {
        name,
        description: p.description,
        kind: p.kind,
        permission:
          p.permission.kind === 'authenticated' || p.permission.kind === 'unenrolled'
            ? p.permission.kind
            : { action: p.permission.action, scope: 'derived from input' },
        inputSchema: z.toJSONSchema(p.input, { unrepresentable: 'any', io: 'input' }),
      };
    });
  }

  /** Whether `principal` may `action` on `scope` (for subscriptions and list filtering). */
  can(principal: Principal, action: string, scope: string): boolean {
    return this.#deps.authorizer.check(principal.userId, action, scope).allowed;
  }

  async call(principal: Principal | null, name: string, rawInput: unknown): Promise<unknown> {
    try {
      return await this.#call(principal, name, rawInput);
    } catch (err) {
      const e = toCallboardError(err);
      if (e.code === 'internal') this.#deps.onInternalError?.(name, err);
      throw e;
    }
  }

  async #call(principal: Principal | null, name: string, rawInput: unknown): Promise<unknown> {
    const { store, clock, authorizer, audit, services } = this.#deps;
    if (store.closed) throw new CallboardError('unavailable', 'The store is closed; the service is shutting down');
    const proc = this.#procedures.get(name);
    if (!proc) throw new CallboardError('not_found', `Unknown procedure "${name}"`, { procedure: name });
    if (!principal) throw new CallboardError('unauthenticated', 'Sign in first: this call needs a valid token');
    const enrolled = store.has(POLICY_DOC_ID);
    // `unenrolled`: joining a company, on a device that belongs to none yet. Only this device's
    // own app or CLI may; there is no user to ask about, and the audit entry names the device.
    const unenrolled = proc.permission.kind === 'unenrolled';
    if (unenrolled) {
      if (principal.via !== 'local') throw new CallboardError('forbidden', `${name} is only for this device's own app or command line, before it belongs to a company`, { action: name, scope: 'device' });
      if (enrolled) throw new CallboardError('conflict', 'This device already belongs to a company', { reason: 'already_enrolled' });
    } else if (!enrolled) {
      throw new CallboardError('unauthenticated', 'This device belongs to no company yet: join one with an invite, or create one with `callboard init`', { reason: 'no_company' });
    }
    const user = unenrolled ? { name: `device ${principal.deviceId}` } : authorizer.activeUser(principal.userId);
    if (!user) throw new CallboardError('unauthenticated', 'Your account is unknown or suspended');

    const input = parseInput(proc.input, rawInput === undefined ? {} : rawInput);

    let decision: Decision;
    let action: string;
    let scope: string;
    if (proc.permission.kind === 'unenrolled') {
      action = name;
      scope = 'device';
      decision = { allowed: true, reason: 'this device belongs to no company yet and asks through its own app' };
    } else if (proc.permission.kind === 'authenticated') {
      action = 'authenticated';
      scope = '*';
      decision = { allowed: true, reason: `${user.name} is signed in` };
    } else {
      action = proc.permission.action;
      scope = proc.permission.scope(input);
      decision = authorizer.check(principal.userId, action, scope);
    }
    if (!decision.allowed) {
      store.transaction(() =>
        audit.append({
          deviceId: principal.deviceId,
          userId: principal.userId,
          action,
          procedure: name,
          scope,
          summary: `Refused ${name}: ${decision.reason}`,
          grant: decision.grant,
          outcome: 'denied',
        }),
      );
      throw new CallboardError('forbidden', `You may not ${action} on ${scope}: ${decision.reason}`, {
        action,
        scope,
        ...(decision.grant ? { grant: decision.grant } : {}),
      });
    }

    let note: AuditNote | undefined;
    const ctx: HandlerContext = {
      principal,
      store,
      clock,
      services,
      audit: (n) => {
        note = n;
      },
      can: (a, s) => authorizer.check(principal.userId, a, s).allowed,
    };

    const prepared = proc.prepare ? await proc.prepare(input, ctx) : undefined;
    if (proc.kind === 'query') return await proc.handler(input, ctx, prepared);
    if (store.closed) throw new CallboardError('unavailable', 'The store is closed; the service is shutting down');

    // Mutations share commits with concurrent ones (group commit); each is its own savepoint.
    return store.transactionGrouped(() => {
      const result = proc.handler(input, ctx, prepared);
      if (result instanceof Promise) {
        result.catch(() => undefined);
        throw new CallboardError('internal', `Mutation ${name} must be synchronous to run in one transaction`);
      }
      audit.append({
        deviceId: principal.deviceId,
        userId: unenrolled ? `device:${principal.deviceId}` : principal.userId,
        action,
        procedure: name,
        scope,
        target: note?.target,
        summary: note?.summary ?? `${name} by ${user.name}`,
        diff: note && ('before' in note || 'after' in note) ? { before: note.before, after: note.after } : undefined,
        grant: decision.grant,
        outcome: 'ok',
      });
      return result;
    });
  }
}
