import { CallboardError } from '../errors.ts';
import { LIMITS, type Span } from './model.ts';

/**
 * Sanitization on the way in. The content model is structured (blocks of text with three
 * marks), so there is no HTML to sanitize: only text and URLs. Text is normalized (NFC),
 * stripped of control characters, bidirectional overrides/isolates and other invisible
 * formatting that can disguise text, and bounded; URLs must be http, https or mailto.
 * Everything is escaped again on the way out (core/content/site/html.ts).
 */

// C0/C1 controls except \n, plus DEL.
const CONTROLS = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F]/g;
// Bidi embeddings/overrides/isolates and marks, zero-width space, word joiner and invisible operators, line/paragraph separators, BOM, interlinear annotations, object replacement.
const INVISIBLE = /[\u202A-\u202E\u2066-\u2069\u200B\u200E\u200F\u2060-\u2064\u061C\u2028\u2029\uFEFF\uFFF9-\uFFFC]/g;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export interface TextOptions {
  field: string;
  max: number;
  /** Keep line breaks (text bodies); otherwise they become spaces. */
  multiline?: boolean;
  /** Trim surrounding whitespace (single-line fields). */
  trim?: boolean;
}

export function cleanText(raw: string, options: TextOptions): string {
  if (raw.length > options.max * 4) throw tooLarge(options.field, options.max);
  let s = raw.replace(LONE_SURROGATE, '\uFFFD').normalize('NFC').replace(/\r\n?/g, '\n').replace(/\t/g, ' ');
  s = s.replace(CONTROLS, '').replace(INVISIBLE, '');
  if (!options.multiline) s = s.replace(/\n+/g, ' ');
  if (options.trim ?? !options.multiline) s = s.trim();
  if (s.length > options.max) throw tooLarge(options.field, options.max);
  return s;
}

export function tooLarge(field: string, max: number): CallboardError {
  return new CallboardError('too_large', `${field} is too long (at most ${max} characters)`, { field, limit: max });
}

const URL_SCHEMES = new Set(['http:', 'https:', 'mailto:']);

/** The URL if it is an http, https or mailto URL; undefined otherwise. */
export function safeUrl(raw: string): string | undefined {
  if (typeof raw !== 'string' || raw.length > LIMITS.urlChars) return undefined;
  if (/[\u0000-\u0020\u007F-\u009F\u202A-\u202E\u2066-\u2069]/.test(raw.trim())) return undefined;
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return undefined;
  }
  if (!URL_SCHEMES.has(url.protocol)) return undefined;
  if (url.username || url.password) return undefined;
  if (url.protocol !== 'mailto:' && !url.hostname) return undefined;
  return url.href;
}

export function requireUrl(raw: string, field: string): string {
  const url = safeUrl(raw);
  if (url === undefined) {
    throw new CallboardError('invalid', `${field} must be an http, https or mailto link`, { field, issues: [{ field, message: 'only http, https and mailto links are allowed' }] });
  }
  return url;
}

const sameMarks = (a: Span, b: Span) => Boolean(a.bold) === Boolean(b.bold) && Boolean(a.italic) === Boolean(b.italic) && (a.link ?? '') === (b.link ?? '');

/** Cleans a rich text value: every span's text, its link, merges neighbours with equal marks. */
export function cleanSpans(spans: readonly Span[], field: string, max: number = LIMITS.textChars): Span[] {
  if (spans.length > LIMITS.spansPerText) throw tooLarge(`${field} (spans)`, LIMITS.spansPerText);
  const out: Span[] = [];
  let total = 0;
  spans.forEach((span, i) => {
    const text = cleanText(span.text, { field: `${field}[${i}].text`, max, multiline: true, trim: false });
    if (text === '') return;
    total += text.length;
    if (total > max) throw tooLarge(field, max);
    const clean: Span = { text };
    if (span.bold) clean.bold = true;
    if (span.italic) clean.italic = true;
    if (span.link !== undefined && span.link !== '') clean.link = requireUrl(span.link, `${field}[${i}].link`);
    const prev = out[out.length - 1];
    if (prev && sameMarks(prev, clean)) prev.text += clean.text;
    else out.push(clean);
  });
  return out;
}

export function spansText(spans: readonly Span[]): string {
  return spans.map((s) => s.text).join('');
}
