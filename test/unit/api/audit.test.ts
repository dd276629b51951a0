import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../fixtures/app.ts';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(() => t.cleanup());

describe('the audit trail', () => {
  it('leaves exactly one entry per successful mutation, naming the user, device and deciding grant', async () => {
    const before = t.app.services.audit.count();
    const priya = (await t.app.dispatcher.call(t.admin, 'users.create', { name: 'Priya Natarajan', email: 'priya@example.org' })) as { id: string };
    await t.app.dispatcher.call(t.admin, 'roles.create', { id: 'costume-designer', name: 'Costume designer', parents: ['section-editor'] });
    await t.app.dispatcher.call(t.admin, 'users.assignRole', { userId: priya.id, roleId: 'costume-designer' });
    await t.app.dispatcher.call(t.admin, 'org.update', { city: 'Salem' });
    await t.app.dispatcher.call(t.admin, 'org.get', {}); // a query: no entry
    await expect(t.app.dispatcher.call(t.admin, 'users.create', { name: 'Dup', email: 'priya@example.org' })).rejects.toMatchObject({ code: 'conflict' }); // failed: no entry
    const entries = t.app.services.audit.query({ limit: 100 }).filter((e) => e.seq > before);
    expect(entries.map((e) => e.procedure)).toEqual(['org.update', 'users.assignRole', 'roles.create', 'users.create']);
    for (const e of entries) {
      expect(e).toMatchObject({ userId: t.adminId, deviceId: t.app.store.deviceId, outcome: 'ok', grant: { role: 'admin', effect: 'allow' } });
      expect(e.summary.length).toBeGreaterThan(5);
    }
    expect(entries.find((e) => e.procedure === 'users.assignRole')!.diff).toEqual({ before: { roles: [] }, after: { roles: ['costume-designer'] } });
  });

  it('records a refused attempt as a security event naming the deny that decided it', async () => {
    const dev = (await t.app.dispatcher.call(t.admin, 'users.create', { name: 'Dev Okafor', email: 'dev@example.org', roles: ['viewer'] })) as { id: string };
    await t.app.dispatcher.call(t.admin, 'grants.add', { roleId: 'viewer', action: 'view', scope: 'policy', effect: 'deny' });
    await expect(t.app.dispatcher.call(t.app.localPrincipal(dev.id), 'users.list', {})).rejects.toMatchObject({ code: 'forbidden' });
    const [entry] = t.app.services.audit.query({ outcome: 'denied' });
    expect(entry).toMatchObject({ userId: dev.id, procedure: 'users.list', action: 'view', scope: 'policy', grant: { effect: 'deny', role: 'viewer', scope: 'policy' } });
  });

  it('lists entries with user names, filters by role (held directly or inherited), and exports CSV and JSON', async () => {
    const priya = (await t.app.dispatcher.call(t.admin, 'users.create', { name: 'Priya Natarajan', email: 'priya@example.org', roles: ['admin'] })) as { id: string };
    await t.app.dispatcher.call(t.app.localPrincipal(priya.id), 'org.update', { city: 'Eugene' });
    await t.app.dispatcher.call(t.admin, 'org.update', { city: 'Bend' });
    const list = (await t.app.dispatcher.call(t.admin, 'audit.list', { action: 'org.manage' })) as Array<{ userName: string }>;
    expect(list.map((e) => e.userName)).toEqual(['Morgan Reyes', 'Priya Natarajan']);
    const byRole = (await t.app.dispatcher.call(t.admin, 'audit.list', { role: 'admin', action: 'org.manage' })) as unknown[];
    expect(byRole).toHaveLength(2);
    await expect(t.app.dispatcher.call(t.admin, 'audit.list', { role: 'no-such-role' })).rejects.toMatchObject({ code: 'not_found' });

    const csv = (await t.app.dispatcher.call(t.admin, 'audit.export', { format: 'csv', action: 'org.manage' })) as { body: string; count: number; contentType: string };
    expect(csv.contentType).toBe('text/csv');
    const lines = csv.body.trim().split('\n');
    expect(lines[0]).toBe('time,user,user_id,device,outcome,procedure,action,scope,target,summary,grant,before,after,hash');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain('Priya Natarajan');
    expect(lines[1]).toContain('"{""city"":""Millbrook""}"');
    const json = (await t.app.dispatcher.call(t.admin, 'audit.export', { format: 'json' })) as { body: string; count: number };
    expect(JSON.parse(json.body)).toHaveLength(json.count);
  });

  it('tells subscribers of the audit scope about new entries after they commit', async () => {
    const events: string[] = [];
    t.app.subscriptions.add(t.admin, 'audit', (e) => events.push(`${e.scope}:${e.type}`));
    await t.app.dispatcher.call(t.admin, 'org.update', { city: 'Bend' });
    expect(events).toEqual(['audit:audit']);
  });

  it('detects an altered and a removed entry', async () => {
    for (const city of ['A', 'B', 'C', 'D']) await t.app.dispatcher.call(t.admin, 'org.update', { city });
    expect((await t.app.dispatcher.call(t.admin, 'audit.verify', {})) as { ok: boolean }).toMatchObject({ ok: true });
    const db = t.app.store.db;
    const [second] = db.prepare('SELECT seq FROM audit_log ORDER BY seq LIMIT 1 OFFSET 1').all() as Array<{ seq: number }>;
    db.prepare("UPDATE audit_log SET summary = 'nothing to see' WHERE seq = ?").run(second!.seq);
    expect(t.app.services.audit.verify()).toMatchObject({ ok: false, problems: [{ seq: second!.seq, problem: 'this entry was altered' }] });
    db.prepare('DELETE FROM audit_log WHERE seq = ?').run(second!.seq);
    expect(t.app.services.audit.verify()).toMatchObject({ ok: false, problems: [{ problem: 'an entry before this one was removed or altered' }] });
  });
});
