import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openApp, type App } from '../../core/api/app.ts';
import { TestClock } from '../../core/clock.ts';
import { startServer, type RunningServer } from '../../core/daemon/server.ts';
import { startSyncServer, type RunningSyncServer } from '../../core/daemon/sync-server.ts';
import type { CreditsDoc } from '../../core/directory/model.ts';
import { syncWith } from '../../core/sync/network.ts';
import type { PeerSession } from '../../core/sync/session.ts';
import { activeLines, ordersOf, type OrderHolder } from '../../core/ticketing/model.ts';
import { httpCaller, localCaller, wsCaller, type ApiCaller, type Outcome } from './clients.ts';
import { ACC, CREDIT_PRODUCTIONS, ITW, OUR_TOWN, PERFORMANCE, ROWS, SEATS_PER_ROW, seedLoadCompany, type LoadCompany } from './company.ts';

/**
 * Concurrent editing under load (issue #11): a daemon on loopback (real SQLite store in a temp
 * folder, HTTP + WebSocket API, TLS peer sync) and M simulated team members, each with their
 * own replica (a store in its own folder, enrolled as a device, live-syncing with the daemon)
 * and their own API token. All members run a fixed, seeded workload at the same time —
 * section text edits, events created and moved, credits added and reordered, media metadata
 * edits and tags, ticket holds and sales on one performance with contended seats, plus edits
 * made on their own replica as the desktop app does, and calls their grants refuse. Then sync
 * settles (driven by store and session events, bounded) and `check` lists every violation:
 * replicas differ from the daemon, an acknowledged change is missing, a seat is sold twice,
 * or the audit log does not hold exactly one entry per acknowledged mutation (and one
 * `denied` entry per refused call, nothing for calls refused as invalid or conflicting).
 */

export type Persona = 'costumes' | 'stage' | 'boxoffice' | 'photographer' | 'publicity';
const PERSONAS: readonly Persona[] = ['costumes', 'stage', 'boxoffice', 'photographer', 'publicity'];
const ROLE: Record<Persona, string> = {
  costumes: 'costume-designer',
  stage: 'stage-manager',
  boxoffice: 'box-office',
  photographer: 'production-photographer',
  publicity: 'publicity',
};
const GIVEN = ['Priya', 'Dev', 'Hannah', 'Tomás', 'Grace', 'Ada', 'Bea', 'Cyril', 'Dana', 'Eli', 'Fern', 'Gus', 'Hana', 'Ivo', 'June', 'Kofi', 'Lena', 'Milo', 'Nia', 'Otto'];
const FAMILY = ['Natarajan', 'Okafor', 'Lindqvist', 'Ruiz', 'Whitfield', 'Moreau', 'Tanaka', 'Byrne', 'Novak', 'Haddad', 'Kowalski', 'Ferreira', 'Nguyen', 'Adler', 'Castillo', 'Brennan', 'Sato', 'Whitaker', 'Olsen', 'Cho'];
const DEPARTMENTS = ['cast', 'creative', 'production', 'crew', 'orchestra', 'front-of-house'] as const;

export interface LoadOptions {
  members: number;
  opsPerMember: number;
  seed?: number;
  /** Keep the temp folders (for debugging). */
  keep?: boolean;
}

interface Member {
  index: number;
  name: string;
  persona: Persona;
  userId: string;
  token: string;
  replica: App;
  replicaDir: string;
  session?: PeerSession;
  api: ApiCaller;
  local: ApiCaller;
}

/** One acknowledged or refused call, as the member saw it. */
interface CallRecord {
  member: number;
  where: 'daemon' | 'local';
  procedure: string;
  outcome: Outcome;
  /** How long the member waited for the answer. */
  ms: number;
}

interface Expectations {
  /** Per member: block id → last acknowledged text, and on which page/section. */
  blocks: Map<string, { member: number; sectionId: string; pageId: string; text: string }>;
  /** Event id → last acknowledged start and end (local wall time). */
  events: Map<string, { member: number; productionId: string; start: string; end: string }>;
  /** Credit id → production (every acknowledged credit). */
  credits: Map<string, { member: number; productionId: string; department: string }>;
  /** (production, department) → last acknowledged order. */
  orders: Map<string, string[]>;
  /** Asset id → last acknowledged title. */
  titles: Map<string, { member: number; title: string }>;
  /** Tags acknowledged on the shared asset. */
  sharedTags: Set<string>;
  /** Order id → seats (every acknowledged sale). */
  sales: Map<string, { member: number; seats: string[] }>;
}

