import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main, type Io } from '../../../core/daemon/cli.ts';
import { createTestApp, type TestApp } from '../../fixtures/app.ts';
import { caller, setupHouse } from '../../fixtures/ticketing.ts';

let t: TestApp;
let out: string[];
let err: string[];
const io = (): Io => ({ out: (l) => out.push(l), err: (l) => err.push(l), env: { CALLBOARD_TOKEN: '' }, untilStopped: () => new Promise(() => undefined) });

beforeEach(async () => {
  t = await createTestApp();
  out = [];
  err = [];
  const call = caller(t.app, t.admin);
  await setupHouse(call);
  await call('tickets.sell', { performanceId: 'perf-1', tickets: [{ seatId: 'A-4', priceId: 'adult-front' }], buyer: { name: 'Ada' }, payment: { method: 'cash' } });
  t.app.close();
});
afterEach(() => t.cleanup());

describe('callboard tickets', () => {
  it('exports the seat map as an SVG file', async () => {
    const file = path.join(path.dirname(t.dir), 'map.svg');
    const status = await main(['tickets', 'map', '--performance', 'perf-1', '--out', file, '--data', t.dir], io());
    expect(err.join('\n')).toContain('wrote the seat map of perf-1');
    expect(status).toBe(0);
    const svg = fs.readFileSync(file, 'utf8');
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toContain('<title id="map-title">Into the Woods');
    expect(svg).toContain('<g data-seat="A-4" data-status="sold"><title>Row A seat 4, Front, sold');
  });

  it('prints the report CSV and imports outside sales from a file', async () => {
    expect(await main(['tickets', 'report', '--performance', 'perf-1', '--data', t.dir], io())).toBe(0);
    expect(out.join('\n')).toContain('perf-1,Into the Woods');
    const file = path.join(path.dirname(t.dir), 'sales.json');
    fs.writeFileSync(file, JSON.stringify({ format: 'callboard.sales/1', platform: 'tixly', performanceId: 'perf-1', orders: [{ externalId: 'T-1', buyer: { name: 'Online buyer' }, tickets: [{ seat: 'B-2', priceId: 'adult-back' }] }] }));
    out = [];
    expect(await main(['tickets', 'import', file, '--performance', 'perf-1', '--platform', 'tixly', '--data', t.dir], io())).toBe(0);
    expect(out.at(-1)).toBe('Imported 1 orders from tixly; 0 were already imported; 0 conflicts');
  });

  it('fails with a clear error for a missing option or an unknown performance', async () => {
    expect(await main(['tickets', 'map', '--out', 'x.svg', '--data', t.dir], io())).toBe(2);
    expect(err.at(-1)).toBe('error: invalid: --performance is required');
    expect(await main(['tickets', 'map', '--performance', 'nope', '--out', 'x.svg', '--data', t.dir], io())).toBe(5);
    expect(err.at(-1)).toMatch(/^error: not_found: No performance nope/);
  });
});
