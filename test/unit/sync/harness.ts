import fs from 'node:fs';
import path from 'node:path';
import { openApp, type App } from '../../../core/api/app.ts';
import type { Principal } from '../../../core/api/procedure.ts';
import type { TestClock } from '../../../core/clock.ts';
import { MemoryNetwork } from '../../../core/sync/memory-transport.ts';
import type { PeerSession, SessionOptions } from '../../../core/sync/session.ts';
import { createTestApp, tempDir, type TestApp } from '../../fixtures/app.ts';

export interface Replica {
  name: string;
  app: App;
  dir: string;
}

export interface Company {
  t: TestApp;
  hub: Replica;
  net: MemoryNetwork;
  clock: TestClock;
  admin: Principal;
  replicas: Replica[];
  cleanup(): void;
}

export interface SectionDoc {
  items: Record<string, string>;
}

/** A company on a hub replica (the founding device), with sections and users for sync tests. */
export async function company(): Promise<Company> {
  const t = await createTestApp();
  const hub: Replica = { name: 'hub', app: t.app, dir: t.dir };
  const replicas: Replica[] = [];
  const c: Company = {
    t,
    hub,
    net: new MemoryNetwork(),
    clock: t.clock,
    admin: t.admin,
    replicas,
    cleanup: () => {
      for (const r of replicas) {
        if (!r.app.store.closed) r.app.close();
        fs.rmSync(path.dirname(r.dir), { recursive: true, force: true });
      }
      t.cleanup();
    },
  };
  for (const s of ['costumes', 'props', 'news']) {
    hub.app.store.create<SectionDoc>(`section:${s}`, 'section', `section:${s}`, (d) => {
      d.items = {};
    });
  }
  return c;
}

export async function call<T = unknown>(r: Replica, who: Principal, procedure: string, input: unknown): Promise<T> {
  return (await r.app.dispatcher.call(who, procedure, input)) as T;
}

/** A user with `roles`, plus a role granting content.edit on each of `sections`. */
export async function user(c: Company, name: string, sections: string[], roles: string[] = ['viewer']): Promise<string> {
  const slug = name.toLowerCase().replace(/[^a-z]/g, '');
  if (sections.length > 0) {
    await call(c.hub, c.admin, 'roles.create', { id: `${slug}-role`, name: `${name} role` });
    for (const s of sections) await call(c.hub, c.admin, 'grants.add', { roleId: `${slug}-role`, action: 'content.edit', scope: `section:${s}` });
  }
  const u = await call<{ id: string }>(c.hub, c.admin, 'users.create', { name, email: `${slug}@example.org`, roles: sections.length > 0 ? [...roles, `${slug}-role`] : roles });
  return u.id;
}

/** An empty installation (no company yet). */
export async function emptyReplica(c: Company, name: string): Promise<Replica> {
  const dir = path.join(tempDir(`cb-sync-${name}-`), 'store');
  const app = await openApp({ dataDir: dir, clock: c.clock });
  const r = { name, app, dir };
  c.replicas.push(r);
  return r;
}

export function connect(c: Company, a: Replica, b: Replica, bOptions: SessionOptions = {}): [PeerSession, PeerSession] {
  const [ta, tb] = c.net.pair();
  const sa = a.app.services.sync.attach(ta);
  const sb = b.app.services.sync.attach(tb, bOptions);
  return [sa, sb];
}

export function disconnect(sessions: readonly PeerSession[]): void {
  for (const s of sessions) s.close('test disconnect');
}

/** Connects, delivers everything, disconnects. */
export function syncOnce(c: Company, a: Replica, b: Replica): void {
  const sessions = connect(c, a, b);
  c.net.deliver();
  disconnect(sessions);
  c.net.deliver();
}

/** A new replica enrolled for `userId` through the hub with a fresh invite, fully synced. */
export async function enrolled(c: Company, name: string, userId: string): Promise<Replica> {
  const r = await emptyReplica(c, name);
  const invite = await call<{ code: string }>(c.hub, c.admin, 'sync.invites.create', { user: userId, deviceName: `${name} laptop` });
  const sessions = connect(c, c.hub, r, { enrollCode: invite.code });
  c.net.deliver();
  disconnect(sessions);
  c.net.deliver();
  return r;
}

export function items(r: Replica, id: string): Record<string, string> {
  return { ...r.app.store.doc<SectionDoc>(id).items };
}

export function heads(r: Replica, id: string): string[] {
  return [...(r.app.store.info(id)?.heads ?? [])].sort();
}
