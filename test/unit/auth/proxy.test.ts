import { describe, expect, it } from 'vitest';
import { createProxyAuthenticator, type ProxyAuthConfig } from '../../../core/auth/proxy.ts';
import { CallboardError } from '../../../core/errors.ts';

const config: ProxyAuthConfig = {
  trustedProxies: ['10.0.0.5', '::1', '::ffff:192.168.1.2'],
  userHeader: 'X-Forwarded-User',
  emailHeader: 'X-Forwarded-Email',
  groupsHeader: 'X-Forwarded-Groups',
  groupRoleMap: { 'theater-admins': ['admin'], crew: ['stage-manager', 'viewer'], 'front-of-house': ['box-office', 'viewer'] },
};
const auth = createProxyAuthenticator(config);

describe('proxy header authenticator', () => {
  it('reads the identity and maps groups to roles for a trusted proxy', () => {
    const r = auth({
      remoteAddress: '10.0.0.5',
      headers: { 'x-forwarded-user': ' ada ', 'x-forwarded-email': 'ada@theater.org', 'x-forwarded-groups': 'crew, front-of-house,unknown,,crew' },
    });
    expect(r).toEqual({
      ok: true,
      identity: { user: 'ada', email: 'ada@theater.org', groups: ['crew', 'front-of-house', 'unknown'], roles: ['box-office', 'stage-manager', 'viewer'] },
    });
  });

  it('matches header names case-insensitively, joins repeated group headers, and allows no email or groups', () => {
    expect(auth({ remoteAddress: '::1', headers: { 'X-FORWARDED-USER': 'bob', 'x-forwarded-groups': ['crew', 'theater-admins'] } })).toEqual({
      ok: true,
      identity: { user: 'bob', email: undefined, groups: ['crew', 'theater-admins'], roles: ['admin', 'stage-manager', 'viewer'] },
    });
    expect(auth({ remoteAddress: '10.0.0.5', headers: { 'x-forwarded-user': 'cy', 'x-forwarded-email': '  ' } })).toEqual({
      ok: true,
      identity: { user: 'cy', email: undefined, groups: [], roles: [] },
    });
  });

  it('treats IPv4-mapped IPv6 addresses as their IPv4 form, both in config and requests', () => {
    expect(auth({ remoteAddress: '::ffff:10.0.0.5', headers: { 'x-forwarded-user': 'ada' } }).ok).toBe(true);
    expect(auth({ remoteAddress: '192.168.1.2', headers: { 'x-forwarded-user': 'ada' } }).ok).toBe(true);
  });

  it('refuses headers from anyone but a trusted proxy', () => {
    for (const remoteAddress of ['10.0.0.6', '127.0.0.1', '::ffff:10.0.0.6', undefined, '10.0.0.5.evil']) {
      const r = auth({ remoteAddress, headers: { 'x-forwarded-user': 'admin', 'x-forwarded-groups': 'theater-admins' } });
      expect(r).toMatchObject({ ok: false, reason: 'untrusted_source' });
    }
    expect(auth({ remoteAddress: undefined, headers: {} })).toMatchObject({ message: expect.stringMatching(/unknown address/) });
  });

  it('refuses a missing, repeated or malformed user, and a malformed e-mail', () => {
    expect(auth({ remoteAddress: '10.0.0.5', headers: {} })).toMatchObject({ ok: false, reason: 'missing_user' });
    expect(auth({ remoteAddress: '10.0.0.5', headers: { 'x-forwarded-user': '   ' } })).toMatchObject({ ok: false, reason: 'missing_user' });
    expect(auth({ remoteAddress: '10.0.0.5', headers: { 'x-forwarded-user': ['a', 'b'] } })).toMatchObject({ ok: false, reason: 'bad_header' });
    expect(auth({ remoteAddress: '10.0.0.5', headers: { 'x-forwarded-user': 'a\u0007b' } })).toMatchObject({ ok: false, reason: 'bad_header' });
    // Display names with spaces are user names too.
    expect(auth({ remoteAddress: '10.0.0.5', headers: { 'x-forwarded-user': 'Hannah Lindqvist' } })).toMatchObject({ ok: true, identity: { user: 'Hannah Lindqvist' } });
    expect(auth({ remoteAddress: '10.0.0.5', headers: { 'x-forwarded-user': 'a', 'x-forwarded-email': 'nope' } })).toMatchObject({ ok: false, reason: 'bad_header' });
    expect(auth({ remoteAddress: '10.0.0.5', headers: { 'x-forwarded-user': 'a', 'x-forwarded-email': ['a@b.org', 'c@d.org'] } })).toMatchObject({
      ok: false,
      reason: 'bad_header',
    });
  });

  it('does not let later changes to the config object widen the mapping', () => {
    const cfg = structuredClone(config);
    const a = createProxyAuthenticator(cfg);
    cfg.groupRoleMap.crew!.push('admin');
    cfg.trustedProxies.push('10.9.9.9');
    expect(a({ remoteAddress: '10.0.0.5', headers: { 'x-forwarded-user': 'a', 'x-forwarded-groups': 'crew' } })).toMatchObject({ identity: { roles: ['stage-manager', 'viewer'] } });
    expect(a({ remoteAddress: '10.9.9.9', headers: { 'x-forwarded-user': 'a' } }).ok).toBe(false);
  });

  it('validates the configuration, naming the field', () => {
    const bad = (patch: Partial<ProxyAuthConfig>, field: string) => {
      try {
        createProxyAuthenticator({ ...config, ...patch });
        expect.unreachable();
      } catch (err) {
        expect(err).toBeInstanceOf(CallboardError);
        expect((err as CallboardError).details).toEqual({ field });
      }
    };
    bad({ trustedProxies: ['10.0.0.5', 'proxy.local'] }, 'trustedProxies[1]');
    bad({ trustedProxies: [7 as unknown as string] }, 'trustedProxies[0]');
    bad({ userHeader: 'X User' }, 'userHeader');
    bad({ emailHeader: '' }, 'emailHeader');
    bad({ groupsHeader: undefined as unknown as string }, 'groupsHeader');
  });
});
