// @vitest-environment jsdom
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CallboardError } from '../../../core/errors.ts';
import { caller, setupHouse } from '../../fixtures/ticketing.ts';
import { contentFixture, type ContentFixture } from './fixture.ts';

/**
 * Hostile content through every block type: markup, inline styles, event handlers,
 * script-capable URLs, unicode disguises and huge inputs. Text is stored as text and comes
 * out escaped; script-capable links are refused; huge inputs are refused as too_large.
 */

const HOSTILE_TEXT = [
  '<script>alert(1)</script>',
  '<img src=x onerror="alert(2)">',
  '<p style="color:red;background:url(javascript:alert(3))">styled</p>',
  '"><svg/onload=alert(4)>',
  "' onmouseover='alert(5)",
  '</style><script>alert(6)</script>',
  '<!-- comment --><iframe src="https://evil.example"></iframe>',
  '&lt;already escaped&gt; &amp; <b>bold</b>',
  'admin\u202Egnp.exe',
  'zero\u200Bwidth\u0000nul\u0007bell\uFEFF',
  '\uD800 lone surrogate',
  'e\u0301 combining',
].join(' | ');

const BAD_URLS = ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'java\nscript:alert(1)', ' javascript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'vbscript:msgbox(1)', 'file:///etc/passwd', '//evil.example/x', 'https://user:pass@evil.example/'];

