import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openApp } from '../../../core/api/app.ts';
import { initCompany } from '../../../core/api/setup.ts';
import { TestClock } from '../../../core/clock.ts';
import { startServer, type RunningServer } from '../../../core/daemon/server.ts';
import { createTestApp, tempDir, type TestApp } from '../../fixtures/app.ts';

let t: TestApp | undefined;
let server: RunningServer | undefined;
afterEach(async () => {
  await server?.close();
  t?.cleanup();
  server = undefined;
  t = undefined;
});

async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as { result?: Record<string, unknown>; error?: { code: string; message: string } } };
}

describe('password sign-in', () => {
  it('signs in with e-mail and password, gives a working session token, and audits both outcomes', async () => {
    t = await createTestApp();
    server = await startServer({ app: t.app, host: '127.0.0.1', port: 0, localSecret: 's'.repeat(40), log: () => undefined });
    await t.app.dispatcher.call(t.admin, 'users.setPassword', { userId: t.adminId, password: 'curtain-up-at-eight' });

    const bad = await post(`${server.url}auth/password`, { login: 'morgan@example.org', password: 'wrong-password!' });
    expect(bad.status).toBe(401);
    expect(bad.body.error).toMatchObject({ code: 'unauthenticated', message: 'Wrong e-mail or password, or the account is suspended' });

    const ok = await post(`${server.url}auth/password`, { login: 'Morgan@Example.org', password: 'curtain-up-at-eight' });
    expect(ok.status).toBe(200);
    const token = ok.body.result!.token as string;
    const who = await post(`${server.url}api/session.whoami`, {}, { authorization: `Bearer ${token}` });
    expect(who.body.result).toMatchObject({ user: { id: t.adminId }, via: 'token' });

    const entries = t.app.services.audit.query({ action: 'session.signIn' });
    expect(entries.map((e) => e.outcome)).toEqual(['ok', 'denied']);
    expect(entries[1]!.summary).toContain('Failed password sign-in for "morgan@example.org"');
  });

  it('refuses malformed sign-in bodies naming the field', async () => {
    t = await createTestApp();
    server = await startServer({ app: t.app, host: '127.0.0.1', port: 0, localSecret: 's'.repeat(40), log: () => undefined });
    expect((await post(`${server.url}auth/password`, { password: 'x' })).body.error).toMatchObject({ code: 'invalid', message: expect.stringContaining('login') });
    expect((await post(`${server.url}auth/password`, { login: 'a', password: 5 })).body.error).toMatchObject({ code: 'invalid', message: expect.stringContaining('password') });
  });

  it('rate-limits repeated failures per account and source, until the window passes (injected clock)', async () => {
    t = await createTestApp();
    await t.app.dispatcher.call(t.admin, 'users.setPassword', { userId: t.adminId, password: 'curtain-up-at-eight' });
    const authn = t.app.services.authn;
    for (let i = 0; i < 5; i++) {
      await expect(authn.signInWithPassword('morgan@example.org', 'nope-nope-nope', '10.0.0.5')).rejects.toMatchObject({ code: 'unauthenticated' });
    }
    await expect(authn.signInWithPassword('morgan@example.org', 'curtain-up-at-eight', '10.0.0.5')).rejects.toMatchObject({ code: 'rate_limited' });
    // Another source is not blocked by this one's failures.
    await expect(authn.signInWithPassword('morgan@example.org', 'curtain-up-at-eight', '10.0.0.6')).resolves.toMatchObject({ userId: t.adminId });
    t.clock.advance(15 * 60_000 + 1);
    await expect(authn.signInWithPassword('morgan@example.org', 'curtain-up-at-eight', '10.0.0.5')).resolves.toMatchObject({ userId: t.adminId });
  });

  it('refuses a suspended account and an unknown login the same way', async () => {
    t = await createTestApp();
    const priya = (await t.app.dispatcher.call(t.admin, 'users.create', { name: 'Priya Natarajan', email: 'priya@example.org', roles: ['viewer'] })) as { id: string };
    await t.app.dispatcher.call(t.admin, 'users.setPassword', { userId: priya.id, password: 'tailor-made-123' });
    await t.app.dispatcher.call(t.admin, 'users.setStatus', { userId: priya.id, status: 'suspended' });
    await expect(t.app.services.authn.signInWithPassword('priya@example.org', 'tailor-made-123', 'x')).rejects.toMatchObject({ code: 'unauthenticated' });
    await expect(t.app.services.authn.signInWithPassword('nobody@example.org', 'tailor-made-123', 'x')).rejects.toMatchObject({ code: 'unauthenticated' });
  });

  it('lets a user change their own password only with the current one, and refuses short passwords', async () => {
    t = await createTestApp();
    const me = t.admin;
    await t.app.dispatcher.call(me, 'session.setPassword', { newPassword: 'first-password-1' });
    await expect(t.app.dispatcher.call(me, 'session.setPassword', { newPassword: 'second-password-2' })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(t.app.dispatcher.call(me, 'session.setPassword', { currentPassword: 'wrong', newPassword: 'second-password-2' })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(t.app.dispatcher.call(me, 'session.setPassword', { currentPassword: 'first-password-1', newPassword: 'short' })).rejects.toMatchObject({ code: 'invalid' });
    await t.app.dispatcher.call(me, 'session.setPassword', { currentPassword: 'first-password-1', newPassword: 'second-password-2' });
    await expect(t.app.services.authn.signInWithPassword('morgan@example.org', 'second-password-2', 'x')).resolves.toMatchObject({ userId: t.adminId });
  });
});

describe('single sign-on proxy', () => {
  async function proxyApp(trustedProxies: string[]) {
    const clock = new TestClock('2026-03-01T18:00:00Z');
    const root = tempDir('cb-proxy-');
    const app = await openApp({
      dataDir: path.join(root, 'store'),
      clock,
      proxy: {
        trustedProxies,
        userHeader: 'x-forwarded-user',
        emailHeader: 'x-forwarded-email',
        groupsHeader: 'x-forwarded-groups',
        groupRoleMap: { 'theater-staff': ['viewer'], 'box-office': ['box-office'], managers: ['admin'] },
      },
    });
    const { adminId } = initCompany(app.store, {
      company: { name: 'Riverside Players', shortName: 'Riverside', city: '', timeZone: 'UTC', website: '', email: '' },
      admin: { name: 'Morgan Reyes', email: 'morgan@example.org' },
    });
    const s = await startServer({ app, host: '127.0.0.1', port: 0, localSecret: 's'.repeat(40), log: () => undefined });
    return { app, adminId, server: s, cleanup: async () => (await s.close(), app.close()) };
  }

  const headers = (groups: string) => ({ 'x-forwarded-user': 'Hannah Lindqvist', 'x-forwarded-email': 'hannah@example.org', 'x-forwarded-groups': groups });

  it('signs in from the trusted proxy, creates the user, applies and later removes mapped roles, and audits it', async () => {
    const p = await proxyApp(['127.0.0.1']);
    try {
      const first = await post(`${p.server.url}api/session.whoami`, {}, headers('theater-staff, box-office'));
      expect(first.status).toBe(200);
      expect(first.body.result).toMatchObject({ user: { name: 'Hannah Lindqvist', email: 'hannah@example.org' }, via: 'proxy' });
      expect((first.body.result!.user as { roles: string[] }).roles.sort()).toEqual(['box-office', 'viewer']);

      const again = await post(`${p.server.url}api/session.whoami`, {}, headers('theater-staff'));
      expect((again.body.result!.user as { roles: string[] }).roles).toEqual(['viewer']);

      const entries = p.app.services.audit.query({ action: 'policy.manage' }).filter((e) => e.procedure === 'session.proxySignIn');
      expect(entries).toHaveLength(2);
      expect(entries[0]!.summary).toContain('removed box-office');
      expect(entries[1]!.summary).toContain('added');
      expect(entries[0]!.diff).toEqual({ before: { roles: ['box-office', 'viewer'] }, after: { roles: ['viewer'] } });

      // Unchanged groups change nothing and audit nothing.
      await post(`${p.server.url}api/session.whoami`, {}, headers('theater-staff'));
      expect(p.app.services.audit.query({ action: 'policy.manage' }).filter((e) => e.procedure === 'session.proxySignIn')).toHaveLength(2);
    } finally {
      await p.cleanup();
    }
  });

  it('ignores identity headers from an address that is not the proxy', async () => {
    const p = await proxyApp(['10.20.30.40']);
    try {
      const res = await post(`${p.server.url}api/session.whoami`, {}, headers('managers'));
      expect(res.status).toBe(401);
      expect(res.body.error?.code).toBe('unauthenticated');
      expect(Object.values(p.app.store.doc<{ users: Record<string, { email: string }> }>('policy').users).map((u) => u.email)).not.toContain('hannah@example.org');
    } finally {
      await p.cleanup();
    }
  });
});
