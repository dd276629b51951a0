import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import type { App } from '../../api/app.ts';
import type { Principal } from '../../api/procedure.ts';

/**
 * The demo's production media: small generated "photos" (colored gradients with EXIF
 * capture dates), a poster per show, YouTube trailers, a short rehearsal clip (when ffmpeg is
 * installed: its poster frame and duration come from the upload) and one gallery per
 * production, all through the API (upload sessions, chunks, completion) so they are
 * validated and audited.
 */

/** A 3-second MP4 panning over a still (the show's poster), made with ffmpeg; null without ffmpeg. */
async function rehearsalClip(still: Buffer, ffmpeg: string): Promise<Buffer | null> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cb-demo-clip-'));
  try {
    const src = path.join(dir, 'still.jpg');
    const out = path.join(dir, 'clip.mp4');
    fs.writeFileSync(src, still);
    await new Promise<void>((resolve, reject) =>
      execFile(
        ffmpeg,
        ['-v', 'error', '-loop', '1', '-i', src, '-t', '3', '-r', '12', '-vf', "scale=320:480,crop=320:240:0:'t*80'", '-pix_fmt', 'yuv420p', '-movflags', '+faststart', '-y', out],
        { timeout: 20_000 },
        (err) => (err ? reject(err) : resolve()),
      ),
    );
    return fs.readFileSync(out);
  } catch {
    return null;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
interface DemoPhoto {
  file: string;
  title: string;
  alt: string;
  caption: string;
  category: string;
  tags: string[];
  date: string;
  colors: [string, string];
  publish: boolean;
}

interface DemoShow {
  title: string;
  trailer: string;
  photos: DemoPhoto[];
  poster: { colors: [string, string]; alt: string };
}

const SHOWS: DemoShow[] = [
  {
    title: 'Into the Woods',
    trailer: 'https://www.youtube.com/watch?v=LcWLNxzUkj0&t=5s',
    poster: { colors: ['#1f3d2b', '#c9a227'], alt: 'Poster for Into the Woods: a dark forest path under a golden moon' },
    photos: [
      { file: 'itw-rehearsal-01.jpg', title: 'First read-through', alt: 'The cast seated in a circle reading scripts in the studio', caption: 'Everyone together for the first time.', category: 'rehearsal', tags: ['read-through'], date: '2026:08:18 18:42:10', colors: ['#6b8f71', '#f2e8cf'], publish: true },
      { file: 'itw-act2-01.jpg', title: 'The Giant approaches', alt: 'The Baker, the Witch and Little Red looking up in alarm', caption: 'Act 2 at the first dress rehearsal.', category: 'production-photos', tags: ['Act 2', 'dress rehearsal'], date: '2026:10:05 20:31:02', colors: ['#243b55', '#141e30'], publish: true },
      { file: 'itw-act2-02.jpg', title: 'No One Is Alone', alt: 'Cinderella comforting Little Red on a moonlit stage', caption: '', category: 'production-photos', tags: ['Act 2', 'dress rehearsal'], date: '2026:10:05 21:12:44', colors: ['#355c7d', '#c06c84'], publish: false },
    ],
  },
  {
    title: 'The Importance of Being Earnest',
    trailer: 'https://youtu.be/9bZkp7q19f0',
    poster: { colors: ['#f7d6e0', '#5c3d2e'], alt: 'Poster for The Importance of Being Earnest: a teacup and a handbag on a pink ground' },
    photos: [
      { file: 'earnest-act1-01.jpg', title: 'Cucumber sandwiches', alt: 'Algernon eating sandwiches while Jack looks on, in a drawing room', caption: 'Act 1, Algernon’s flat.', category: 'production-photos', tags: ['Act 1', 'dress rehearsal'], date: '2026:04:08 19:55:30', colors: ['#e8d5b7', '#0e2431'], publish: true },
      { file: 'earnest-act2-01.jpg', title: 'A handbag?', alt: 'Lady Bracknell in a feathered hat, scandalised', caption: '', category: 'production-photos', tags: ['Act 2', 'dress rehearsal'], date: '2026:04:08 21:03:11', colors: ['#b56576', '#355070'], publish: true },
      { file: 'earnest-bts-01.jpg', title: 'Wig room', alt: 'Wigs on stands backstage before a performance', caption: 'Priya’s wig room, opening night.', category: 'behind-the-scenes', tags: ['backstage'], date: '2026:04:10 18:15:00', colors: ['#8e9aaf', '#efd3d7'], publish: false },
    ],
  },
  {
    title: 'A Christmas Carol',
    trailer: 'https://www.youtube-nocookie.com/embed/kJQP7kiw5Fk',
    poster: { colors: ['#8b0000', '#0b3d0b'], alt: 'Poster for A Christmas Carol: snow falling on a red door with a holly wreath' },
    photos: [
      { file: 'carol-rehearsal-01.jpg', title: 'Blocking the ghosts', alt: 'The director walking actors through the Ghost of Christmas Past scene', caption: '', category: 'rehearsal', tags: ['Act 1'], date: '2026:11:14 10:20:00', colors: ['#4a4e69', '#c9ada7'], publish: false },
      { file: 'carol-act2-01.jpg', title: 'Christmas morning', alt: 'Scrooge throwing open a window onto a snowy street', caption: 'The final scene at dress rehearsal.', category: 'production-photos', tags: ['Act 2', 'dress rehearsal'], date: '2026:12:02 20:48:19', colors: ['#f8f9fa', '#9d0208'], publish: true },
    ],
  },
];

/** A diagonal two-color gradient JPEG with an EXIF capture date (no location). */
async function gradient(colors: [string, string], width: number, height: number, date: string): Promise<Buffer> {
  const [a, b] = colors.map((c) => [1, 3, 5].map((i) => parseInt(c.slice(i, i + 2), 16))) as [number[], number[]];
  const raw = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const t = (x / width + y / height) / 2;
      const o = (y * width + x) * 3;
      for (let k = 0; k < 3; k++) raw[o + k] = Math.round(a[k]! * (1 - t) + b[k]! * t);
    }
  }
  return sharp(raw, { raw: { width, height, channels: 3 } })
    .withExif({ IFD0: { Make: 'Fujifilm', Model: 'X-T4', Artist: 'Tomás Ruiz' }, IFD2: { DateTimeOriginal: date } })
    .jpeg({ quality: 80 })
    .toBuffer();
}

