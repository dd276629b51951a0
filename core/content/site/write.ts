import fs from 'node:fs';
import path from 'node:path';
import type { SiteBuild } from './build.ts';

/**
 * Writes a built site's text files into `dir` atomically: into a fresh sibling folder that
 * then replaces `dir` (so the daemon never serves a half-written site). Media blobs are not
 * copied here: `media.json` lists them, the daemon streams them from the blob store, and
 * `callboard site build --out` fetches them through the API.
 */
export function writeSiteAtomically(dir: string, build: SiteBuild, stamp: number): void {
  const parent = path.dirname(dir);
  fs.mkdirSync(parent, { recursive: true });
  const tmp = fs.mkdtempSync(path.join(parent, `.${path.basename(dir)}-`));
  try {
    writeSiteFiles(tmp, build);
    fs.writeFileSync(path.join(tmp, 'media.json'), JSON.stringify({ builtAt: stamp, media: build.media }, null, 1));
    const old = `${tmp}-old`;
    if (fs.existsSync(dir)) fs.renameSync(dir, old);
    fs.renameSync(tmp, dir);
    fs.rmSync(old, { recursive: true, force: true });
  } catch (err) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
}

export function writeSiteFiles(dir: string, build: SiteBuild): void {
  for (const [rel, text] of Object.entries(build.files)) {
    const file = path.resolve(dir, rel);
    if (!file.startsWith(path.resolve(dir) + path.sep)) throw new Error(`site path escapes the folder: ${rel}`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  }
}
