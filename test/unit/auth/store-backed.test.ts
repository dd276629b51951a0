import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditLog } from '../../../core/auth/audit.ts';
import { TokenStore } from '../../../core/auth/tokens.ts';
import { TestClock } from '../../../core/clock.ts';
import { Store } from '../../../core/store/store.ts';

let dir: string;
let store: Store;
let clock: TestClock;

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cb-auth-'));
  clock = new TestClock('2026-03-01T10:00:00Z');
  store = await Store.open(dir, { clock });
});

afterEach(() => {
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('TokenStore', () => {
  it('creates, verifies, lists and revokes tokens', () => {
    const tokens = new TokenStore(store.db, clock);
    const { token, info } = tokens.create('ada', 'ical feed');
    expect(token).toMatch(/^cb_[A-Za-z0-9_-]{43}$/);
    expect(info).toMatchObject({ userId: 'ada', name: 'ical feed', createdAt: clock.now(), revokedAt: null });
    expect(tokens.verify(token)).toEqual(info);
    expect(tokens.verify(`${token}x`)).toBeUndefined();
    expect(tokens.verify('nope')).toBeUndefined();
    expect(tokens.verify(`cb_${'a'.repeat(300)}`)).toBeUndefined();
    expect(tokens.verify(42 as unknown as string)).toBeUndefined();
    clock.advance(1000);
    const other = tokens.create('bob', 'script');
    expect(tokens.list().map((t) => t.id)).toEqual([info.id, other.info.id]);
    expect(tokens.list('bob').map((t) => t.id)).toEqual([other.info.id]);
    expect(tokens.revoke(info.id)).toBe(true);
    expect(tokens.revoke(info.id)).toBe(false);
    expect(tokens.verify(token)).toBeUndefined();
    expect(tokens.list('ada')[0]?.revokedAt).toBe(clock.now());
  });
});

describe('AuditLog', () => {
  const entry = { deviceId: 'dev-1', userId: 'ada', action: 'content.edit', procedure: 'content.updatePage', scope: 'section:costumes', summary: 'edited', outcome: 'ok' as const };

  it('appends chained entries and queries them newest first with filters', () => {
    const log = new AuditLog(store.db, clock);
    const a = log.append({ ...entry, target: 'page-1', diff: { before: 1, after: 2 }, grant: { id: 'g', role: 'r', action: 'content.edit', scope: 'section:*', effect: 'allow', path: ['r'] } });
    clock.advance(1000);
    const b = log.append({ ...entry, userId: 'bob', outcome: 'denied' });
    const c = log.append({ ...entry, deviceId: 'dev-2', action: 'view', scope: 'org' });
    expect(b.prevHash).toBe(a.hash);
    expect(a.prevHash).toBe('0'.repeat(64));
    expect(log.count()).toBe(3);
    expect(log.query().map((e) => e.seq)).toEqual([3, 2, 1]);
    expect(log.query({ userId: 'bob' })).toEqual([b]);
    expect(log.query({ scope: 'org' })).toHaveLength(1);
    expect(log.query({ action: 'content.edit', outcome: 'ok' })).toEqual([a]);
    expect(log.query({ from: a.at + 1 })).toEqual([c, b]);
    expect(log.query({ to: b.at })).toEqual([a]);
    expect(log.query({ before: 2 })).toEqual([a]);
    expect(log.query({ limit: 1 })).toHaveLength(1);
    expect(log.query({ limit: 0 })).toHaveLength(1);
    expect(a).toMatchObject({ target: 'page-1', diff: { before: 1, after: 2 }, grant: { id: 'g' } });
    expect(b.target).toBeUndefined();
    expect(b.diff).toBeUndefined();
    expect(b.grant).toBeUndefined();
    expect(log.verify()).toEqual({ ok: true, entries: 3, problems: [] });
  });

  it('detects altered and removed entries', () => {
    const log = new AuditLog(store.db, clock);
    for (let i = 0; i < 3; i++) log.append({ ...entry, summary: `edit ${i}` });
    log.append({ ...entry, deviceId: 'dev-2' });
    log.append({ ...entry, deviceId: 'dev-2' });
    store.db.prepare("UPDATE audit_log SET summary = 'forged' WHERE seq = 2").run();
    store.db.prepare('DELETE FROM audit_log WHERE seq = 4').run();
    const v = log.verify();
    expect(v.ok).toBe(false);
    expect(v.entries).toBe(4);
    expect(v.problems).toEqual([
      { deviceId: 'dev-1', seq: 2, problem: 'this entry was altered' },
      { deviceId: 'dev-2', seq: 5, problem: 'an entry before this one was removed or altered' },
    ]);
  });
});
