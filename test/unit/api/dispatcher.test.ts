import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { AuditLog } from '../../../core/auth/audit.ts';
import type { Authorizer } from '../../../core/auth/authorizer.ts';
import { POLICY_DOC_ID, type PolicyDoc } from '../../../core/auth/model.ts';
import { Dispatcher } from '../../../core/api/dispatcher.ts';
import { grant, procedure, type Procedure } from '../../../core/api/procedure.ts';
import { ORG_DOC_ID, type OrgDoc } from '../../../core/content/org.ts';
import { CallboardError, ERROR_CODES } from '../../../core/errors.ts';
import { createTestApp, type TestApp } from '../../fixtures/app.ts';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(() => t.cleanup());

async function expectError(p: Promise<unknown>, code: string): Promise<CallboardError> {
  const err = await p.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(CallboardError);
  expect((err as CallboardError).code).toBe(code);
  return err as CallboardError;
}

describe('Dispatcher', () => {
  it('pins the error shape: {code, message, details} with a code from the closed set', async () => {
    const err = await expectError(t.app.dispatcher.call(t.admin, 'org.update', { city: 5 }), 'invalid');
    const shape = err.toShape();
    expect(Object.keys(shape).sort()).toEqual(['code', 'details', 'message']);
    expect(ERROR_CODES).toContain(shape.code);
    expect(shape.message).toBe('Invalid input: city: Invalid input: expected string, received number');
    expect(shape.details).toEqual({ issues: [{ field: 'city', message: 'Invalid input: expected string, received number' }] });
  });

  it('rejects invalid input naming the field and changes nothing', async () => {
    const before = t.app.store.info(ORG_DOC_ID)!.heads;
    const auditBefore = t.app.services.audit.count();
    const err = await expectError(t.app.dispatcher.call(t.admin, 'org.update', { timeZone: 'Mars/Olympus' }), 'invalid');
    expect(err.message).toContain('timeZone');
    expect(t.app.store.info(ORG_DOC_ID)!.heads).toEqual(before);
    expect(t.app.services.audit.count()).toBe(auditBefore);
  });

  it('rejects unknown fields (strict schemas)', async () => {
    const err = await expectError(t.app.dispatcher.call(t.admin, 'org.update', { colour: 'red' }), 'invalid');
    expect(err.message).toContain('colour');
  });

  it('answers not_found for an unknown procedure', async () => {
    const err = await expectError(t.app.dispatcher.call(t.admin, 'org.explode', {}), 'not_found');
    expect(err.message).toContain('org.explode');
  });

  it('answers unauthenticated without a principal, and for an unknown or suspended user', async () => {
    await expectError(t.app.dispatcher.call(null, 'org.get', {}), 'unauthenticated');
    await expectError(t.app.dispatcher.call({ userId: 'usr-nobody', deviceId: 'd', via: 'token' }, 'org.get', {}), 'unauthenticated');
    t.app.store.change<PolicyDoc>(POLICY_DOC_ID, (d) => {
      d.users[t.adminId]!.status = 'suspended';
    });
    await expectError(t.app.dispatcher.call(t.admin, 'org.get', {}), 'unauthenticated');
  });

  it('refuses a user without a grant with forbidden, and records the denied attempt', async () => {
    const created = (await t.app.dispatcher.call(t.admin, 'users.create', { name: 'Priya Natarajan', email: 'priya@example.org' })) as { id: string };
    const priya = t.app.localPrincipal(created.id);
    const before = t.app.store.info(ORG_DOC_ID)!.heads;
    const err = await expectError(t.app.dispatcher.call(priya, 'org.update', { city: 'Elsewhere' }), 'forbidden');
    expect(err.message).toContain('org.manage');
    expect(t.app.store.info(ORG_DOC_ID)!.heads).toEqual(before);
    const [denied] = t.app.services.audit.query({ outcome: 'denied' });
    expect(denied).toMatchObject({ userId: created.id, procedure: 'org.update', action: 'org.manage', scope: 'org', outcome: 'denied' });
  });

  it('runs a mutation and its audit entry in one transaction, naming the deciding grant', async () => {
    await t.app.dispatcher.call(t.admin, 'org.update', { city: 'Portland' });
    expect(t.app.store.doc<OrgDoc>(ORG_DOC_ID).company.city).toBe('Portland');
    const [entry] = t.app.services.audit.query({});
    expect(entry).toMatchObject({
      userId: t.adminId,
      deviceId: t.app.store.deviceId,
      procedure: 'org.update',
      action: 'org.manage',
      scope: 'org',
      target: 'org',
      outcome: 'ok',
      grant: { role: 'admin', action: '*', scope: '*', effect: 'allow' },
      diff: { before: { city: 'Millbrook' }, after: { city: 'Portland' } },
    });
    expect(entry!.at).toBe(t.clock.now());
  });

  it('does not run queries in a transaction nor audit them', async () => {
    const before = t.app.services.audit.count();
    await t.app.dispatcher.call(t.admin, 'org.get', {});
    await t.app.dispatcher.call(t.admin, 'users.list', {});
    expect(t.app.services.audit.count()).toBe(before);
  });

  it('answers unavailable once the store is closed', async () => {
    t.app.close();
    await expectError(t.app.dispatcher.call(t.admin, 'org.get', {}), 'unavailable');
  });
});