async function uploadBytes(app: App, admin: Principal, production: string, filename: string, bytes: Buffer, meta: Record<string, unknown>): Promise<{ id: string }> {
  const call = (p: string, i: unknown) => app.dispatcher.call(admin, p, i);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const { uploadId } = (await call('media.beginUpload', { production, filename, size: bytes.length, sha256 })) as { uploadId: string };
  await app.services.media.uploads.writeChunk({ userId: admin.userId, uploadId, offset: 0, bytes, sha256 });
  return (await call('media.completeUpload', { production, uploadId, ...meta })) as { id: string };
}

export async function seedMediaDemo(app: App, admin: Principal): Promise<void> {
  const call = (p: string, i: unknown) => app.dispatcher.call(admin, p, i);
  const hasDirectory = app.store.db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'directory_people'").get();
  const tomasId = hasDirectory
    ? ((app.store.db.prepare("SELECT id FROM directory_people WHERE name = 'Tomás Ruiz' AND merged_into IS NULL").pluck().get() as string | undefined) ?? null)
    : null;
  const credit = { personId: tomasId, name: 'Tomás Ruiz' };
  await call('media.addCategory', { name: 'Cast parties' });
  for (const show of SHOWS) {
    const production = app.store.db.prepare('SELECT id FROM productions WHERE title = ? ORDER BY season DESC LIMIT 1').pluck().get(show.title) as string | undefined;
    if (!production) continue;
    const items: Array<{ production: string; assetId: string }> = [];
    for (const p of show.photos) {
      const bytes = await gradient(p.colors, 960, 640, p.date);
      const a = await uploadBytes(app, admin, production, p.file, bytes, { title: p.title, alt: p.alt, caption: p.caption, category: p.category, tags: p.tags, credit });
      if (p.publish) await call('media.publish', { production, assetId: a.id });
      items.push({ production, assetId: a.id });
    }
    const posterBytes = await gradient(show.poster.colors, 480, 720, show.photos[0]!.date);
    const poster = await uploadBytes(app, admin, production, `${production}-poster.jpg`, posterBytes, {
      kind: 'poster',
      title: `${show.title} poster`,
      alt: show.poster.alt,
      category: 'posters-marketing',
      tags: ['poster'],
      credit: { personId: null, name: 'Grace Whitfield' },
    });
    await call('media.publish', { production, assetId: poster.id });
    if (show === SHOWS[0]) {
      const clip = await rehearsalClip(posterBytes, app.services.media.config.ffmpeg);
      if (clip) {
        await uploadBytes(app, admin, production, 'act1-blocking.mp4', clip, {
          title: 'Act 1 blocking rehearsal (excerpt)',
          caption: 'Phone video from the first blocking rehearsal, for the cast to review.',
          category: 'rehearsal',
          tags: ['rehearsal', 'Act 1'],
          credit: { personId: null, name: 'Dev Okafor' },
        });
      }
    }
    const trailer = (await call('media.addVideo', { production, url: show.trailer, title: `${show.title} trailer`, category: 'posters-marketing', tags: ['trailer'] })) as { id: string };
    await call('media.publish', { production, assetId: trailer.id });
    await call('media.saveGallery', {
      production,
      title: `${show.title}: highlights`,
      description: `Photos from ${show.title}, chosen for the website.`,
      items: [{ production, assetId: poster.id }, ...items, { production, assetId: trailer.id }],
      cover: items.find((_, i) => show.photos[i]!.category === 'production-photos') ?? items[0]!,
      filter: null,
    });
  }
}
