import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { Hono } from 'hono';
import type { HttpBindings } from '@hono/node-server';
import type { App } from '../api/app.ts';

/**
 * Serves the website built by `site.build` (the data folder's site/) at /site/. Pages and
 * CSS are files; media (`/site/media/<hash>.<ext>`) are streamed from the blob store, but
 * only those the build's media.json lists (published media the site shows). Public: no
 * token, like any website; the site's own CSP allows only itself and the video players.
 */
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
};
const SITE_CSP = "default-src 'self'; img-src 'self'; style-src 'self'; script-src 'none'; frame-src https://www.youtube-nocookie.com https://player.vimeo.com; object-src 'none'; base-uri 'none'; form-action 'none'";

interface Manifest {
  media: Array<{ path: string; hash: string; mime: string }>;
}

interface MediaBlobs {
  blobs: { get(hash: never): Promise<Readable>; has(hash: never): Promise<boolean> };
}

export function mountSite(http: Hono<{ Bindings: HttpBindings }>, app: App): void {
  const dir = () => app.services.content.siteDir;
  http.get('/site', (c) => c.redirect('/site/'));
  http.get('/site/*', async (c) => {
    const headers = { 'Content-Security-Policy': SITE_CSP, 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'strict-origin-when-cross-origin' };
    let rel = decodeURIComponent(c.req.path.slice('/site/'.length));
    if (rel === '' || rel.endsWith('/')) rel += 'index.html';
    const root = path.resolve(dir());
    const file = path.resolve(root, rel);
    if (!file.startsWith(root + path.sep) || rel === 'media.json') return c.text('Not found', 404, headers);
    if (rel.startsWith('media/')) {
      let manifest: Manifest;
      try {
        manifest = JSON.parse(fs.readFileSync(path.join(root, 'media.json'), 'utf8')) as Manifest;
      } catch {
        return c.text('Not found', 404, headers);
      }
      const item = manifest.media.find((m) => m.path === rel);
      const media = (app.services as unknown as { media?: MediaBlobs }).media;
      if (!item || !media || !(await media.blobs.has(item.hash as never))) return c.text('Not found', 404, headers);
      const stream = await media.blobs.get(item.hash as never);
      return new Response(Readable.toWeb(stream) as ReadableStream, { headers: { ...headers, 'Content-Type': item.mime, 'Cache-Control': 'public, max-age=31536000, immutable' } });
    }
    if (!fs.existsSync(file) || !fs.statSync(file).isFile()) {
      return c.text(fs.existsSync(root) ? 'Not found' : 'The website has not been built yet: run `callboard site build`.', 404, headers);
    }
    return c.body(fs.readFileSync(file), 200, { ...headers, 'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
  });
}
