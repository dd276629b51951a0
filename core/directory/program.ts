import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import type { ProductionRow } from '../calendar/production.ts';
import type { Store } from '../store/store.ts';
import { DEPARTMENTS, DEPARTMENT_LABELS, displayName, type Department } from './model.ts';
import { getPerson } from './people.ts';
import { productionCredits } from './queries.ts';

/**
 * The season program of one production: cast in billing order (principals, then understudies,
 * swings and standbys), the other departments in their order, and biographies. Only public
 * profile fields are used: contact details never reach a program, whoever asks.
 */
export interface ProgramCredit {
  name: string;
  role: string;
  note: string;
}

export interface ProgramData {
  company: string;
  production: { id: string; title: string; season: string; opening: string | null; closing: string | null };
  cast: ProgramCredit[];
  coverCast: ProgramCredit[];
  departments: Array<{ department: Department; label: string; credits: ProgramCredit[] }>;
  bios: Array<{ name: string; pronouns: string; roles: string[]; bio: string }>;
}

function coverNote(c: { understudy: boolean; swing: boolean; standby: boolean }): string {
  return [c.understudy && 'understudy', c.swing && 'swing', c.standby && 'standby'].filter(Boolean).join(', ');
}

export function buildProgram(store: Store, production: ProductionRow, company: string): ProgramData {
  const credits = productionCredits(store.db, production.id);
  const people = new Map<string, ReturnType<typeof getPerson>>();
  const person = (id: string) => {
    if (!people.has(id)) people.set(id, getPerson(store, id));
    return people.get(id);
  };
  const nameOf = (id: string, fallback: string) => {
    const p = person(id);
    return p ? displayName(p) : fallback;
  };
  const cast = credits.filter((c) => c.department === 'cast');
  const line = (c: (typeof credits)[number]): ProgramCredit => ({ name: nameOf(c.personId, c.personName), role: c.role, note: coverNote(c) });
  const bios: ProgramData['bios'] = [];
  const seen = new Map<string, number>();
  for (const c of credits) {
    const p = person(c.personId);
    if (!p || !p.bio.trim()) continue;
    const at = seen.get(p.id);
    if (at !== undefined) {
      bios[at]!.roles.push(c.role);
      continue;
    }
    seen.set(p.id, bios.length);
    bios.push({ name: displayName(p), pronouns: p.pronouns, roles: [c.role], bio: p.bio.trim() });
  }
  return {
    company,
    production: { id: production.id, title: production.title, season: production.season, opening: production.opening, closing: production.closing },
    cast: cast.filter((c) => !coverNote(c)).map(line),
    coverCast: cast.filter((c) => coverNote(c)).map(line),
    departments: DEPARTMENTS.filter((d) => d !== 'cast')
      .map((d) => ({ department: d, label: DEPARTMENT_LABELS[d], credits: credits.filter((c) => c.department === d).map(line) }))
      .filter((d) => d.credits.length > 0),
    bios,
  };
}

