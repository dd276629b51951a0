import * as A from '@automerge/automerge';
import { MARK_NAMES, type MarkName, type Span } from './model.ts';
import { safeUrl, spansText } from './sanitize.ts';

/**
 * Rich text in Automerge: the characters are collaborative text (merged character by
 * character) and bold / italic / link are Automerge marks over ranges of it. A write sends
 * the whole value as spans; we turn it into the smallest edit: `updateText` diffs the
 * characters, and only the ranges whose marks differ are marked or unmarked, so a
 * concurrent edit or mark elsewhere in the same text survives.
 */

type Path = A.Prop[];
type MarkValue = string | boolean | null;

const EXPAND: Record<MarkName, 'after' | 'none'> = { bold: 'after', italic: 'after', link: 'none' };

function desiredMarks(spans: readonly Span[], name: MarkName, length: number): MarkValue[] {
  const out: MarkValue[] = new Array<MarkValue>(length).fill(null);
  let i = 0;
  for (const s of spans) {
    const v: MarkValue = name === 'link' ? (s.link ?? null) : s[name] === true ? true : null;
    for (let k = 0; k < s.text.length; k++) out[i + k] = v;
    i += s.text.length;
  }
  return out;
}

function currentMarks(doc: A.Doc<unknown>, path: Path, name: MarkName, length: number): MarkValue[] {
  const out: MarkValue[] = new Array<MarkValue>(length).fill(null);
  for (const m of A.marks(doc, path)) {
    if (m.name !== name) continue;
    const v = m.value === null || m.value === false ? null : typeof m.value === 'string' ? m.value : m.value === true ? true : String(m.value);
    for (let k = Math.max(0, m.start); k < Math.min(length, m.end); k++) out[k] = v;
  }
  return out;
}

/** Sets the text at `path` (inside a change) to `spans`, with minimal text and mark operations. */
export function writeSpans(draft: A.Doc<unknown>, path: Path, spans: readonly Span[]): void {
  const text = spansText(spans);
  A.updateText(draft, path, text);
  const n = text.length;
  for (const name of MARK_NAMES) {
    const want = desiredMarks(spans, name, n);
    const have = currentMarks(draft, path, name, n);
    let k = 0;
    while (k < n) {
      if (want[k] === have[k]) {
        k++;
        continue;
      }
      const start = k;
      const v = want[k] ?? null;
      while (k < n && want[k] === v && want[k] !== have[k]) k++;
      const range = { start, end: k, expand: EXPAND[name] };
      if (v === null) A.unmark(draft, path, range, name);
      else A.mark(draft, path, range, name, v);
    }
  }
}

/** Replaces plain collaborative text (no marks) with minimal edits. */
export function writeText(draft: A.Doc<unknown>, path: Path, text: string): void {
  A.updateText(draft, path, text);
}

/** The spans of the text at `path`; unknown marks are dropped and links re-checked. */
export function readSpans(doc: A.Doc<unknown>, path: Path): Span[] {
  const out: Span[] = [];
  let raw: ReturnType<typeof A.spans>;
  try {
    raw = A.spans(doc, path);
  } catch {
    return out;
  }
  for (const s of raw) {
    if (s.type !== 'text' || s.value === '') continue;
    const span: Span = { text: s.value };
    const marks = (s.marks ?? {}) as Record<string, unknown>;
    if (marks.bold === true) span.bold = true;
    if (marks.italic === true) span.italic = true;
    if (typeof marks.link === 'string') {
      const url = safeUrl(marks.link);
      if (url) span.link = url;
    }
    const prev = out[out.length - 1];
    if (prev && Boolean(prev.bold) === Boolean(span.bold) && Boolean(prev.italic) === Boolean(span.italic) && (prev.link ?? '') === (span.link ?? '')) prev.text += span.text;
    else out.push(span);
  }
  return out;
}