const ALLOWED_TAGS = new Set('html head meta title link style body a header nav ul ol li main footer div p span strong em article section aside h1 h2 h3 h4 figure figcaption img iframe video blockquote table thead tbody tr th td'.split(' '));
const SAFE_URL = /^(?:https?:\/\/|mailto:|#|(?:\.\.\/)*[a-z0-9%][a-z0-9._/%-]*(?:#[a-z0-9-]*)?$|\/[a-z0-9%])/i;
const FRAME = /^https:\/\/(?:www\.youtube-nocookie\.com\/embed\/|player\.vimeo\.com\/video\/)/;

/** Parses the output (scripts never run) and lists everything an editor must not be able to produce. */
function inspectHtml(out: string, styleElements: number): string[] {
  const doc = new DOMParser().parseFromString(out, 'text/html');
  const problems: string[] = [];
  const styles = doc.querySelectorAll('style').length;
  if (styles !== styleElements) problems.push(`${styles} <style> elements`);
  for (const el of doc.querySelectorAll('*')) {
    const tag = el.tagName.toLowerCase();
    if (!ALLOWED_TAGS.has(tag)) problems.push(`<${tag}>`);
    for (const attr of el.getAttributeNames()) {
      if (attr.startsWith('on')) problems.push(`${tag}[${attr}]`);
      if (attr === 'style') problems.push(`${tag}[style]`);
      if (['href', 'src', 'action', 'formaction', 'srcset', 'poster', 'xlink:href'].includes(attr)) {
        const v = el.getAttribute(attr) ?? '';
        if (!SAFE_URL.test(v)) problems.push(`${tag}[${attr}=${v}]`);
        if (tag === 'iframe' && !FRAME.test(v)) problems.push(`iframe to ${v}`);
      }
    }
  }
  if (doc.querySelector('link:not([rel="stylesheet"])')) problems.push('unexpected <link>');
  return problems;
}

let f: ContentFixture;
let pageId: string;
let performanceId: string;

async function failure(p: Promise<unknown>): Promise<CallboardError> {
  try {
    await p;
  } catch (err) {
    return err as CallboardError;
  }
  throw new Error('expected the call to fail');
}

function everyBlock(text: string, link = 'https://example.org/ok') {
  return [
    { type: 'heading', text },
    { type: 'text', style: 'paragraph', spans: [{ text }, { text, bold: true, italic: true, link }] },
    { type: 'text', style: 'bullets', spans: [{ text: `${text}\n${text}` }] },
    { type: 'text', style: 'numbered', spans: [{ text: `${text}\n${text}` }] },
    { type: 'text', style: 'quote', spans: [{ text }] },
    { type: 'image', asset: { productionId: 'earnest-2026', assetId: f.photo.id }, caption: text, alt: text },
    { type: 'video', asset: { productionId: 'earnest-2026', assetId: f.video.id }, caption: text },
    { type: 'castList', productionId: 'earnest-2026', title: text },
    { type: 'schedule', productionId: 'earnest-2026', title: text },
    { type: 'ticketLink', performanceId, label: text },
    { type: 'gallery', galleryProductionId: 'earnest-2026', galleryId: 'rehearsals', title: text },
    { type: 'callout', tone: 'highlight', title: text, spans: [{ text, link }], linkLabel: text, linkUrl: link },
  ];
}

beforeAll(async () => {
  f = await contentFixture();
  await f.call(f.admin, 'productions.create', { id: 'into-the-woods', title: 'Into the Woods', season: '2026-27' });
  performanceId = await setupHouse(caller(f.t.app, f.admin));
  const page = await f.call<{ id: string }>(f.admin, 'pages.create', { sectionId: 'about', title: HOSTILE_TEXT.slice(0, 150), slug: 'hostile', blocks: everyBlock(HOSTILE_TEXT) });
  pageId = page.id;
  await f.call(f.admin, 'pages.publish', { sectionId: 'about', pageId });
  await f.call(f.admin, 'theme.update', { companyName: '<script>alert("brand")</script> Players' });
});
afterAll(() => f.cleanup());

describe('hostile content', () => {
  it('stores hostile text as text, without disguising characters', async () => {
    const page = await f.call<{ title: string; blocks: Array<Record<string, unknown>> }>(f.admin, 'pages.get', { sectionId: 'about', pageId });
    expect(page.blocks).toHaveLength(12);
    const all = JSON.stringify(page);
    expect(all).toContain('<script>alert(1)</script>');
    for (const ch of ['\u202E', '\u200B', '\u0000', '\u0007', '\uFEFF']) expect(all.includes(ch), `U+${ch.charCodeAt(0).toString(16)}`).toBe(false);
    expect(all).toContain('\uFFFD lone surrogate');
    expect(all).toContain('\u00e9 combining');
  });

  it('refuses script-capable and malformed links in every link field', async () => {
    for (const bad of BAD_URLS) {
      for (const block of [
        { type: 'text', style: 'paragraph', spans: [{ text: 'x', link: bad }] },
        { type: 'callout', tone: 'info', title: 't', spans: [{ text: 'x', link: bad }], linkLabel: 'go', linkUrl: 'https://ok.example/' },
        { type: 'callout', tone: 'info', title: 't', spans: [], linkLabel: 'go', linkUrl: bad },
      ]) {
        const e = await failure(f.call(f.admin, 'pages.addBlock', { sectionId: 'about', pageId, block }));
        expect(e.code, `${bad} in ${JSON.stringify(block).slice(0, 60)}`).toBe('invalid');
      }
    }
  });

  it('refuses huge inputs in every text field as too_large', async () => {
    const huge = 'A'.repeat(60_000);
    for (const block of everyBlock(huge)) {
      const e = await failure(f.call(f.admin, 'pages.addBlock', { sectionId: 'about', pageId, block }));
      expect(e.code, block.type).toBe('too_large');
    }
    expect((await failure(f.call(f.admin, 'pages.create', { sectionId: 'about', title: huge }))).code).toBe('too_large');
    const page = await f.call<{ blocks: unknown[] }>(f.admin, 'pages.get', { sectionId: 'about', pageId });
    expect(page.blocks).toHaveLength(12);
  });

  it('escapes everything on the way out: no markup, style or script from editors in the site or the preview', async () => {
    const site = await f.call<{ files: Record<string, string> }>(f.admin, 'site.render');
    const preview = await f.call<{ html: string }>(f.admin, 'site.preview', { sectionId: 'about', pageId });
    const outputs: Array<[string, string]> = [...Object.entries(site.files).filter(([p]) => p.endsWith('.html')), ['preview', preview.html]];
    expect(site.files['hostile.html']).toBeDefined();
    for (const [name, out] of outputs) {
      const problems = inspectHtml(out, name === 'preview' ? 1 : 0);
      expect(problems, name).toEqual([]);
    }
    const page = site.files['hostile.html']!;
    expect(new DOMParser().parseFromString(page, 'text/html').querySelector('h1')!.textContent).toContain('<script>alert(1)</script>');
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).toContain('&amp;lt;already escaped&amp;gt;');
    expect(page).toContain('&lt;script&gt;alert(&quot;brand&quot;)&lt;/script&gt; Players');
    // Every block type made it to the page (or was resolved): headings, lists, quote, figure, video, schedule/cast sections, ticket, gallery, callout.
    for (const marker of ['<ul>', '<ol>', '<blockquote>', '<figure>', 'youtube-nocookie.com/embed/dQw4w9WgXcQ', 'class="tickets"', 'class="gallery"', 'class="callout highlight"']) {
      expect(page, marker).toContain(marker);
    }
    expect(site.files['style.css']).not.toMatch(/alert|<script/i);
  });
});
