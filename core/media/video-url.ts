import { CallboardError } from '../errors.ts';
import type { VideoEmbed } from './model.ts';

/**
 * Parses a YouTube or Vimeo link as people paste it (watch pages, youtu.be, /embed/,
 * youtube-nocookie, shorts, live, vimeo.com/<id>, unlisted `vimeo.com/<id>/<hash>`,
 * player.vimeo.com) into an embed that always plays through the privacy-enhanced player.
 * Anything else (other hosts, credentials or ports in the URL, malformed ids, non-http
 * schemes) is `invalid` with the reason.
 */
const YOUTUBE_HOSTS = new Set(['youtube.com', 'www.youtube.com', 'm.youtube.com', 'music.youtube.com', 'youtube-nocookie.com', 'www.youtube-nocookie.com']);
const YOUTU_BE = new Set(['youtu.be', 'www.youtu.be']);
const VIMEO_HOSTS = new Set(['vimeo.com', 'www.vimeo.com', 'player.vimeo.com']);
const YT_ID = /^[A-Za-z0-9_-]{11}$/;
const VIMEO_ID = /^[0-9]{1,12}$/;
const VIMEO_HASH = /^[0-9a-f]{6,20}$/;

function bad(reason: string): CallboardError {
  return new CallboardError('invalid', `url: ${reason}`, { field: 'url' });
}

/** `90`, `90s`, `1m30s`, `1h2m3s`, `01:30` → seconds; null when absent or unreadable. */
export function parseStart(value: string | null | undefined): number | null {
  if (!value) return null;
  const v = value.trim();
  let seconds: number | null = null;
  if (/^\d{1,6}$/.test(v)) seconds = Number(v);
  else if (/^\d{1,6}s$/.test(v)) seconds = Number(v.slice(0, -1));
  else {
    const m = /^(?:(\d{1,3})h)?(?:(\d{1,4})m)?(?:(\d{1,5})s)?$/.exec(v);
    if (m && (m[1] || m[2] || m[3])) seconds = Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0);
    const c = /^(?:(\d{1,3}):)?(\d{1,2}):(\d{2})$/.exec(v);
    if (c) seconds = Number(c[1] ?? 0) * 3600 + Number(c[2]) * 60 + Number(c[3]);
  }
  return seconds !== null && seconds > 0 && seconds < 100 * 3600 ? seconds : null;
}

export function parseVideoUrl(input: string): VideoEmbed {
  const raw = input.trim();
  if (raw === '') throw bad('paste a YouTube or Vimeo link');
  if (raw.length > 2048) throw bad('the link is too long');
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:/i.test(raw) ? raw : `https://${raw}`);
  } catch {
    throw bad('not a web address');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw bad(`links must be http(s), not ${url.protocol}`);
  if (url.username || url.password) throw bad('a video link must not carry a user name or password');
  if (url.port) throw bad('a video link must not name a port');
  const host = url.hostname.toLowerCase();
  const segments = url.pathname.split('/').filter(Boolean);

  if (YOUTU_BE.has(host)) {
    return youtube(segments[0], url);
  }
  if (YOUTUBE_HOSTS.has(host)) {
    const [first, second] = segments;
    if (first === 'watch' && segments.length === 1) return youtube(url.searchParams.get('v') ?? undefined, url);
    if (first && ['embed', 'shorts', 'live', 'v', 'e'].includes(first) && segments.length === 2) return youtube(second, url);
    throw bad('this YouTube address is not a video (use its watch, share, embed or shorts link)');
  }
  if (VIMEO_HOSTS.has(host)) {
    let id: string | undefined;
    let hash: string | null = url.searchParams.get('h');
    if (host === 'player.vimeo.com') {
      if (segments[0] === 'video' && segments.length === 2) id = segments[1];
    } else if (segments.length >= 1 && VIMEO_ID.test(segments[0]!)) {
      id = segments[0];
      if (segments.length === 2) hash = segments[1]!;
      else if (segments.length > 2) id = undefined;
    } else if (segments[0] === 'channels' && segments.length === 3) id = segments[2];
    else if (segments[0] === 'groups' && segments[2] === 'videos' && segments.length === 4) id = segments[3];
    if (!id || !VIMEO_ID.test(id)) throw bad('this Vimeo address is not a video');
    if (hash !== null && !VIMEO_HASH.test(hash)) throw bad('the Vimeo privacy hash is malformed');
    const t = /(?:^|&)t=([^&]+)/.exec(url.hash.replace(/^#/, ''))?.[1];
    return { provider: 'vimeo', videoId: id, start: parseStart(t), hash };
  }
  throw bad('only YouTube and Vimeo links can be embedded');
}

function youtube(id: string | undefined, url: URL): VideoEmbed {
  if (!id || !YT_ID.test(id)) throw bad('the YouTube video id is missing or malformed');
  const start = parseStart(url.searchParams.get('t') ?? url.searchParams.get('start') ?? /(?:^|&)t=([^&]+)/.exec(url.hash.replace(/^#/, ''))?.[1]);
  return { provider: 'youtube', videoId: id, start, hash: null };
}

/** The privacy-enhanced player address of an embed (youtube-nocookie; Vimeo with dnt=1). */
export function embedUrl(e: VideoEmbed): string {
  if (e.provider === 'youtube') {
    return `https://www.youtube-nocookie.com/embed/${e.videoId}${e.start ? `?start=${e.start}` : ''}`;
  }
  const params = new URLSearchParams();
  if (e.hash) params.set('h', e.hash);
  params.set('dnt', '1');
  return `https://player.vimeo.com/video/${e.videoId}?${params.toString()}${e.start ? `#t=${e.start}s` : ''}`;
}

/** The public page of an embed, for "open on YouTube/Vimeo" links. */
export function watchUrl(e: VideoEmbed): string {
  if (e.provider === 'youtube') return `https://www.youtube.com/watch?v=${e.videoId}${e.start ? `&t=${e.start}s` : ''}`;
  return `https://vimeo.com/${e.videoId}${e.hash ? `/${e.hash}` : ''}${e.start ? `#t=${e.start}s` : ''}`;
}
