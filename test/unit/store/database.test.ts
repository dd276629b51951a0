import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { CallboardError } from '../../../core/errors.ts';
import { DB_FILE, SCHEMA_VERSION, openDatabase } from '../../../core/store/database.ts';
import { exited, firstLine, spawnFixture } from '../../fixtures/store/child.ts';
import { tempDirs } from '../../fixtures/store/temp-dir.ts';

const dirs = tempDirs('cb-database-');
afterEach(() => dirs.cleanup());

function refusal(fn: () => unknown): CallboardError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(CallboardError);
    return err as CallboardError;
  }
  throw new Error('expected openDatabase to refuse, it opened');
}

/** Every file in `dir` with a hash of its bytes, to prove a refused folder was left untouched. */
function snapshot(dir: string): Record<string, string> {
  const hash = (f: string) => createHash('sha256').update(fs.readFileSync(path.join(dir, f))).digest('hex');
  return Object.fromEntries(fs.readdirSync(dir).map((f) => [f, hash(f)]));
}

describe('openDatabase', () => {
  it('creates a new store in WAL mode with synchronous=FULL and the current schema', () => {
    const dir = path.join(dirs.make(), 'new', 'store');
    const db = openDatabase(dir);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    const meta = Object.fromEntries(
      (db.prepare('SELECT key, value FROM meta').all() as Array<{ key: string; value: string }>).map((r) => [r.key, r.value]),
    );
    expect(meta).toMatchObject({ app: 'callboard', schema_version: String(SCHEMA_VERSION) });
    db.close();
    // Reopening an existing store keeps it.
    const again = openDatabase(dir, { create: false });
    expect(again.prepare("SELECT value FROM meta WHERE key = 'app'").pluck().get()).toBe('callboard');
    again.close();
  });

  it('answers not_found when asked not to create and there is no store', () => {
    const dir = dirs.make();
    expect(refusal(() => openDatabase(dir, { create: false })).code).toBe('not_found');
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('refuses a folder with unrelated files, as not a Callboard store, and writes nothing there', () => {
    const dir = dirs.make();
    fs.writeFileSync(path.join(dir, 'thesis.docx'), 'my work');
    fs.mkdirSync(path.join(dir, 'photos'));
    const before = fs.readdirSync(dir).sort();
    const err = refusal(() => openDatabase(dir));
    expect(err.code).toBe('invalid');
    expect(err.message).toContain('not a Callboard store');
    expect(fs.readdirSync(dir).sort()).toEqual(before);
  });

  it('accepts a folder holding only hidden files', () => {
    const dir = dirs.make();
    fs.writeFileSync(path.join(dir, '.DS_Store'), '');
    const db = openDatabase(dir);
    db.close();
    expect(fs.existsSync(path.join(dir, DB_FILE))).toBe(true);
  });

  it('refuses, and leaves byte for byte unchanged, an SQLite database that is not ours', () => {
    const dir = dirs.make();
    const foreign = new Database(path.join(dir, DB_FILE));
    foreign.exec("CREATE TABLE people (name TEXT); INSERT INTO people VALUES ('Ada')");
    foreign.close();
    const before = snapshot(dir);
    const err = refusal(() => openDatabase(dir));
    expect(err.code).toBe('invalid');
    expect(err.message).toContain('not a Callboard store');
    expect(snapshot(dir)).toEqual(before);
  });

  it('refuses an SQLite database with a meta table from another application', () => {
    const dir = dirs.make();
    const foreign = new Database(path.join(dir, DB_FILE));
    foreign.exec("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL); INSERT INTO meta VALUES ('app', 'other')");
    foreign.close();
    const before = snapshot(dir);
    const err = refusal(() => openDatabase(dir));
    expect(err.code).toBe('invalid');
    expect(err.message).toContain('not a Callboard store');
    expect(snapshot(dir)).toEqual(before);
  });

  it('refuses an SQLite database whose meta table has another shape', () => {
    const dir = dirs.make();
    const foreign = new Database(path.join(dir, DB_FILE));
    foreign.exec('CREATE TABLE meta (id INTEGER PRIMARY KEY, blob BLOB)');
    foreign.close();
    const err = refusal(() => openDatabase(dir));
    expect(err.code).toBe('invalid');
    expect(err.message).toContain('not a Callboard store');
  });

  it('refuses a callboard.db that is not an SQLite database at all', () => {
    const dir = dirs.make();
    fs.writeFileSync(path.join(dir, DB_FILE), Buffer.alloc(8192, 'x'));
    const err = refusal(() => openDatabase(dir));
    expect(err.code).toBe('invalid');
    expect(err.message).toContain('not a Callboard store');
  });

  it('refuses a store written by a newer schema with incompatible, saying so', () => {
    const dir = path.join(dirs.make(), 'store');
    openDatabase(dir).close();
    const raw = new Database(path.join(dir, DB_FILE));
    raw.prepare("UPDATE meta SET value = ? WHERE key = 'schema_version'").run(String(SCHEMA_VERSION + 1));
    raw.close();
    const err = refusal(() => openDatabase(dir));
    expect(err.code).toBe('incompatible');
    expect(err.message).toMatch(/newer/);
    expect(err.details).toMatchObject({ storeVersion: String(SCHEMA_VERSION + 1), knownVersion: SCHEMA_VERSION });
    // Refusing does not downgrade the marker.
    const check = new Database(path.join(dir, DB_FILE), { readonly: true });
    expect(check.prepare("SELECT value FROM meta WHERE key = 'schema_version'").pluck().get()).toBe(String(SCHEMA_VERSION + 1));
    check.close();
  });

  it('refuses a second open in the same process while the first is open', () => {
    const dir = path.join(dirs.make(), 'store');
    const first = openDatabase(dir);
    const err = refusal(() => openDatabase(dir));
    expect(err.code).toBe('unavailable');
    expect(err.message).toContain('in use');
    // The first connection is unharmed, and the store opens again once it is closed.
    first.prepare("INSERT INTO meta (key, value) VALUES ('k', 'v')").run();
    first.close();
    const second = openDatabase(dir);
    expect(second.prepare("SELECT value FROM meta WHERE key = 'k'").pluck().get()).toBe('v');
    second.close();
  });

  it('refuses to open a store another process holds, and is refused by one while it holds it', async () => {
    const dir = path.join(dirs.make(), 'store');
    openDatabase(dir).close();

    const holder = spawnFixture('hold-open.ts', [dir]);
    expect(await firstLine(holder)).toBe('ready');
    expect(refusal(() => openDatabase(dir)).code).toBe('unavailable');
    holder.stdin.end();
    expect(await exited(holder)).toEqual({ code: 0, signal: null });

    const mine = openDatabase(dir);
    const contender = spawnFixture('hold-open.ts', [dir]);
    expect(await firstLine(contender)).toBe('error unavailable');
    await exited(contender);
    mine.close();
  });
});
