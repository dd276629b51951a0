import zlib from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../fixtures/app.ts';
import { addPerson, createProduction, failure } from './fixtures.ts';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
  createProduction(t, { id: 'earnest-2026', title: 'The Importance of Being Earnest', season: '2025-26', opening: '2026-04-10', closing: '2026-04-26' });
});
afterEach(() => t.cleanup());

const call = (name: string, input: unknown) => t.app.dispatcher.call(t.admin, name, input);

/** The text a PDF draws, in drawing order (pdf-lib writes hex strings in Flate streams). */
function pdfStrings(pdf: Buffer): string[] {
  const out: string[] = [];
  const raw = pdf.toString('latin1');
  const re = /stream\r?\n/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(raw))) {
    const start = m.index + m[0].length;
    const end = raw.indexOf('endstream', start);
    let body: string;
    try {
      body = zlib.inflateSync(pdf.subarray(start, end)).toString('latin1');
    } catch {
      body = raw.slice(start, end);
    }
    for (const s of body.matchAll(/<([0-9A-Fa-f]+)>\s*Tj/g)) out.push(Buffer.from(s[1]!, 'hex').toString('latin1'));
  }
  return out;
}

async function cast() {
  const people = {
    lady: await addPerson(t, { name: "Siobhán O'Neill", pronouns: 'she/her', bio: 'Siobhán returns after <b>Hay Fever</b> & "Arcadia".', contact: { email: 'siobhan.private@example.org', phone: '555-0111' } }),
    jack: await addPerson(t, { name: 'José Álvarez', stageName: 'Joe Alvarez', bio: 'José teaches Spanish. <script>alert(1)</script>' }),
    algy: await addPerson(t, { name: 'Zoë Fontaine', contact: { email: 'zoe.private@example.org' } }),
    cover: await addPerson(t, { name: 'Mary-Kate Oduya' }),
    sm: await addPerson(t, { name: 'Dev Okafor', bio: 'Stage manager.' }),
    dir: await addPerson(t, { name: 'Grace Whitfield', bio: 'Directs.' }),
  };
  const credit = (p: { id: string }, department: string, role: string, extra: Record<string, unknown> = {}) =>
    call('directory.addCredit', { productionId: 'earnest-2026', personId: p.id, department, role, ...extra }) as Promise<{ id: string }>;
  const c1 = await credit(people.jack, 'cast', 'John Worthing');
  const c2 = await credit(people.algy, 'cast', 'Algernon Moncrieff');
  const c3 = await credit(people.lady, 'cast', 'Lady Bracknell');
  const c4 = await credit(people.cover, 'cast', 'Lady Bracknell', { understudy: true });
  await credit(people.sm, 'production', 'Stage manager');
  await credit(people.dir, 'creative', 'Director');
  await call('directory.reorderCredits', { productionId: 'earnest-2026', department: 'cast', order: [c3.id, c1.id, c2.id, c4.id] });
  return people;
}

describe('season program', () => {
  it('JSON feed: cast in billing order, cover cast apart, departments in order, biographies, no contact details', async () => {
    await cast();
    const { program } = (await call('directory.program', { productionId: 'earnest-2026', format: 'json' })) as {
      program: { company: string; cast: Array<{ name: string; role: string }>; coverCast: Array<{ name: string; note: string }>; departments: Array<{ label: string; credits: Array<{ name: string }> }>; bios: Array<{ name: string; roles: string[] }> };
    };
    expect(program.company).toBe('Riverside Players');
    expect(program.cast.map((c) => `${c.role}: ${c.name}`)).toEqual(["Lady Bracknell: Siobhán O'Neill", 'John Worthing: Joe Alvarez', 'Algernon Moncrieff: Zoë Fontaine']);
    expect(program.coverCast).toEqual([{ name: 'Mary-Kate Oduya', role: 'Lady Bracknell', note: 'understudy' }]);
    expect(program.departments.map((d) => d.label)).toEqual(['Creative team', 'Production team']);
    expect(program.bios.map((b) => b.name)).toEqual(["Siobhán O'Neill", 'Joe Alvarez', 'Grace Whitfield', 'Dev Okafor']);
    const json = JSON.stringify(program);
    expect(json).not.toMatch(/private@|555-0111|email|phone/);
  });

  it('HTML: print-ready, escaped, in billing order, without contact details', async () => {
    await cast();
    const { html } = (await call('directory.program', { productionId: 'earnest-2026', format: 'html' })) as { html: string };
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('@page');
    expect(html).toContain('Riverside Players presents');
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<b>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('Siobhán O&#39;Neill');
    const order = ['Lady Bracknell', 'John Worthing', 'Algernon Moncrieff'].map((r) => html.indexOf(r));
    expect(order.every((i, k) => i > 0 && (k === 0 || i > order[k - 1]!))).toBe(true);
    expect(html).not.toMatch(/private@|555-0111/);
  });

  it('PDF: a valid document drawing the cast in billing order, accents kept, no contact details', async () => {
    await cast();
    const out = (await call('directory.program', { productionId: 'earnest-2026', format: 'pdf' })) as { base64: string; bytes: number };
    const pdf = Buffer.from(out.base64, 'base64');
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.byteLength).toBe(out.bytes);
    const strings = pdfStrings(pdf);
    const text = strings.join('\n');
    expect(text).toContain('The Importance of Being Earnest');
    expect(text).toContain("Siobhán O'Neill");
    const idx = ['Lady Bracknell', 'John Worthing', 'Algernon Moncrieff'].map((r) => strings.indexOf(r));
    expect(idx.every((i, k) => i >= 0 && (k === 0 || i > idx[k - 1]!))).toBe(true);
    expect(text).not.toMatch(/private@|555-0111/);
    // The same input gives the same bytes (the creation date comes from the injected clock).
    const again = (await call('directory.program', { productionId: 'earnest-2026', format: 'pdf' })) as { base64: string };
    expect(again.base64).toBe(out.base64);
  });

  it('refuses a missing production', async () => {
    const err = await failure(call('directory.program', { productionId: 'hamlet-1999', format: 'html' }));
    expect(err).toMatchObject({ code: 'not_found', details: { field: 'productionId' } });
  });
});