describe('Dispatcher with its own procedures', () => {
  function build(procs: Procedure[], authorizer?: Authorizer) {
    const auth: Authorizer = authorizer ?? t.app.services.authorizer;
    return new Dispatcher(procs, {
      store: t.app.store,
      clock: t.clock,
      authorizer: auth,
      audit: new AuditLog(t.app.store.db, t.clock),
      services: t.app.services,
    });
  }

  it('refuses to register a procedure without a permission, or twice', () => {
    const bad = { name: 'x.y', description: '', kind: 'query', input: z.object({}), handler: () => 1 } as unknown as Procedure;
    expect(() => build([bad])).toThrow(/declares no permission/);
    const ok = procedure({ name: 'x.z', description: '', kind: 'query', input: z.object({}), permission: grant('view', '*'), handler: () => 1 });
    expect(() => build([ok as Procedure, ok as Procedure])).toThrow(/registered twice/);
  });

  it('rolls back the document change when a mutation throws after changing it', async () => {
    const failing = procedure({
      name: 'test.fail',
      description: '',
      kind: 'mutation',
      input: z.object({}),
      permission: grant('org.manage', 'org'),
      handler: (_i, ctx) => {
        ctx.store.change<OrgDoc>(ORG_DOC_ID, (d) => {
          d.company.city = 'Nowhere';
        });
        throw new CallboardError('conflict', 'changed my mind');
      },
    });
    const d = build([failing as Procedure]);
    const before = t.app.services.audit.count();
    await expectError(d.call(t.admin, 'test.fail', {}), 'conflict');
    expect(t.app.store.doc<OrgDoc>(ORG_DOC_ID).company.city).toBe('Millbrook');
    expect(t.app.services.audit.count()).toBe(before);
  });

  it('wraps an unexpected exception as internal without leaking it, and reports the cause', async () => {
    const onInternalError = vi.fn();
    const boom = procedure({
      name: 'test.boom',
      description: '',
      kind: 'query',
      input: z.object({}),
      permission: grant('view', '*'),
      handler: () => {
        throw new TypeError('secret stack detail');
      },
    });
    const d = new Dispatcher([boom as Procedure], {
      store: t.app.store,
      clock: t.clock,
      authorizer: t.app.services.authorizer,
      audit: t.app.services.audit,
      services: t.app.services,
      onInternalError,
    });
    const err = await expectError(d.call(t.admin, 'test.boom', {}), 'internal');
    expect(err.message).not.toContain('secret');
    expect(onInternalError).toHaveBeenCalledWith('test.boom', expect.any(TypeError));
  });

  it('treats a missing input as empty, and audits a mutation that gave no note with a default summary', async () => {
    const silent = procedure({
      name: 'test.silent',
      description: '',
      kind: 'mutation',
      input: z.object({}).strict(),
      permission: grant('org.manage', 'org'),
      handler: (_i, ctx) => {
        ctx.store.change<OrgDoc>(ORG_DOC_ID, (d) => {
          d.company.city = 'Quietville';
        });
        return 'done';
      },
    });
    expect(await build([silent as Procedure]).call(t.admin, 'test.silent', undefined)).toBe('done');
    expect(t.app.services.audit.query({ limit: 1 })[0]).toMatchObject({ procedure: 'test.silent', summary: 'test.silent by Morgan Reyes', diff: undefined });
  });

  it('runs prepare before the transaction, and refuses the write if the store closed meanwhile', async () => {
    const order: string[] = [];
    const slow = procedure({
      name: 'test.slow',
      description: '',
      kind: 'mutation',
      input: z.object({ close: z.boolean() }).strict(),
      permission: grant('org.manage', 'org'),
      prepare: async (input) => {
        order.push('prepare');
        if (input.close) t.app.close();
        return 42;
      },
      handler: (_i, _ctx, prepared) => {
        order.push(`handler ${prepared}`);
        return prepared;
      },
    });
    const d = build([slow as Procedure]);
    expect(await d.call(t.admin, 'test.slow', { close: false })).toBe(42);
    expect(order).toEqual(['prepare', 'handler 42']);
    await expectError(d.call(t.admin, 'test.slow', { close: true }), 'unavailable');
    expect(order).toEqual(['prepare', 'handler 42', 'prepare']);
  });

  it('refuses an asynchronous mutation (it could not commit atomically)', async () => {
    const asyncMutation = procedure({
      name: 'test.async',
      description: '',
      kind: 'mutation',
      input: z.object({}),
      permission: grant('org.manage', 'org'),
      handler: async () => 1,
    });
    await expectError(build([asyncMutation as Procedure]).call(t.admin, 'test.async', {}), 'internal');
  });

  it('asks the authorizer, with the scope derived from the input, before every handler runs', async () => {
    const handler = vi.fn(() => 'ran');
    const scoped = procedure({
      name: 'test.scoped',
      description: '',
      kind: 'query',
      input: z.object({ section: z.string() }),
      permission: { action: 'content.edit', scope: (i) => `section:${i.section}` },
      handler,
    });
    const check = vi.fn(() => ({ allowed: false, reason: 'no' }));
    const authorizer: Authorizer = { activeUser: (id) => t.app.services.authorizer.activeUser(id), check };
    await expectError(build([scoped as Procedure], authorizer).call(t.admin, 'test.scoped', { section: 'costumes' }), 'forbidden');
    expect(check).toHaveBeenCalledWith(t.adminId, 'content.edit', 'section:costumes');
    expect(handler).not.toHaveBeenCalled();
  });
});

