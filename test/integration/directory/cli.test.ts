import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp } from '../../../core/api/app.ts';
import { initCompany } from '../../../core/api/setup.ts';
import { TestClock } from '../../../core/clock.ts';
import { PRODUCTION_DOC_TYPE, productionDocId, productionScope, type ProductionDoc } from '../../../core/calendar/production.ts';
import { tempDir } from '../../fixtures/app.ts';

const CLI = path.resolve('bin/callboard.js');
const run = (args: string[]) => {
  const res = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, CALLBOARD_TOKEN: '' } });
  return { status: res.status, stdout: res.stdout, stderr: res.stderr };
};

describe('callboard directory', () => {
  let root: string;
  let data: string;
  beforeAll(async () => {
    root = tempDir('cb-dir-cli-');
    data = path.join(root, 'store');
    const app = await openApp({ dataDir: data, clock: new TestClock('2026-03-01T18:00:00Z') });
    initCompany(app.store, {
      company: { name: 'Riverside Players', shortName: 'Riverside', city: '', timeZone: 'UTC', website: '', email: '' },
      admin: { name: 'Morgan Reyes', email: 'morgan@example.org' },
    });
    app.store.create<ProductionDoc>(productionDocId('earnest-2026'), PRODUCTION_DOC_TYPE, productionScope('earnest-2026'), (d) => {
      d.production = { id: 'earnest-2026', title: 'The Importance of Being Earnest', season: '2025-26', status: 'rehearsals', opening: '2026-04-10', closing: null, description: '', createdAt: 0 };
    });
    app.close();
    fs.writeFileSync(
      path.join(root, 'cast.csv'),
      "name,email,production,role,department\nSiobhán O'Neill,siobhan@example.org,earnest-2026,Lady Bracknell,cast\nJosé Álvarez,,earnest-2026,John Worthing,cast\nNobody,,hamlet,Hamlet,cast\n",
    );
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('previews, imports, searches, exports and prints the program', () => {
    const preview = run(['directory', 'import', path.join(root, 'cast.csv'), '--data', data]);
    expect(preview.status, preview.stderr).toBe(0);
    expect(preview.stdout).toContain('row 4 Nobody: error: production no production "hamlet"');
    expect(preview.stdout).toContain('Preview (nothing written');

    const refused = run(['directory', 'import', path.join(root, 'cast.csv'), '--confirm', '--data', data]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/^error: invalid: 1 row\(s\) have errors \(first: row 4/);

    const done = run(['directory', 'import', path.join(root, 'cast.csv'), '--confirm', '--skip-invalid', '--data', data]);
    expect(done.status, done.stderr).toBe(0);
    expect(done.stdout).toContain('Imported: 3 rows, 2 new people');

    const search = run(['directory', 'search', 'siob', '--data', data]);
    expect(search.stdout).toMatch(/p0-[a-z0-9]+ {2}Siobhán O'Neill/);

    const out = path.join(root, 'people.csv');
    expect(run(['directory', 'export', '--format', 'csv', '--out', out, '--data', data]).status).toBe(0);
    expect(fs.readFileSync(out, 'utf8')).toContain('Lady Bracknell');
    expect(fs.readFileSync(out, 'utf8')).not.toContain('siobhan@example.org');

    for (const format of ['html', 'pdf', 'json']) {
      const file = path.join(root, `program.${format}`);
      const res = run(['directory', 'program', '--production', 'earnest-2026', '--format', format, '--out', file, '--data', data]);
      expect(res.status, res.stderr).toBe(0);
      expect(fs.statSync(file).size).toBeGreaterThan(100);
    }
    expect(fs.readFileSync(path.join(root, 'program.pdf')).subarray(0, 5).toString()).toBe('%PDF-');
    expect(fs.readFileSync(path.join(root, 'program.html'), 'utf8')).toContain('Lady Bracknell');
    const feed = JSON.parse(fs.readFileSync(path.join(root, 'program.json'), 'utf8')) as { cast: Array<{ role: string }> };
    expect(feed.cast.map((c) => c.role)).toEqual(['Lady Bracknell', 'John Worthing']);
    // (Each step starts a fresh CLI process; the whole walk-through gets a generous timeout.)

    const missing = run(['directory', 'program', '--production', 'hamlet', '--data', data]);
    expect(missing.status).toBe(5);
    expect(missing.stderr).toMatch(/^error: not_found: No production hamlet/);
    const noArg = run(['directory', 'program', '--data', data]);
    expect(noArg.status).toBe(2);
  }, 180_000);
});
