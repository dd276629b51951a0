import { safeUrl } from '../sanitize.ts';

/**
 * The one way templates make HTML: `html\`...\`` escapes every interpolated value unless it
 * is already SafeHtml (made by this module). Attribute URLs go through `url()`, which only
 * lets http, https, mailto and site-relative paths through.
 */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"'`]/g, (c) => ESC[c]!);
}

export type Html = SafeHtml | string | number | null | undefined | false | readonly Html[];

function render(v: Html): string {
  if (v === null || v === undefined || v === false) return '';
  if (v instanceof SafeHtml) return v.value;
  if (Array.isArray(v)) return (v as readonly Html[]).map(render).join('');
  return escapeHtml(String(v));
}

export function html(strings: TemplateStringsArray, ...values: Html[]): SafeHtml {
  let out = strings[0]!;
  values.forEach((v, i) => {
    out += render(v) + strings[i + 1]!;
  });
  return new SafeHtml(out);
}

export function join(parts: readonly Html[]): SafeHtml {
  return new SafeHtml(parts.map(render).join(''));
}

const RELATIVE = /^\/?(?:[a-z0-9%][a-z0-9._/%-]*)?(?:#[a-z0-9-]*)?$/i;

/** A URL for href/src: absolute http(s)/mailto, or a relative or root-relative path; otherwise `#`. */
export function url(value: string): string {
  const rest = value.replace(/^(?:\.\.\/)+/, '');
  if (RELATIVE.test(rest) && !rest.includes('..') && !rest.includes('//')) return value;
  return safeUrl(value) ?? '#';
}

/** Trusted CSS made by the templates from the theme (never from editors' text). */
export function trustedCss(css: string): SafeHtml {
  return new SafeHtml(css.replace(/<\//g, '<\\/'));
}
