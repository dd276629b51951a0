import { FONTS, headingSizes, type Theme } from '../theme.ts';
import type { Block, Page, Section, Span } from '../model.ts';
import type { AssetInfo, CastMember, GalleryInfo, PerformanceInfo, ProductionInfoRow, PublicEvent } from '../references.ts';
import { html, join, SafeHtml, trustedCss, url, type Html } from './html.ts';

/**
 * The one template set of the website: plain functions from data to escaped HTML. The
 * theme reaches the output only as CSS custom properties in style.css; editors' content
 * only as escaped text and checked URLs. The site build and the in-app preview both call
 * these functions.
 */

export interface SiteContext {
  theme: Theme;
  company: { name: string; city: string; email: string; website: string };
  /** Top-level navigation: sections with published pages. */
  nav: Array<{ title: string; href: string; id: string }>;
  /** Prefix from the current file to the site root ('' or '../'). */
  root: string;
  /** Link to the stylesheet, or the CSS to inline (preview). */
  style: { href: string } | { inline: string };
  /** Where a media asset's image is published, or undefined when it cannot be. */
  mediaUrl(asset: AssetInfo): string | undefined;
  logo: AssetInfo | undefined;
  /** Resolved references for the blocks. */
  resolve: Resolver;
  timeZone: string;
  /** Id of the nav entry of this page. */
  current?: string;
}

export interface Resolver {
  asset(ref: { productionId: string; assetId: string }): AssetInfo | undefined;
  production(id: string): ProductionInfoRow | undefined;
  credits(productionId: string): CastMember[];
  publicEvents(productionId: string): PublicEvent[];
  venueName(id: string | null): string | null;
  performance(id: string): PerformanceInfo | undefined;
  gallery(productionId: string | null, id: string): GalleryInfo | undefined;
}

export function stylesheet(theme: Theme): string {
  const p = theme.palette;
  const [h1, h2, h3, h4] = headingSizes(theme.typeScale);
  return `:root {
  --color-primary: ${p.primary};
  --color-on-primary: ${p.onPrimary};
  --color-accent: ${p.accent};
  --color-on-accent: ${p.onAccent};
  --color-background: ${p.background};
  --color-surface: ${p.surface};
  --color-text: ${p.text};
  --color-muted: ${p.muted};
  --color-link: ${p.link};
  --font-display: ${FONTS[theme.fonts.display].stack};
  --font-body: ${FONTS[theme.fonts.body].stack};
  --step-0: ${theme.typeScale.base}px;
  --step-1: ${h4}px;
  --step-2: ${h3}px;
  --step-3: ${h2}px;
  --step-4: ${h1}px;
}
*, *::before, *::after { box-sizing: border-box; }
html { font-size: var(--step-0); }
body { margin: 0; background: var(--color-background); color: var(--color-text); font-family: var(--font-body); line-height: 1.6; }
h1, h2, h3, h4, .brand { font-family: var(--font-display); line-height: 1.2; }
h1 { font-size: var(--step-4); margin: 0 0 0.5em; }
h2 { font-size: var(--step-3); margin: 1.5em 0 0.5em; }
h3 { font-size: var(--step-2); margin: 1.2em 0 0.4em; }
h4 { font-size: var(--step-1); }
a { color: var(--color-link); }
a:focus-visible, button:focus-visible { outline: 3px solid var(--color-accent); outline-offset: 2px; }
.skip { position: absolute; left: -999px; top: 0; background: var(--color-accent); color: var(--color-on-accent); padding: 0.5em 1em; }
.skip:focus { left: 0.5em; }
.site-header { background: var(--color-primary); color: var(--color-on-primary); }
.site-header a { color: var(--color-on-primary); }
.bar { max-width: 72rem; margin: 0 auto; padding: 1rem 1.25rem; display: flex; flex-wrap: wrap; gap: 1rem; align-items: center; justify-content: space-between; }
.brand { font-size: var(--step-2); font-weight: 700; text-decoration: none; display: flex; align-items: center; gap: 0.6rem; margin: 0; }
.brand img { height: 2.5rem; width: auto; }
.site-nav ul { list-style: none; display: flex; flex-wrap: wrap; gap: 0.25rem 1.25rem; margin: 0; padding: 0; }
.site-nav a { text-decoration: none; font-weight: 600; }
.site-nav a[aria-current="page"] { text-decoration: underline; text-underline-offset: 0.3em; }
main { max-width: 48rem; margin: 0 auto; padding: 2rem 1.25rem 3rem; }
main.wide { max-width: 72rem; }
figure { margin: 1.5em 0; }
figure img, .gallery img { max-width: 100%; height: auto; display: block; border-radius: 4px; }
figcaption, .muted { color: var(--color-muted); font-size: 0.9em; }
blockquote { margin: 1.5em 0; padding: 0.5em 1.25em; border-left: 4px solid var(--color-accent); background: var(--color-surface); font-style: italic; }
.callout { background: var(--color-surface); border-radius: 6px; padding: 1rem 1.25rem; margin: 1.5em 0; border-top: 4px solid var(--color-primary); }
.callout.highlight { border-top-color: var(--color-accent); }
.callout > :first-child { margin-top: 0; }
.button { display: inline-block; background: var(--color-accent); color: var(--color-on-accent); padding: 0.6em 1.2em; border-radius: 4px; font-weight: 700; text-decoration: none; }
.gallery { display: grid; grid-template-columns: repeat(auto-fill, minmax(12rem, 1fr)); gap: 0.75rem; padding: 0; list-style: none; }
.gallery figure { margin: 0; }
.video { position: relative; aspect-ratio: 16 / 9; }
.video iframe { position: absolute; inset: 0; width: 100%; height: 100%; border: 0; }
.cast { list-style: none; padding: 0; columns: 2 16rem; }
.cast li { break-inside: avoid; padding: 0.2em 0; }
.schedule { width: 100%; border-collapse: collapse; }
.schedule th, .schedule td { text-align: left; padding: 0.5em; border-bottom: 1px solid var(--color-surface); }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(16rem, 1fr)); gap: 1rem; list-style: none; padding: 0; }
.cards li { background: var(--color-surface); padding: 1rem 1.25rem; border-radius: 6px; }
.cards h2, .cards h3 { margin-top: 0; font-size: var(--step-2); }
.site-footer { background: var(--color-surface); color: var(--color-text); }
.site-footer .bar { display: block; }
@media (max-width: 40rem) { html { font-size: calc(var(--step-0) * 0.92); } .bar { flex-direction: column; align-items: flex-start; } }
@media (prefers-reduced-motion: reduce) { * { transition: none !important; animation: none !important; } }
`;
}