export interface LoadResult {
  members: number;
  opsPerMember: number;
  calls: number;
  acknowledged: number;
  refused: Record<string, number>;
  localAcknowledged: number;
  setupMs: number;
  workloadMs: number;
  convergenceMs: number;
  settleRounds: number;
  opsPerSecond: number;
  /** Each call's time as its member saw it (daemon and replica calls). */
  callMs: number[];
  seatsSold: number;
  documents: number;
  /** Every violation found; empty when the run is correct. */
  problems: string[];
}

function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pad = (n: number, w: number) => String(n).padStart(w, '0');
const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));
const textOf = (block: { spans?: Array<{ text: string }> }) => (block.spans ?? []).map((s) => s.text).join('');
const paragraph = (text: string) => ({ type: 'text', style: 'paragraph', spans: [{ text }] });
const priceFor = (seat: string) => (['A', 'B', 'C', 'D'].includes(seat[0]!) ? 'adult-front' : 'adult-back');

export class LoadRun {
  readonly options: Required<LoadOptions>;
  readonly root: string;
  /**
   * The members' replicas stand for separate laptops, each with its own disk; in one process
   * on one (shared, busy) disk their fsyncs would queue behind each other, so they live in
   * memory-backed /dev/shm where there is one. The daemon's store is on disk (os.tmpdir()).
   */
  readonly replicaRoot: string;
  readonly clock = new TestClock('2026-03-01T18:00:00Z');
  daemon!: App;
  company!: LoadCompany;
  http!: RunningServer;
  sync!: RunningSyncServer;
  members: Member[] = [];
  readonly records: CallRecord[] = [];
  readonly expect: Expectations = { blocks: new Map(), events: new Map(), credits: new Map(), orders: new Map(), titles: new Map(), sharedTags: new Set(), sales: new Map() };
  readonly problems: string[] = [];

  constructor(options: LoadOptions) {
    this.options = { seed: 20261009, keep: false, ...options };
    this.root = fs.mkdtempSync(path.join(os.tmpdir(), 'cb-load-'));
    this.replicaRoot = fs.existsSync('/dev/shm') ? fs.mkdtempSync('/dev/shm/cb-load-replicas-') : this.root;
  }

  // ---- setup --------------------------------------------------------------------------

  async setup(log: (line: string) => void = () => undefined): Promise<void> {
    this.daemon = await openApp({ dataDir: path.join(this.root, 'daemon'), clock: this.clock });
    this.company = await seedLoadCompany(this.daemon);
    this.http = await startServer({ app: this.daemon, host: '127.0.0.1', port: 0, localSecret: 'load-test-local-secret', log: () => undefined });
    // Clients and daemon share one event loop here: with Node's 5 s keep-alive, a busy loop lets
    // the daemon close an idle connection just as fetch reuses it (ECONNRESET, answer unknown).
    // Separate processes do not race like that; keep connections open for the run.
    this.http.server.keepAliveTimeout = 10 * 60_000;
    this.sync = await startSyncServer({ app: this.daemon, host: '127.0.0.1', port: 0, log: () => undefined });
    const admin = (procedure: string, input: unknown) => this.daemon.dispatcher.call(this.company.admin, procedure, input);

    for (let i = 0; i < this.options.members; i++) {
      const persona = PERSONAS[i % PERSONAS.length]!;
      const name = `${GIVEN[i % GIVEN.length]} ${FAMILY[Math.floor(i / GIVEN.length) % FAMILY.length]}${i >= GIVEN.length * FAMILY.length ? ` ${i}` : ''}`;
      const email = `${name.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '.')}.${i}@riversideplayers.example.org`;
      const { id: userId } = (await admin('users.create', { name, email, roles: [ROLE[persona]] })) as { id: string };
      const token = this.daemon.services.tokens.create(userId, 'load test script').token;
      const replicaDir = path.join(this.replicaRoot, `replica-${pad(i, 3)}`, 'store');
      const replica = await openApp({ dataDir: replicaDir, clock: this.clock });
      // Enroll the member's laptop with a one-time invite, as `callboard device enroll` does.
      const invite = (await admin('sync.invites.create', { user: userId, deviceName: `${name}'s laptop` })) as { code: string };
      const enrolled = await syncWith(replica.services.sync, this.sync.url, { enrollCode: invite.code, via: 'daemon', expectKey: this.daemon.services.sync.key.publicKey });
      enrolled.session.close();
      const api = i % 2 === 0 ? httpCaller(this.http.url, token) : await wsCaller(this.http.url, token);
      const principal = replica.localPrincipal(userId);
      const local = localCaller((p, input) => replica.dispatcher.call(principal, p, input));
      this.members.push({ index: i, name, persona, userId, token, replica, replicaDir, api, local });
      if ((i + 1) % 10 === 0) log(`setup: ${i + 1} of ${this.options.members} devices enrolled`);
    }
    // Every laptop online with the daemon, catching up on the enrollments after its own.
    await Promise.all(
      this.members.map(async (m) => {
        m.session = (await syncWith(m.replica.services.sync, this.sync.url, { via: 'daemon' })).session;
      }),
    );
  }

