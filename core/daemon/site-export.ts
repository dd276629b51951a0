import fs from 'node:fs';
import path from 'node:path';
import { CallboardError, toCallboardError } from '../errors.ts';

type Call = (procedure: string, input: unknown) => Promise<unknown>;

/**
 * `callboard site build --out DIR`: renders the site through the API (`site.render`), writes
 * its files under DIR and fetches each media file it shows (`site.mediaFile`). Works the same
 * against a running daemon or the store opened by the CLI.
 */
export async function writeSiteTo(dir: string, call: Call): Promise<{ dir: string; files: number; pages: number; productions: number; media: number; missingMedia: number }> {
  const site = (await call('site.render', {})) as { files: Record<string, string>; media: Array<{ path: string; hash: string }>; pages: number; productions: number };
  fs.mkdirSync(dir, { recursive: true });
  const root = path.resolve(dir);
  const write = (rel: string, data: string | Buffer) => {
    const file = path.resolve(root, rel);
    if (!file.startsWith(root + path.sep)) throw new CallboardError('internal', `site path escapes the folder: ${rel}`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, data);
  };
  for (const [rel, text] of Object.entries(site.files)) write(rel, text);
  let missing = 0;
  for (const m of site.media) {
    try {
      const f = (await call('site.mediaFile', { hash: m.hash })) as { base64: string };
      write(m.path, Buffer.from(f.base64, 'base64'));
    } catch (err) {
      if (toCallboardError(err).code !== 'not_found') throw err;
      missing++;
    }
  }
  return { dir: root, files: Object.keys(site.files).length, pages: site.pages, productions: site.productions, media: site.media.length - missing, missingMedia: missing };
}