// ---- HTML ----------------------------------------------------------------------------------

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
/** Escapes text for HTML: every value in a program is text, never markup. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

function dates(p: ProgramData['production']): string {
  if (p.opening && p.closing && p.opening !== p.closing) return `${p.opening} – ${p.closing}`;
  return p.opening ?? '';
}

export function programHtml(data: ProgramData): string {
  const e = escapeHtml;
  const rows = (list: ProgramCredit[]) =>
    list
      .map((c) => `<tr><td class="role">${e(c.role)}${c.note ? ` <span class="note">(${e(c.note)})</span>` : ''}</td><td class="name">${e(c.name)}</td></tr>`)
      .join('\n');
  const paragraphs = (text: string) =>
    text
      .split(/\n\s*\n/)
      .map((p) => `<p>${e(p.trim()).replace(/\n/g, '<br>')}</p>`)
      .join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${e(data.production.title)} — ${e(data.company)}</title>
<style>
  @page { size: letter; margin: 0.75in; }
  body { font-family: Georgia, 'Times New Roman', serif; color: #111; max-width: 42rem; margin: 2rem auto; line-height: 1.4; }
  header { text-align: center; border-bottom: 1px solid #999; margin-bottom: 1.5rem; }
  .company { letter-spacing: 0.2em; text-transform: uppercase; font-size: 0.85rem; }
  h1 { font-size: 2rem; margin: 0.3rem 0; }
  h2 { font-size: 1.1rem; text-transform: uppercase; letter-spacing: 0.1em; border-bottom: 1px solid #ccc; margin-top: 2rem; }
  table { width: 100%; border-collapse: collapse; }
  td { padding: 0.15rem 0; vertical-align: top; }
  td.role { width: 50%; font-style: italic; }
  .note { font-style: normal; font-size: 0.85em; color: #555; }
  .bio { break-inside: avoid; margin-bottom: 1rem; }
  .bio h3 { font-size: 1rem; margin: 0; }
  .bio .roles { font-style: italic; color: #444; }
  @media print { body { margin: 0; max-width: none; } h2 { break-after: avoid; } }
</style>
</head>
<body>
<header>
  <div class="company">${e(data.company)} presents</div>
  <h1>${e(data.production.title)}</h1>
  <div class="dates">${e(data.production.season ? `${data.production.season} season` : '')}${data.production.opening ? ` · ${e(dates(data.production))}` : ''}</div>
</header>
${data.cast.length ? `<section class="cast"><h2>Cast</h2><table>\n${rows(data.cast)}\n</table></section>` : ''}
${data.coverCast.length ? `<section class="cover"><h2>Understudies, swings and standbys</h2><table>\n${rows(data.coverCast)}\n</table></section>` : ''}
${data.departments.map((d) => `<section class="department"><h2>${e(d.label)}</h2><table>\n${rows(d.credits)}\n</table></section>`).join('\n')}
${
  data.bios.length
    ? `<section class="bios"><h2>Who's who</h2>\n${data.bios
        .map((b) => `<div class="bio"><h3>${e(b.name)}${b.pronouns ? ` <span class="note">(${e(b.pronouns)})</span>` : ''}</h3><div class="roles">${e(b.roles.join(', '))}</div>${paragraphs(b.bio)}</div>`)
        .join('\n')}</section>`
    : ''
}
</body>
</html>
`;
}

// ---- PDF -----------------------------------------------------------------------------------

/** Characters the standard PDF fonts (WinAnsi) can show beyond Latin-1. */
const WIN_ANSI_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');

const STROKES: Record<string, string> = { Ł: 'L', ł: 'l', Đ: 'D', đ: 'd', Ħ: 'H', ħ: 'h', ı: 'i', Ŧ: 'T', ŧ: 't' };

