/**
 * The text editor's model: the API's spans ({text, bold?, italic?, link?}) shown as a small
 * markup in a plain textarea — **bold**, *italic*, [words](https://…) — and turned back into
 * spans on save. A backslash keeps a literal `*`, `[`, `]` or `\`. No HTML is ever produced.
 */
export interface Span {
  text: string;
  bold?: boolean;
  italic?: boolean;
  link?: string;
}

const escape = (s: string) => s.replace(/[\\*[\]]/g, (c) => `\\${c}`);

export function spansToMarkup(spans: readonly Span[]): string {
  const merged: Span[] = [];
  for (const s of spans) {
    const last = merged.at(-1);
    if (last && !!last.bold === !!s.bold && !!last.italic === !!s.italic && last.link === s.link) last.text += s.text;
    else merged.push({ ...s });
  }
  return merged
    .map((s) => {
      let out = escape(s.text);
      if (out === '') return '';
      if (s.italic) out = `*${out}*`;
      if (s.bold) out = `**${out}**`;
      if (s.link) out = `[${out}](${s.link.replace(/\)/g, '%29')})`;
      return out;
    })
    .join('');
}

/** Parses the markup into spans, merging neighbours with the same marks. Unclosed marks are kept as literal text. */
export function markupToSpans(markup: string): Span[] {
  const out: Span[] = [];
  const push = (text: string, marks: Omit<Span, 'text'>) => {
    if (!text) return;
    const last = out.at(-1);
    if (last && !!last.bold === !!marks.bold && !!last.italic === !!marks.italic && last.link === marks.link) last.text += text;
    else out.push({ text, ...(marks.bold ? { bold: true } : {}), ...(marks.italic ? { italic: true } : {}), ...(marks.link ? { link: marks.link } : {}) });
  };
  const parse = (src: string, marks: Omit<Span, 'text'>) => {
    let i = 0;
    let buf = '';
    const flush = () => {
      push(buf, marks);
      buf = '';
    };
    while (i < src.length) {
      const c = src[i]!;
      if (c === '\\' && i + 1 < src.length) {
        buf += src[i + 1];
        i += 2;
        continue;
      }
      if (src.startsWith('**', i)) {
        const end = findClose(src, '**', i + 2);
        if (end > i + 2) {
          flush();
          parse(src.slice(i + 2, end), { ...marks, bold: true });
          i = end + 2;
          continue;
        }
      } else if (c === '*') {
        const end = findClose(src, '*', i + 1);
        if (end > i + 1) {
          flush();
          parse(src.slice(i + 1, end), { ...marks, italic: true });
          i = end + 1;
          continue;
        }
      } else if (c === '[' && !marks.link) {
        const close = findClose(src, ']', i + 1);
        if (close > i + 1 && src[close + 1] === '(') {
          const paren = src.indexOf(')', close + 2);
          if (paren > close + 2) {
            flush();
            parse(src.slice(i + 1, close), { ...marks, link: src.slice(close + 2, paren).trim() });
            i = paren + 1;
            continue;
          }
        }
      }
      buf += c;
      i++;
    }
    flush();
  };
  parse(markup, {});
  return out;
}

/** The next unescaped `token` at or after `from` (for `*`, not part of `**`), or -1. */
function findClose(src: string, token: string, from: number): number {
  for (let i = from; i < src.length; i++) {
    if (src[i] === '\\') {
      i++;
      continue;
    }
    if (token === '*' && src.startsWith('**', i)) {
      const inner = findClose(src, '**', i + 2);
      if (inner < 0) return -1;
      i = inner + 1;
      continue;
    }
    if (src.startsWith(token, i)) {
      // In a run like `***`, the closing `**` is the last two (the first closes an inner italic).
      if (token === '**') while (src[i + 2] === '*') i++;
      return i;
    }
  }
  return -1;
}

/** Wraps the selection [start, end) of `value` in a mark; returns the new value and selection. */
export function wrapSelection(value: string, start: number, end: number, mark: 'bold' | 'italic' | { link: string }): { value: string; start: number; end: number } {
  const selected = value.slice(start, end) || (mark === 'bold' ? 'bold text' : mark === 'italic' ? 'italic text' : 'link text');
  const [open, close] = mark === 'bold' ? ['**', '**'] : mark === 'italic' ? ['*', '*'] : ['[', `](${mark.link})`];
  const next = value.slice(0, start) + open + selected + close + value.slice(end);
  return { value: next, start: start + open.length, end: start + open.length + selected.length };
}
