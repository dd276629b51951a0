import type { Authorizer } from './authorizer.ts';
import { PolicyEngine, type Explanation } from './engine.ts';
import type { Decision, PolicyDoc, UserRecord } from './model.ts';

const EMPTY_POLICY: PolicyDoc = { users: {}, roles: {}, grants: {}, devices: {} };

/**
 * The Authorizer the dispatcher holds: a PolicyEngine over whatever the policy document is
 * now. `currentPolicy` is called on every question (e.g. `() => store.doc('policy')`); the
 * engine is rebuilt only when it returns a different object. Automerge documents are
 * immutable snapshots, so identity is the right test. No policy yet: everyone is refused.
 */
export class EngineAuthorizer implements Authorizer {
  readonly #currentPolicy: () => PolicyDoc | undefined;
  #doc: PolicyDoc | undefined;
  #engine: PolicyEngine | undefined;

  constructor(currentPolicy: () => PolicyDoc | undefined) {
    this.#currentPolicy = currentPolicy;
  }

  /** The engine for the current policy snapshot. */
  engine(): PolicyEngine {
    const doc = this.#currentPolicy() ?? EMPTY_POLICY;
    if (this.#engine === undefined || doc !== this.#doc) {
      this.#doc = doc;
      this.#engine = new PolicyEngine(doc);
    }
    return this.#engine;
  }

  activeUser(userId: string): UserRecord | undefined {
    return this.engine().activeUser(userId);
  }

  check(userId: string, action: string, scope: string): Decision {
    return this.engine().check(userId, action, scope);
  }

  explain(userId: string, action: string, scope: string): Explanation {
    return this.engine().explain(userId, action, scope);
  }
}