/** Hands out heading levels so a page never skips one (h1, then h2, h3 under it). */
class Headings {
  #last = 1;
  next(requested: number): number {
    const level = Math.max(2, Math.min(requested, this.#last + 1, 6));
    this.#last = level;
    return level;
  }
  /** A component's own heading: one level under the page or the last h2. */
  section(): number {
    return this.next(2);
  }
}

function heading(level: number, content: Html, attrs: SafeHtml | '' = ''): SafeHtml {
  const n = Math.min(6, Math.max(1, Math.floor(level)));
  return html`${new SafeHtml(`<h${n}`)}${attrs}>${content}${new SafeHtml(`</h${n}>`)}`;
}

export function spansHtml(spans: readonly Span[]): SafeHtml {
  return join(
    spans.map((s) => {
      let inner: SafeHtml = html`${s.text}`;
      if (s.bold) inner = html`<strong>${inner}</strong>`;
      if (s.italic) inner = html`<em>${inner}</em>`;
      if (s.link) inner = html`<a href="${url(s.link)}">${inner}</a>`;
      return inner;
    }),
  );
}

/** Splits spans into lines (at `\n`), each line a list of spans. */
export function lines(spans: readonly Span[]): Span[][] {
  const out: Span[][] = [[]];
  for (const s of spans) {
    const parts = s.text.split('\n');
    parts.forEach((part, i) => {
      if (i > 0) out.push([]);
      if (part) out[out.length - 1]!.push({ ...s, text: part });
    });
  }
  return out.filter((l) => l.length > 0);
}

function textBlock(b: Extract<Block, { type: 'text' }>): SafeHtml {
  const ls = lines(b.spans);
  if (ls.length === 0) return html``;
  switch (b.style) {
    case 'bullets':
      return html`<ul>${ls.map((l) => html`<li>${spansHtml(l)}</li>`)}</ul>`;
    case 'numbered':
      return html`<ol>${ls.map((l) => html`<li>${spansHtml(l)}</li>`)}</ol>`;
    case 'quote':
      return html`<blockquote>${ls.map((l) => html`<p>${spansHtml(l)}</p>`)}</blockquote>`;
    default:
      return join(ls.map((l) => html`<p>${spansHtml(l)}</p>`));
  }
}

function figure(ctx: SiteContext, asset: AssetInfo | undefined, alt: string, caption: string): SafeHtml {
  if (!asset || !asset.published) return html``;
  const src = ctx.mediaUrl(asset);
  const text = alt || asset.alt;
  if (!src || !text.trim()) return html``;
  const cap = caption || asset.caption;
  return html`<figure><img src="${url(src)}" alt="${text}"${asset.width ? html` width="${asset.width}" height="${asset.height ?? ''}"` : ''} loading="lazy">${
    cap || asset.credit ? html`<figcaption>${cap}${asset.credit ? html` <span class="credit">Photo: ${asset.credit}</span>` : ''}</figcaption>` : ''
  }</figure>`;
}

const VIDEO_ID = /^[A-Za-z0-9_-]{1,64}$/;

function video(asset: AssetInfo | undefined, caption: string, ctx: SiteContext): SafeHtml {
  if (!asset || !asset.published) return html``;
  const title = asset.title || caption || 'Video';
  if (asset.embed && VIDEO_ID.test(asset.embed.videoId)) {
    const start = asset.embed.start ? `?start=${Math.floor(asset.embed.start)}` : '';
    const src =
      asset.embed.provider === 'vimeo'
        ? `https://player.vimeo.com/video/${asset.embed.videoId}${asset.embed.hash && VIDEO_ID.test(asset.embed.hash) ? `?h=${asset.embed.hash}` : ''}`
        : `https://www.youtube-nocookie.com/embed/${asset.embed.videoId}${start}`;
    return html`<figure><div class="video"><iframe src="${url(src)}" title="${title}" loading="lazy" allow="fullscreen; picture-in-picture" referrerpolicy="strict-origin-when-cross-origin"></iframe></div>${
      caption ? html`<figcaption>${caption}</figcaption>` : ''
    }</figure>`;
  }
  const src = ctx.mediaUrl(asset);
  if (!src) return html``;
  return html`<figure><video controls preload="none" src="${url(src)}" title="${title}"></video>${caption ? html`<figcaption>${caption}</figcaption>` : ''}</figure>`;
}

export function formatWhen(startUtc: number, timeZone: string): string {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', month: 'short', day: 'numeric', year: 'numeric', hour: 'numeric', minute: '2-digit' }).format(new Date(startUtc));
  } catch {
    return new Date(startUtc).toISOString().slice(0, 16).replace('T', ' ');
  }
}

export function castList(ctx: SiteContext, credits: CastMember[], h: Headings, title: string, productionId: string): SafeHtml {
  const cast = credits.filter((c) => c.department === 'cast');
  const company = credits.filter((c) => c.department !== 'cast');
  const item = (c: CastMember) => html`<li><strong>${c.name}</strong>${c.role ? html` <span class="muted">${c.role}${c.understudy ? ' (understudy)' : ''}</span>` : ''}</li>`;
  const id = `cast-${productionId}`;
  if (cast.length === 0 && company.length === 0) return html``;
  return html`<section aria-labelledby="${id}">${heading(h.section(), title || 'Cast', html` id="${id}"`)}${cast.length ? html`<ul class="cast">${cast.map(item)}</ul>` : ''}${
    company.length ? html`${heading(h.next(3), 'Creative team and crew')}<ul class="cast">${company.map(item)}</ul>` : ''
  }</section>`;
  void ctx;
}

export function schedule(ctx: SiteContext, events: PublicEvent[], h: Headings, title: string, productionId: string): SafeHtml {
  if (events.length === 0) return html``;
  const id = `schedule-${productionId}`;
  return html`<section aria-labelledby="${id}">${heading(h.section(), title || 'Dates and times', html` id="${id}"`)}<table class="schedule"><thead><tr><th scope="col">When</th><th scope="col">What</th><th scope="col">Where</th></tr></thead><tbody>${events.map(
    (e) => html`<tr><td>${formatWhen(e.startUtc, e.timeZone || ctx.timeZone)}</td><td>${e.title}</td><td>${ctx.resolve.venueName(e.venueId) ?? ''}</td></tr>`,
  )}</tbody></table></section>`;
}

export function gallery(ctx: SiteContext, g: GalleryInfo | undefined, h: Headings, title: string): SafeHtml {
  if (!g) return html``;
  const items = g.assets.filter((a) => a.published && a.alt.trim() && ctx.mediaUrl(a) && (a.mime.startsWith('image/') || a.kind === 'photo' || a.kind === 'poster'));
  if (items.length === 0) return html``;
  return html`<section>${heading(h.section(), title || g.title)}<ul class="gallery">${items.map((a) => html`<li>${figure(ctx, a, a.alt, a.caption)}</li>`)}</ul></section>`;
}

function ticketLink(ctx: SiteContext, b: Extract<Block, { type: 'ticketLink' }>): SafeHtml {
  const perf = ctx.resolve.performance(b.performanceId);
  if (!perf) return html``;
  const when = formatWhen(perf.startsAt, ctx.timeZone);
  const soldOut = perf.status === 'sold_out';
  const cancelled = perf.status === 'cancelled';
  const href = `${ctx.root}productions/${perf.productionId}.html#tickets`;
  return html`<p class="tickets"><a class="button" href="${url(href)}">${b.label || 'Tickets'}</a> <span class="muted">${perf.title}, ${when}${soldOut ? ' (sold out)' : cancelled ? ' (cancelled)' : ''}</span></p>`;
}

export function renderBlock(ctx: SiteContext, b: Block, h: Headings): SafeHtml {
  switch (b.type) {
    case 'heading':
      return heading(h.next(b.level), b.text);
    case 'text':
      return textBlock(b);
    case 'image':
      return figure(ctx, ctx.resolve.asset(b.asset), b.alt, b.caption);
    case 'video':
      return video(ctx.resolve.asset(b.asset), b.caption, ctx);
    case 'castList':
      return ctx.resolve.production(b.productionId) ? castList(ctx, ctx.resolve.credits(b.productionId), h, b.title, b.productionId) : html``;
    case 'schedule':
      return ctx.resolve.production(b.productionId) ? schedule(ctx, ctx.resolve.publicEvents(b.productionId), h, b.title, b.productionId) : html``;
    case 'ticketLink':
      return ticketLink(ctx, b);
    case 'gallery':
      return gallery(ctx, ctx.resolve.gallery(b.galleryProductionId, b.galleryId), h, b.title);
    case 'callout': {
      const link = b.linkUrl ? html`<p><a class="button" href="${url(b.linkUrl)}">${b.linkLabel || b.linkUrl}</a></p>` : '';
      return html`<aside class="callout ${b.tone === 'highlight' ? 'highlight' : 'info'}"${b.title ? '' : html` aria-label="Note"`}>${b.title ? heading(h.section(), b.title) : ''}${textBlock({ id: b.id, type: 'text', style: 'paragraph', spans: b.spans })}${link}</aside>`;
    }
    default:
      return html``;
  }
}

export function layout(ctx: SiteContext, title: string, main: SafeHtml, options: { wide?: boolean; description?: string } = {}): string {
  const style = 'href' in ctx.style ? html`<link rel="stylesheet" href="${url(ctx.style.href)}">` : html`<style>${trustedCss(ctx.style.inline)}</style>`;
  const logoSrc = ctx.logo ? ctx.mediaUrl(ctx.logo) : undefined;
  const pageTitle = title === ctx.theme.companyName ? title : `${title} · ${ctx.theme.companyName}`;
  return `<!doctype html>\n${html`<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${pageTitle}</title>${
    options.description ? html`<meta name="description" content="${options.description}">` : ''
  }<meta name="generator" content="Callboard">${style}</head><body><a class="skip" href="#main">Skip to content</a><header class="site-header"><div class="bar"><a class="brand" href="${url(`${ctx.root}index.html`)}">${
    logoSrc ? html`<img src="${url(logoSrc)}" alt="">` : ''
  }<span>${ctx.theme.companyName}</span></a><nav class="site-nav" aria-label="Main"><ul>${ctx.nav.map(
    (n) => html`<li><a href="${url(ctx.root + n.href)}"${ctx.current === n.id ? html` aria-current="page"` : ''}>${n.title}</a></li>`,
  )}</ul></nav></div></header><main id="main"${options.wide ? html` class="wide"` : ''}>${main}</main><footer class="site-footer"><div class="bar"><p>${ctx.company.name}${ctx.company.city ? html` · ${ctx.company.city}` : ''}${
    ctx.company.email ? html` · <a href="${url(`mailto:${ctx.company.email}`)}">${ctx.company.email}</a>` : ''
  }</p></div></footer></body></html>`}\n`;
}

/** A page; `navId` is the navigation entry to mark current (its top-level section). */
export function pageDocument(ctx: SiteContext, page: Page, navId: string | undefined): string {
  const h = new Headings();
  const body = html`<article><h1>${page.title}</h1>${page.blocks.map((b) => renderBlock(ctx, b, h))}</article>`;
  return layout({ ...ctx, current: navId }, page.title, body);
}

export function sectionIndex(ctx: SiteContext, section: Section, navId: string, pages: Array<{ title: string; href: string }>, children: Array<{ title: string; href: string; description: string }>): string {
  const body = html`<h1>${section.title}</h1>${section.description ? html`<p>${section.description}</p>` : ''}<ul class="cards">${pages.map(
    (p) => html`<li><h2><a href="${url(ctx.root + p.href)}">${p.title}</a></h2></li>`,
  )}${children.map((c) => html`<li><h2><a href="${url(ctx.root + c.href)}">${c.title}</a></h2>${c.description ? html`<p>${c.description}</p>` : ''}</li>`)}</ul>`;
  return layout({ ...ctx, current: navId }, section.title, body, { wide: true });
}

export function productionDocument(ctx: SiteContext, p: ProductionInfoRow, galleries: GalleryInfo[]): string {
  const h = new Headings();
  const dates = p.opening ? (p.closing && p.closing !== p.opening ? `${p.opening} to ${p.closing}` : p.opening) : '';
  const body = html`<article><h1>${p.title}</h1><p class="muted">${p.season ? `Season ${p.season}` : ''}${dates ? html` · ${dates}` : ''}</p><div id="tickets">${schedule(
    ctx,
    ctx.resolve.publicEvents(p.id),
    h,
    'Dates and times',
    p.id,
  )}</div>${castList(ctx, ctx.resolve.credits(p.id), h, 'Cast', p.id)}${galleries.map((g) => gallery(ctx, g, h, g.title))}</article>`;
  return layout({ ...ctx, current: 'productions' }, p.title, body);
}

export function productionsIndex(ctx: SiteContext, productions: ProductionInfoRow[]): string {
  const bySeason = new Map<string, ProductionInfoRow[]>();
  for (const p of productions) {
    const list = bySeason.get(p.season) ?? [];
    list.push(p);
    bySeason.set(p.season, list);
  }
  const seasons = [...bySeason.keys()].sort().reverse();
  const body = html`<h1>Productions</h1>${seasons.map(
    (s) => html`<section><h2>${s ? `Season ${s}` : 'Productions'}</h2><ul class="cards">${bySeason
      .get(s)!
      .map((p) => html`<li><h3><a href="${url(`${ctx.root}productions/${p.id}.html`)}">${p.title}</a></h3><p class="muted">${p.opening ?? ''}${p.closing && p.closing !== p.opening ? ` to ${p.closing}` : ''}</p></li>`)}</ul></section>`,
  )}`;
  return layout({ ...ctx, current: 'productions' }, 'Productions', body, { wide: true });
}

export function homeDocument(ctx: SiteContext, upcoming: ProductionInfoRow[], sections: Array<{ title: string; href: string; description: string }>): string {
  const body = html`<h1>${ctx.theme.companyName}</h1>${ctx.company.city ? html`<p class="muted">${ctx.company.city}</p>` : ''}${
    upcoming.length
      ? html`<section><h2>Now and next</h2><ul class="cards">${upcoming.map(
          (p) => html`<li><h3><a href="${url(`${ctx.root}productions/${p.id}.html`)}">${p.title}</a></h3><p class="muted">${p.opening ?? ''}</p></li>`,
        )}</ul></section>`
      : ''
  }${sections.length ? html`<section><h2>Explore</h2><ul class="cards">${sections.map((s) => html`<li><h3><a href="${url(ctx.root + s.href)}">${s.title}</a></h3>${s.description ? html`<p>${s.description}</p>` : ''}</li>`)}</ul></section>` : ''}`;
  return layout({ ...ctx, current: 'home' }, ctx.theme.companyName, body, { wide: true });
}