/** Maps text onto what the standard fonts can draw: accents kept where WinAnsi has them, else stripped; '?' for the rest. */
export function pdfText(s: string): string {
  let out = '';
  for (const ch of s.replace(/\r/g, '')) {
    const code = ch.codePointAt(0)!;
    if ((code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRA.has(ch) || ch === '\n') out += ch;
    else if (ch === '\t') out += ' ';
    else if (STROKES[ch]) out += STROKES[ch];
    else {
      const base = ch.normalize('NFKD').replace(/\p{M}+/gu, '');
      out += [...base].every((c) => c.codePointAt(0)! >= 0x20 && c.codePointAt(0)! <= 0x7e) && base ? base : '?';
    }
  }
  return out;
}

class Layout {
  page!: PDFPage;
  y = 0;
  constructor(
    readonly doc: PDFDocument,
    readonly fonts: { regular: PDFFont; bold: PDFFont; italic: PDFFont },
  ) {
    this.newPage();
  }
  static readonly W = 612;
  static readonly H = 792;
  static readonly M = 54;
  newPage() {
    this.page = this.doc.addPage([Layout.W, Layout.H]);
    this.y = Layout.H - Layout.M;
  }
  ensure(h: number) {
    if (this.y - h < Layout.M) this.newPage();
  }
  wrap(text: string, font: PDFFont, size: number, width: number): string[] {
    const lines: string[] = [];
    for (const para of pdfText(text).split('\n')) {
      let line = '';
      for (const word of para.split(/\s+/).filter(Boolean)) {
        const next = line ? `${line} ${word}` : word;
        if (font.widthOfTextAtSize(next, size) > width && line) {
          lines.push(line);
          line = word;
        } else line = next;
      }
      lines.push(line);
    }
    return lines;
  }
  text(s: string, opts: { font?: PDFFont; size?: number; center?: boolean; x?: number; width?: number; gap?: number } = {}) {
    const font = opts.font ?? this.fonts.regular;
    const size = opts.size ?? 11;
    const x = opts.x ?? Layout.M;
    const width = opts.width ?? Layout.W - 2 * Layout.M;
    for (const line of this.wrap(s, font, size, width)) {
      this.ensure(size * 1.4);
      const w = font.widthOfTextAtSize(line, size);
      this.page.drawText(line, { x: opts.center ? (Layout.W - w) / 2 : x, y: this.y - size, size, font, color: rgb(0.07, 0.07, 0.07) });
      this.y -= size * 1.4;
    }
    this.y -= opts.gap ?? 0;
  }
  pair(left: string, right: string) {
    const size = 11;
    const half = (Layout.W - 2 * Layout.M) / 2;
    const l = this.wrap(left, this.fonts.italic, size, half - 10);
    const r = this.wrap(right, this.fonts.regular, size, half);
    const n = Math.max(l.length, r.length);
    this.ensure(n * size * 1.4);
    for (let i = 0; i < n; i++) {
      if (l[i]) this.page.drawText(l[i]!, { x: Layout.M, y: this.y - size, size, font: this.fonts.italic });
      if (r[i]) this.page.drawText(r[i]!, { x: Layout.M + half, y: this.y - size, size, font: this.fonts.regular });
      this.y -= size * 1.4;
    }
  }
  heading(s: string) {
    this.ensure(40);
    this.y -= 12;
    this.text(s.toUpperCase(), { font: this.fonts.bold, size: 12, gap: 4 });
  }
}

/** The program as a print-ready PDF (letter size, standard fonts). `createdAt` comes from the caller's clock. */
export async function programPdf(data: ProgramData, createdAt: number): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.setTitle(pdfText(`${data.production.title} — ${data.company}`));
  doc.setAuthor(pdfText(data.company));
  doc.setProducer('Callboard');
  doc.setCreator('Callboard');
  doc.setCreationDate(new Date(createdAt));
  doc.setModificationDate(new Date(createdAt));
  const fonts = {
    regular: await doc.embedFont(StandardFonts.TimesRoman),
    bold: await doc.embedFont(StandardFonts.TimesRomanBold),
    italic: await doc.embedFont(StandardFonts.TimesRomanItalic),
  };
  const l = new Layout(doc, fonts);
  l.text(`${data.company} presents`.toUpperCase(), { size: 10, center: true, gap: 6 });
  l.text(data.production.title, { font: fonts.bold, size: 26, center: true, gap: 4 });
  const sub = [data.production.season && `${data.production.season} season`, dates(data.production)].filter(Boolean).join(' · ');
  if (sub) l.text(sub, { size: 11, center: true, gap: 10 });
  const section = (title: string, list: ProgramCredit[]) => {
    if (!list.length) return;
    l.heading(title);
    for (const c of list) l.pair(c.note ? `${c.role} (${c.note})` : c.role, c.name);
  };
  section('Cast', data.cast);
  section('Understudies, swings and standbys', data.coverCast);
  for (const d of data.departments) section(d.label, d.credits);
  if (data.bios.length) {
    l.heading("Who's who");
    for (const b of data.bios) {
      l.ensure(50);
      l.text(b.pronouns ? `${b.name} (${b.pronouns})` : b.name, { font: fonts.bold, size: 11 });
      l.text(b.roles.join(', '), { font: fonts.italic, size: 10 });
      l.text(b.bio, { size: 10, gap: 8 });
    }
  }
  return doc.save();
}