describe('The procedure table', () => {
  it('asks the authorizer on every call of every grant-protected procedure', async () => {
    const real = t.app.services.authorizer;
    const check = vi.fn((u: string, a: string, s: string) => real.check(u, a, s));
    const spy: Authorizer = { activeUser: (id) => real.activeUser(id), check };
    const d = new Dispatcher(
      t.app.dispatcher.names.map((n) => t.app.dispatcher.procedure(n)!),
      { store: t.app.store, clock: t.clock, authorizer: spy, audit: t.app.services.audit, services: t.app.services },
    );
    for (const name of d.names) {
      const proc = d.procedure(name)!;
      check.mockClear();
      // Any input: validation may fail first, in which case the handler must not run either.
      await d.call(t.admin, name, {}).catch(() => undefined);
      const parsed = proc.input.safeParse({});
      if (proc.permission.kind === 'grant' && parsed.success) {
        // The dispatcher's question comes first; a handler may ask more (ctx.can, to filter lists).
        expect(check, `${name} must be authorized`).toHaveBeenCalled();
        expect(check.mock.calls[0]![1]).toBe(proc.permission.action);
      }
    }
  });

  it('describes every procedure with its JSON Schema', async () => {
    const described = (await t.app.dispatcher.call(t.admin, 'system.describe', {})) as {
      procedures: Array<{ name: string; inputSchema: { type?: string }; permission: unknown }>;
    };
    expect(described.procedures.map((p) => p.name)).toEqual(t.app.dispatcher.names);
    for (const p of described.procedures) {
      expect(p.inputSchema.type, p.name).toBe('object');
      expect(p.permission).toBeDefined();
    }
    expect(described.procedures.find((p) => p.name === 'org.update')!.permission).toEqual({ action: 'org.manage', scope: 'derived from input' });
  });
});

describe('Dispatcher: procedures for a device that belongs to no company (unenrolled)', () => {
  it('lets only a local session of an unenrolled replica call them, audits mutations under the device, and answers no_company to the rest', async () => {
    const { openApp } = await import('../../../core/api/app.ts');
    const { tempDir } = await import('../../fixtures/app.ts');
    const path = await import('node:path');
    const fresh = await openApp({ dataDir: path.join(tempDir('cb-unenrolled-'), 'store'), clock: t.clock });
    try {
      const ping = procedure({ name: 'test.ping', description: 'ping', kind: 'query', input: z.object({}).strict(), permission: 'unenrolled', handler: () => 'pong' });
      const mark = procedure({ name: 'test.mark', description: 'mark', kind: 'mutation', input: z.object({ n: z.number() }).strict(), permission: 'unenrolled', handler: (i) => i.n });
      const d = new Dispatcher([ping, mark, ...[t.app.dispatcher.procedure('org.get')!]] as Procedure[], {
        store: fresh.store,
        clock: t.clock,
        authorizer: fresh.services.authorizer,
        audit: fresh.services.audit,
        services: fresh.services,
      });
      expect(d.describe().find((x) => x.name === 'test.ping')?.permission).toBe('unenrolled');
      const local = fresh.setupPrincipal();
      expect(await d.call(local, 'test.ping', {})).toBe('pong');
      expect(await d.call(local, 'test.mark', { n: 7 })).toBe(7);
      expect(fresh.services.audit.query({ action: 'test.mark' })[0]).toMatchObject({ userId: `device:${fresh.store.deviceId}`, scope: 'device', outcome: 'ok', summary: `test.mark by device ${fresh.store.deviceId}` });
      await expectError(d.call(local, 'test.mark', { n: 'x' }), 'invalid');
      await expectError(d.call({ ...local, via: 'token' }, 'test.ping', {}), 'forbidden');
      const e = await expectError(d.call(local, 'org.get', {}), 'unauthenticated');
      expect(e.details).toMatchObject({ reason: 'no_company' });
      // On a replica that belongs to a company they are refused.
      const enrolled = new Dispatcher([ping] as Procedure[], { store: t.app.store, clock: t.clock, authorizer: t.app.services.authorizer, audit: t.app.services.audit, services: t.app.services });
      await expectError(enrolled.call(t.admin, 'test.ping', {}), 'conflict');
    } finally {
      fresh.close();
    }
  });
});