  // ---- workload -----------------------------------------------------------------------

  async #call(m: Member, where: 'daemon' | 'local', procedure: string, input: unknown): Promise<Outcome> {
    const started = performance.now();
    const outcome = await (where === 'daemon' ? m.api : m.local).call(procedure, input);
    this.records.push({ member: m.index, where, procedure, outcome, ms: performance.now() - started });
    return outcome;
  }

  /** An outcome that is none of `allowed` error codes (or a success when `ok` is false) is a problem. */
  #expectOutcome(m: Member, procedure: string, o: Outcome, allowed: readonly string[], okAllowed = true): void {
    if (o.ok && okAllowed) return;
    if (!o.ok && allowed.includes(o.code)) return;
    this.problems.push(`${m.name} (${m.persona}) ${procedure}: unexpected ${o.ok ? 'success' : `${o.code}: ${o.message}`}`);
  }

  async run(): Promise<void> {
    await Promise.all(this.members.map((m) => this.#runMember(m)));
  }

  async #runMember(m: Member): Promise<void> {
    const rnd = prng(this.options.seed + m.index * 7919);
    const state: MemberState = { daemonBlock: null, localBlock: null, events: [], credits: [], asset: null, holds: [] };
    for (let k = 0; k < this.options.opsPerMember; k++) {
      const r = rnd();
      switch (m.persona) {
        case 'costumes':
          await this.#costumes(m, k, r, rnd, state);
          break;
        case 'stage':
          await this.#stage(m, k, r, rnd, state);
          break;
        case 'boxoffice':
          await this.#boxoffice(m, k, r, rnd, state);
          break;
        case 'photographer':
          await this.#photographer(m, k, r, state);
          break;
        case 'publicity':
          await this.#publicity(m, k, r, rnd, state);
          break;
      }
    }
  }

  /** Costume designers: their own paragraphs on the Costume rentals page, on the daemon and on their laptop. */
  async #costumes(m: Member, k: number, r: number, rnd: () => number, s: MemberState): Promise<void> {
    const { pages } = this.company;
    const sectionId = 'costumes';
    const pageId = pages.costumes;
    if (r < 0.08) {
      const o = await this.#call(m, 'daemon', 'pages.addBlock', { sectionId: 'about', pageId: pages.about, block: paragraph('Costume shop hours') });
      return this.#expectOutcome(m, 'pages.addBlock (about)', o, ['forbidden'], false);
    }
    if (r < 0.12) {
      const o = await this.#call(m, 'daemon', 'pages.updateBlock', { sectionId, pageId, blockId: `blk-missing-${m.index}`, block: paragraph('x') });
      return this.#expectOutcome(m, 'pages.updateBlock (missing block)', o, ['not_found', 'invalid'], false);
    }
    const where: 'daemon' | 'local' = r < 0.45 ? 'local' : 'daemon';
    const key = where === 'local' ? 'localBlock' : 'daemonBlock';
    const text = `${m.name}: fittings ${where === 'local' ? 'on the laptop' : 'online'}, note ${k} (${Math.floor(rnd() * 1000)})`;
    const own = s[key];
    if (own === null || rnd() < 0.15) {
      const o = await this.#call(m, where, 'pages.addBlock', { sectionId, pageId, block: paragraph(text) });
      this.#expectOutcome(m, 'pages.addBlock', o, []);
      if (o.ok) {
        const id = (o.result as { id: string }).id;
        s[key] = id;
        this.expect.blocks.set(id, { member: m.index, sectionId, pageId, text });
      }
      return;
    }
    const o = await this.#call(m, where, 'pages.updateBlock', { sectionId, pageId, blockId: own, block: paragraph(text) });
    this.#expectOutcome(m, 'pages.updateBlock', o, []);
    if (o.ok) this.expect.blocks.set(own, { member: m.index, sectionId, pageId, text });
  }

  /** Stage managers: rehearsals in Into the Woods and A Christmas Carol, created and moved, on the daemon and on their laptop. */
  async #stage(m: Member, k: number, r: number, rnd: () => number, s: MemberState): Promise<void> {
    if (r < 0.07) {
      const o = await this.#call(m, 'daemon', 'tickets.sell', { performanceId: PERFORMANCE, tickets: [{ seatId: 'H-12', priceId: 'adult-back' }], buyer: { name: 'A friend' }, payment: { method: 'cash' } });
      return this.#expectOutcome(m, 'tickets.sell', o, ['forbidden'], false);
    }
    if (r < 0.12) {
      const o = await this.#call(m, 'daemon', 'calendar.createEvent', { productionId: ITW, event: { type: 'rehearsal', title: 'Backwards', start: '2026-09-10T22:00', end: '2026-09-10T19:00', timeZone: 'America/Los_Angeles' } });
      return this.#expectOutcome(m, 'calendar.createEvent (end before start)', o, ['invalid'], false);
    }
    const where: 'daemon' | 'local' = r < 0.4 ? 'local' : 'daemon';
    const slot = () => {
      const day = 1 + Math.floor(rnd() * 28);
      const hour = 10 + Math.floor(rnd() * 10);
      const month = rnd() < 0.5 ? '09' : '11';
      return { start: `2026-${month}-${pad(day, 2)}T${pad(hour, 2)}:00`, end: `2026-${month}-${pad(day, 2)}T${pad(hour + 2, 2)}:30` };
    };
    const mine = s.events.filter((e) => e.where === where);
    if (mine.length === 0 || rnd() < 0.4) {
      const productionId = rnd() < 0.5 ? ITW : ACC;
      const when = slot();
      const title = `${['Blocking', 'Music', 'Choreography', 'Run-through'][k % 4]} rehearsal (${m.name.split(' ')[0]} ${k})`;
      const o = await this.#call(m, where, 'calendar.createEvent', { productionId, event: { type: 'rehearsal', title, ...when, timeZone: 'America/Los_Angeles' } });
      this.#expectOutcome(m, 'calendar.createEvent', o, []);
      if (o.ok) {
        const id = (o.result as { event: { id: string } }).event.id;
        s.events.push({ id, productionId, where });
        this.expect.events.set(id, { member: m.index, productionId, ...when });
      }
      return;
    }
    const e = mine[Math.floor(rnd() * mine.length)]!;
    const when = slot();
    const o = await this.#call(m, where, 'calendar.updateEvent', { productionId: e.productionId, eventId: e.id, patch: when });
    this.#expectOutcome(m, 'calendar.updateEvent', o, []);
    if (o.ok) this.expect.events.set(e.id, { member: m.index, productionId: e.productionId, ...when });
  }

  /** Box office: holds and sales on the opening night, most of them on the same front rows. */
  async #boxoffice(m: Member, k: number, r: number, rnd: () => number, s: MemberState): Promise<void> {
    if (r < 0.06) {
      const o = await this.#call(m, 'daemon', 'calendar.createEvent', { productionId: ITW, event: { type: 'meeting', title: 'Box office meeting', start: '2026-09-02T10:00', end: '2026-09-02T11:00' } });
      return this.#expectOutcome(m, 'calendar.createEvent', o, ['forbidden'], false);
    }
    const seats = () => {
      const n = 1 + Math.floor(rnd() * 3);
      // Three in four buyers want the first two rows: contention is the point.
      const rows = rnd() < 0.75 ? ROWS.slice(0, 2) : ROWS;
      const row = rows[Math.floor(rnd() * rows.length)]!;
      const first = 1 + Math.floor(rnd() * (SEATS_PER_ROW - n + 1));
      return Array.from({ length: n }, (_, j) => `${row}-${first + j}`);
    };
    const buyer = { name: `Patron ${m.index}-${k}`, email: `patron${m.index}.${k}@example.org` };
    const sold = (o: Outcome, wanted: string[], procedure: string) => {
      this.#expectOutcome(m, procedure, o, ['conflict', 'sold_out']);
      if (!o.ok) return;
      const order = (o.result as { order: { id: string; lines: Array<{ seat: string }> } }).order;
      const got = order.lines.map((l) => l.seat).sort();
      if (!sameSet(got, wanted)) this.problems.push(`${m.name} ${procedure}: sold ${got.join(',')} for ${wanted.join(',')}`);
      this.expect.sales.set(order.id, { member: m.index, seats: got });
    };
    if (s.holds.length > 0 && r < 0.45) {
      const h = s.holds.shift()!;
      if (rnd() < 0.25) {
        const o = await this.#call(m, 'daemon', 'tickets.release', { performanceId: PERFORMANCE, holdId: h.holdId });
        return this.#expectOutcome(m, 'tickets.release', o, []);
      }
      const key = `load-${m.index}-${k}`;
      const input = { performanceId: PERFORMANCE, holdId: h.holdId, idempotencyKey: key, tickets: h.seats.map((seatId) => ({ seatId, priceId: priceFor(seatId) })), buyer, payment: { method: 'card', reference: `terminal ${m.index}` } };
      const o = await this.#call(m, 'daemon', 'tickets.sell', input);
      sold(o, h.seats, 'tickets.sell (hold)');
      if (o.ok && rnd() < 0.3) {
        // The terminal lost the answer and sends the same sale again: the same order comes back.
        const again = await this.#call(m, 'daemon', 'tickets.sell', input);
        this.#expectOutcome(m, 'tickets.sell (retry)', again, []);
        if (again.ok && (again.result as { order: { id: string } }).order.id !== (o.result as { order: { id: string } }).order.id) {
          this.problems.push(`${m.name}: a retried sale made a second order`);
        }
      }
      return;
    }
    const wanted = seats();
    if (r < 0.7) {
      const o = await this.#call(m, 'daemon', 'tickets.hold', { performanceId: PERFORMANCE, seats: wanted });
      this.#expectOutcome(m, 'tickets.hold', o, ['conflict', 'sold_out']);
      if (o.ok) s.holds.push({ holdId: (o.result as { holdId: string }).holdId, seats: wanted });
      return;
    }
    const o = await this.#call(m, 'daemon', 'tickets.sell', { performanceId: PERFORMANCE, idempotencyKey: `load-${m.index}-${k}`, tickets: wanted.map((seatId) => ({ seatId, priceId: priceFor(seatId) })), buyer, payment: { method: 'cash' } });
    sold(o, wanted, 'tickets.sell');
  }

  /** Photographers: their own trailer's title, and tags on the shared poster; A Christmas Carol is not theirs. */
  async #photographer(m: Member, k: number, r: number, s: MemberState): Promise<void> {
    if (r < 0.08) {
      const o = await this.#call(m, 'daemon', 'media.update', { production: ACC, assetId: this.company.foreignAsset, patch: { title: 'Not mine' } });
      return this.#expectOutcome(m, 'media.update (other production)', o, ['forbidden'], false);
    }
    if (s.asset === null) {
      const videoId = `ld${pad(m.index, 4)}x${pad(k, 4)}`;
      const title = `${m.name}: rehearsal clip`;
      const o = await this.#call(m, 'daemon', 'media.addVideo', { production: ITW, url: `https://www.youtube.com/watch?v=${videoId}`, title, category: 'rehearsal', tags: ['rehearsal'] });
      this.#expectOutcome(m, 'media.addVideo', o, []);
      if (o.ok) {
        s.asset = (o.result as { id: string }).id;
        this.expect.titles.set(s.asset, { member: m.index, title });
      }
      return;
    }
    if (r < 0.35) {
      const tag = `by-${m.index}-${k}`;
      const o = await this.#call(m, 'daemon', 'media.tag', { production: ITW, assetIds: [this.company.sharedAsset], add: [tag] });
      this.#expectOutcome(m, 'media.tag', o, []);
      if (o.ok) this.expect.sharedTags.add(tag);
      return;
    }
    const title = `${m.name}: rehearsal clip, take ${k}`;
    const o = await this.#call(m, 'daemon', 'media.update', { production: ITW, assetId: s.asset, patch: { title, caption: `Take ${k} from the rehearsal room.` } });
    this.#expectOutcome(m, 'media.update', o, []);
    if (o.ok) this.expect.titles.set(s.asset, { member: m.index, title });
  }

  /** Publicity: credits in the department of the production they look after (added, reordered). */
  async #publicity(m: Member, k: number, r: number, rnd: () => number, s: MemberState): Promise<void> {
    const slot = Math.floor(m.index / PERSONAS.length);
    const productionId = CREDIT_PRODUCTIONS[slot % CREDIT_PRODUCTIONS.length]!;
    const department = DEPARTMENTS[Math.floor(slot / CREDIT_PRODUCTIONS.length) % DEPARTMENTS.length]!;
    const orderKey = `${productionId}/${department}`;
    if (slot >= CREDIT_PRODUCTIONS.length * DEPARTMENTS.length) {
      this.problems.push(`${m.name}: more publicists than (production, department) pairs`);
      return;
    }
    if (s.credits.length === 0 && department === 'creative') s.credits.push(this.company.directors[productionId]!);
    if (r < 0.08) {
      const o = await this.#call(m, 'daemon', 'directory.addCredit', { productionId: OUR_TOWN, personId: this.company.people[0]!, department, role: 'Usher' });
      return this.#expectOutcome(m, 'directory.addCredit (not granted)', o, ['forbidden'], false);
    }
    if (s.credits.length < 2 || r < 0.6) {
      const personId = this.company.people[Math.floor(rnd() * this.company.people.length)]!;
      const o = await this.#call(m, 'daemon', 'directory.addCredit', { productionId, personId, department, role: `${department === 'cast' ? 'Villager' : 'Assistant'} ${k}` });
      this.#expectOutcome(m, 'directory.addCredit', o, []);
      if (o.ok) {
        const id = (o.result as { id: string }).id;
        s.credits.push(id);
        this.expect.credits.set(id, { member: m.index, productionId, department });
      }
      return;
    }
    const order = [...s.credits];
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    const o = await this.#call(m, 'daemon', 'directory.reorderCredits', { productionId, department, order });
    this.#expectOutcome(m, 'directory.reorderCredits', o, []);
    if (o.ok) {
      s.credits = order;
      this.expect.orders.set(orderKey, order);
    }
  }

  // ---- settling -----------------------------------------------------------------------

  /** Documents where a replica differs from the daemon (heads), one line each. */
  divergence(): string[] {
    const out: string[] = [];
    const daemonDocs = new Map(this.daemon.store.list().map((i) => [i.id, i]));
    const hub = this.daemon.services.sync;
    for (const m of this.members) {
      const peer = { deviceId: m.replica.store.deviceId, userId: m.userId, name: m.name };
      for (const info of daemonDocs.values()) {
        if (!hub.mayView(peer, info.id, info.scope)) continue;
        const mine = m.replica.store.info(info.id);
        if (!mine) out.push(`${m.name}: lacks ${info.id}`);
        else if (!sameSet([...mine.heads], [...info.heads])) out.push(`${m.name}: ${info.id} differs from the daemon's`);
      }
      for (const info of m.replica.store.list()) {
        if (!daemonDocs.has(info.id)) out.push(`${m.name}: holds ${info.id}, which the daemon lacks`);
      }
    }
    return out;
  }

  /**
   * Waits until every replica equals the daemon: each round waits for the next document event
   * on any store, or for every session to be idle (then one turn of the event loop, for bytes
   * still on the wire). Gives up after `maxQuietRounds` idle rounds in a row with no event.
   */
  async settle(maxRounds = 100_000, maxQuietRounds = 200): Promise<{ rounds: number; diverged: string[] }> {
    const stores = [this.daemon.store, ...this.members.map((m) => m.replica.store)];
    let rounds = 0;
    let quiet = 0;
    let diverged = this.divergence();
    while (diverged.length > 0 && rounds < maxRounds && quiet < maxQuietRounds) {
      rounds++;
      const sessions = [...this.daemon.services.sync.sessions, ...this.members.flatMap((m) => m.replica.services.sync.sessions)];
      const byEvent = await new Promise<boolean>((resolve) => {
        let done = false;
        const offs: Array<() => void> = [];
        const finish = (event: boolean) => {
          if (done) return;
          done = true;
          for (const off of offs) off();
          resolve(event);
        };
        for (const s of stores) offs.push(s.subscribe(() => finish(true)));
        void Promise.all(sessions.map((s) => s.whenIdle())).then(() => setImmediate(() => finish(false)));
      });
      quiet = byEvent ? 0 : quiet + 1;
      diverged = this.divergence();
    }
    return { rounds, diverged };
  }

  // ---- checks -------------------------------------------------------------------------

  async check(): Promise<void> {
    const p = this.problems;
    const admin = (procedure: string, input: unknown) => this.daemon.dispatcher.call(this.company.admin, procedure, input);

    // Every acknowledged change is there (on the daemon; the replicas hold the same documents).
    const pageCache = new Map<string, Array<{ id: string; spans?: Array<{ text: string }> }>>();
    for (const [id, b] of this.expect.blocks) {
      const key = `${b.sectionId}/${b.pageId}`;
      if (!pageCache.has(key)) pageCache.set(key, ((await admin('pages.get', { sectionId: b.sectionId, pageId: b.pageId })) as { blocks: Array<{ id: string; spans?: Array<{ text: string }> }> }).blocks);
      const block = pageCache.get(key)!.find((x) => x.id === id);
      if (!block) p.push(`block ${id} of ${this.members[b.member]!.name} is missing`);
      else if (textOf(block) !== b.text) p.push(`block ${id} of ${this.members[b.member]!.name} reads "${textOf(block)}", expected "${b.text}"`);
    }
    for (const [id, e] of this.expect.events) {
      try {
        const ev = (await admin('calendar.event', { productionId: e.productionId, eventId: id })) as { start: string; end: string };
        if (ev.start !== e.start || ev.end !== e.end) p.push(`event ${id} of ${this.members[e.member]!.name} is at ${ev.start}–${ev.end}, expected ${e.start}–${e.end}`);
      } catch (err) {
        p.push(`event ${id} of ${this.members[e.member]!.name} is missing: ${(err as Error).message}`);
      }
    }
    for (const productionId of CREDIT_PRODUCTIONS) {
      const doc = this.daemon.store.doc<CreditsDoc>(`credits:${productionId}`);
      const credits = Object.entries(doc.credits).map(([id, c]) => ({ id, department: String(c.department), billing: c.billing }));
      for (const [id, c] of this.expect.credits) {
        if (c.productionId === productionId && !credits.some((x) => x.id === id && x.department === c.department)) p.push(`credit ${id} of ${this.members[c.member]!.name} is missing`);
      }
      for (const department of DEPARTMENTS) {
        const order = this.expect.orders.get(`${productionId}/${department}`);
        if (!order) continue;
        const billed = credits.filter((c) => c.department === department).sort((a, b) => a.billing - b.billing).map((c) => c.id).filter((id) => order.includes(id));
        if (billed.join() !== order.join()) p.push(`${productionId} ${department}: billing ${billed.join(',')} is not the last acknowledged order ${order.join(',')}`);
      }
    }
    for (const [id, t] of this.expect.titles) {
      const a = (await admin('media.get', { production: ITW, assetId: id })) as { title: string };
      if (a.title !== t.title) p.push(`asset ${id} of ${this.members[t.member]!.name} is titled "${a.title}", expected "${t.title}"`);
    }
    const shared = (await admin('media.get', { production: ITW, assetId: this.company.sharedAsset })) as { tags: string[] };
    for (const tag of this.expect.sharedTags) if (!shared.tags.includes(tag)) p.push(`tag ${tag} on the shared poster is missing`);

    // No seat sold twice: in the document (on the daemon and on every box office replica), in the projection, and by the detector.
    const docs: Array<[string, App]> = [['daemon', this.daemon], ...this.members.filter((m) => m.persona === 'boxoffice').map((m) => [m.name, m.replica] as [string, App])];
    let seatsSold = 0;
    for (const [who, app] of docs) {
      // Orders live in the performance's tickets document (before order buckets) and its order buckets.
      const holders = app.store.list().filter((i) => i.id === `tickets:${PERFORMANCE}` || i.id.startsWith(`ticket-orders:${PERFORMANCE}:`));
      const orders = holders.flatMap((i) => ordersOf(app.store.doc<OrderHolder>(i.id)));
      const bySeat = new Map<string, string>();
      for (const order of orders) {
        for (const line of activeLines(order)) {
          const seat = String(line.seat);
          if (bySeat.has(seat)) p.push(`${who}: seat ${seat} sold twice (orders ${bySeat.get(seat)} and ${String(order.id)})`);
          bySeat.set(seat, String(order.id));
        }
      }
      for (const [orderId, sale] of this.expect.sales) {
        for (const seat of sale.seats) if (bySeat.get(seat) !== orderId) p.push(`${who}: seat ${seat} of acknowledged order ${orderId} is ${bySeat.has(seat) ? `in order ${bySeat.get(seat)}` : 'not sold'}`);
      }
      const acknowledgedSeats = [...this.expect.sales.values()].reduce((n, s) => n + s.seats.length, 0);
      if (bySeat.size !== acknowledgedSeats) p.push(`${who}: ${bySeat.size} seats sold in the document, ${acknowledgedSeats} acknowledged`);
      const twice = app.store.db.prepare("SELECT seat_id, COUNT(*) AS n FROM ticket_lines WHERE perf_id = ? AND status = 'sold' GROUP BY seat_id HAVING n > 1").all(PERFORMANCE) as Array<{ seat_id: string }>;
      for (const t of twice) p.push(`${who}: the ticket projection shows seat ${t.seat_id} sold twice`);
      const projected = app.store.db.prepare("SELECT COUNT(*) FROM ticket_lines WHERE perf_id = ? AND status = 'sold'").pluck().get(PERFORMANCE) as number;
      if (projected !== bySeat.size) p.push(`${who}: the ticket projection counts ${projected} sold seats, the document ${bySeat.size}`);
      if (who === 'daemon') seatsSold = bySeat.size;
    }
    const doubles = (await admin('tickets.doubleSales', { performanceId: PERFORMANCE })) as unknown[];
    if (doubles.length > 0) p.push(`the double-sale detector found ${doubles.length}`);

    // The audit trail: exactly one `ok` entry per acknowledged mutation and one `denied` entry
    // per forbidden call, per member and procedure — on the daemon for API calls, on the
    // member's own replica for what they did there. Nothing for calls refused otherwise.
    const expected = new Map<string, number>();
    const bump = (key: string) => expected.set(key, (expected.get(key) ?? 0) + 1);
    for (const r of this.records) {
      const mutation = this.daemon.dispatcher.procedure(r.procedure)?.kind === 'mutation';
      if (!mutation) continue;
      const user = this.members[r.member]!.userId;
      if (r.outcome.ok) bump(`${r.where}|${user}|${r.procedure}|ok`);
      else if (r.outcome.code === 'forbidden') bump(`${r.where}|${user}|${r.procedure}|denied`);
    }
    const actual = new Map<string, number>();
    const rows = (app: App, where: string, users: string[]) => {
      const q = app.store.db.prepare(`SELECT user_id, procedure, outcome, COUNT(*) AS n FROM audit_log WHERE user_id IN (${users.map(() => '?').join(',')}) GROUP BY user_id, procedure, outcome`);
      for (const row of q.all(...users) as Array<{ user_id: string; procedure: string; outcome: string; n: number }>) actual.set(`${where}|${row.user_id}|${row.procedure}|${row.outcome}`, row.n);
    };
    rows(this.daemon, 'daemon', this.members.map((m) => m.userId));
    for (const m of this.members) rows(m.replica, 'local', [m.userId]);
    for (const key of new Set([...expected.keys(), ...actual.keys()])) {
      if ((expected.get(key) ?? 0) !== (actual.get(key) ?? 0)) p.push(`audit ${key}: ${actual.get(key) ?? 0} entries for ${expected.get(key) ?? 0} calls`);
    }
    // Nothing refused by sync anywhere (every change was within its author's grants).
    for (const app of [this.daemon, ...this.members.map((m) => m.replica)]) {
      const refused = app.store.db.prepare("SELECT COUNT(*) FROM audit_log WHERE procedure = 'sync.receive' OR action = 'sync.receive'").pluck().get() as number;
      if (refused > 0) p.push(`${app === this.daemon ? 'daemon' : 'a replica'}: ${refused} sync security events`);
    }
    this.seatsSold = seatsSold;
  }

  seatsSold = 0;

  /** Full run: setup, workload, settle, checks; closes everything. */
  static async execute(options: LoadOptions, log: (line: string) => void = () => undefined): Promise<LoadResult> {
    const run = new LoadRun(options);
    try {
      const t0 = performance.now();
      await run.setup(log);
      const t1 = performance.now();
      log(`setup: ${run.members.length} members enrolled and online in ${((t1 - t0) / 1000).toFixed(1)} s`);
      await run.run();
      const t2 = performance.now();
      log(`workload: ${run.records.length} calls in ${((t2 - t1) / 1000).toFixed(1)} s`);
      const settled = await run.settle();
      const t3 = performance.now();
      log(`settled in ${settled.rounds} rounds, ${(t3 - t2).toFixed(0)} ms`);
      run.problems.push(...settled.diverged.slice(0, 50));
      if (settled.diverged.length === 0) await run.check();
      const refused: Record<string, number> = {};
      for (const r of run.records) if (!r.outcome.ok) refused[r.outcome.code] = (refused[r.outcome.code] ?? 0) + 1;
      const acknowledged = run.records.filter((r) => r.outcome.ok).length;
      return {
        members: options.members,
        opsPerMember: options.opsPerMember,
        calls: run.records.length,
        acknowledged,
        refused,
        localAcknowledged: run.records.filter((r) => r.outcome.ok && r.where === 'local').length,
        setupMs: t1 - t0,
        workloadMs: t2 - t1,
        convergenceMs: t3 - t2,
        settleRounds: settled.rounds,
        opsPerSecond: run.records.length / ((t2 - t1) / 1000),
        callMs: run.records.map((r) => r.ms),
        seatsSold: run.seatsSold,
        documents: run.daemon.store.list().length,
        problems: run.problems,
      };
    } finally {
      await run.close();
    }
  }

  async close(): Promise<void> {
    for (const m of this.members) {
      m.session?.close('load test done');
      await m.api.close();
    }
    await this.sync?.close();
    await this.http?.close();
    for (const m of this.members) if (!m.replica.store.closed) m.replica.close();
    if (this.daemon && !this.daemon.store.closed) this.daemon.close();
    if (!this.options.keep) {
      fs.rmSync(this.root, { recursive: true, force: true });
      fs.rmSync(this.replicaRoot, { recursive: true, force: true });
    }
  }
}

interface MemberState {
  daemonBlock: string | null;
  localBlock: string | null;
  events: Array<{ id: string; productionId: string; where: 'daemon' | 'local' }>;
  credits: string[];
  asset: string | null;
  holds: Array<{ holdId: string; seats: string[] }>;
}
