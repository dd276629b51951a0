import fs from 'node:fs/promises';
import path from 'node:path';
import { APP_HOST, APP_SCHEME } from './contract.ts';
import type { Log, ProtocolLike } from './electron-like.ts';
import { SECURITY_HEADERS } from './security.ts';

/**
 * The renderer is served from `app://callboard/` (never file://), so it has a real origin,
 * its own CSP, and can read nothing outside the built renderer folder.
 */

/** Privileges of the app scheme; main registers them before the app is ready. */
export const APP_SCHEME_PRIVILEGES = Object.freeze({
  scheme: APP_SCHEME,
  privileges: Object.freeze({ standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, codeCache: true }),
});

const MIME: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

export type Resolved = { ok: true; file: string; spa: boolean } | { ok: false; status: 400 | 404; reason: string };

/** Matches `..` as a whole segment, raw or percent-encoded (any case, any mix). */
const DOT_DOT = /(^|[\\/])(\.|%2e){2}($|[\\/])/i;
const ENCODED_DANGER = /%(00|2f|5c|2e%2e|2e\.|\.%2e)/i;

/**
 * Maps an app URL to a file inside `rendererDir`, or refuses it. Refused: another host or
 * scheme, `..` segments (raw or encoded), encoded slashes, backslashes, NUL bytes, absolute
 * or drive-letter paths, and anything whose resolved path leaves the folder. A path with no
 * extension is a client-side route and gets index.html.
 */
export function resolveAppPath(rendererDir: string, rawUrl: string): Resolved {
  const refuse = (reason: string): Resolved => ({ ok: false, status: 400, reason });
  if (rawUrl.includes('\0')) return refuse('NUL byte');
  const prefix = `${APP_SCHEME}://${APP_HOST}`;
  if (!rawUrl.toLowerCase().startsWith(`${prefix}/`) && rawUrl.toLowerCase() !== prefix) return refuse('foreign origin');
  const rawPath = rawUrl.slice(prefix.length).split(/[?#]/, 1)[0] ?? '';
  if (DOT_DOT.test(rawPath) || ENCODED_DANGER.test(rawPath)) return refuse('path traversal');
  if (rawPath.includes('\\')) return refuse('backslash');
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return refuse('malformed escape');
  }
  if (decoded.includes('\0')) return refuse('NUL byte');
  if (decoded.includes('\\') || DOT_DOT.test(decoded)) return refuse('path traversal');
  const relative = decoded.replace(/^\/+/, '');
  if (decoded.startsWith('//') || path.isAbsolute(relative) || /^[a-z]:/i.test(relative)) return refuse('absolute path');

  const root = path.resolve(rendererDir);
  const wanted = relative === '' ? 'index.html' : relative;
  const file = path.resolve(root, wanted);
  if (file !== root && !file.startsWith(root + path.sep)) return refuse('outside the renderer folder');
  const spa = path.extname(wanted) === '';
  return { ok: true, file: spa ? path.join(root, 'index.html') : file, spa };
}

export interface FileReader {
  readFile(file: string): Promise<Uint8Array>;
  /** The real path (symlinks resolved), to refuse links leaving the folder. */
  realpath(file: string): Promise<string>;
}

const nodeReader: FileReader = { readFile: (f) => fs.readFile(f), realpath: (f) => fs.realpath(f) };

function respond(status: number, body: BodyInit | null, contentType: string): Response {
  return new Response(body, { status, headers: { ...SECURITY_HEADERS, 'Content-Type': contentType, 'Cache-Control': 'no-cache' } });
}

/** The protocol handler: every response, errors included, carries SECURITY_HEADERS (the CSP). */
export function appProtocolHandler(
  rendererDir: string,
  log: Log,
  reader: FileReader = nodeReader,
): (request: { url: string; method: string }) => Promise<Response> {
  const text = 'text/plain; charset=utf-8';
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return respond(405, 'Method not allowed', text);
    const resolved = resolveAppPath(rendererDir, request.url);
    if (!resolved.ok) {
      log(`protocol: refused ${JSON.stringify(request.url)}: ${resolved.reason}`);
      return respond(resolved.status, 'Bad request', text);
    }
    try {
      const root = await reader.realpath(path.resolve(rendererDir));
      const real = await reader.realpath(resolved.file);
      if (real !== root && !real.startsWith(root + path.sep)) {
        log(`protocol: refused ${JSON.stringify(request.url)}: link leaves the renderer folder`);
        return respond(400, 'Bad request', text);
      }
      const body = await reader.readFile(real);
      const type = MIME[path.extname(real).toLowerCase()] ?? 'application/octet-stream';
      return respond(200, request.method === 'HEAD' ? null : new Uint8Array(body), type);
    } catch {
      return respond(404, 'Not found', text);
    }
  };
}

/** Serves `rendererDir` on app://callboard/. */
export function registerAppProtocol(protocol: ProtocolLike, rendererDir: string, log: Log, reader?: FileReader): void {
  protocol.handle(APP_SCHEME, appProtocolHandler(rendererDir, log, reader));
}
