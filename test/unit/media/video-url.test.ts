import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CallboardError } from '../../../core/errors.ts';
import { embedUrl, parseStart, parseVideoUrl } from '../../../core/media/video-url.ts';

const ID = 'dQw4w9WgXcQ';

describe('parseVideoUrl: links people paste', () => {
  it.each([
    [`https://www.youtube.com/watch?v=${ID}`, 'youtube', ID, null, null],
    [`https://youtube.com/watch?v=${ID}&t=90`, 'youtube', ID, 90, null],
    [`https://m.youtube.com/watch?feature=share&v=${ID}&t=1m30s`, 'youtube', ID, 90, null],
    [`www.youtube.com/watch?v=${ID}`, 'youtube', ID, null, null],
    [`http://www.youtube.com/watch?v=${ID}#t=45`, 'youtube', ID, 45, null],
    [`https://youtu.be/${ID}`, 'youtube', ID, null, null],
    [`https://youtu.be/${ID}?si=abc&t=42`, 'youtube', ID, 42, null],
    [`https://www.youtube.com/embed/${ID}?start=10`, 'youtube', ID, 10, null],
    [`https://www.youtube-nocookie.com/embed/${ID}`, 'youtube', ID, null, null],
    [`https://youtube.com/shorts/${ID}`, 'youtube', ID, null, null],
    [`https://www.youtube.com/live/${ID}?t=1h2m3s`, 'youtube', ID, 3723, null],
    ['https://vimeo.com/76979871', 'vimeo', '76979871', null, null],
    ['https://vimeo.com/76979871#t=1m2s', 'vimeo', '76979871', 62, null],
    ['https://vimeo.com/76979871/8272103f6e', 'vimeo', '76979871', null, '8272103f6e'],
    ['https://player.vimeo.com/video/76979871?h=8272103f6e', 'vimeo', '76979871', null, '8272103f6e'],
    ['https://vimeo.com/channels/staffpicks/76979871', 'vimeo', '76979871', null, null],
    ['https://vimeo.com/groups/theatre/videos/76979871', 'vimeo', '76979871', null, null],
  ])('%s', (url, provider, videoId, start, hash) => {
    expect(parseVideoUrl(url)).toEqual({ provider, videoId, start, hash });
  });
});

describe('parseVideoUrl: broken and hostile links are invalid', () => {
  it.each([
    ['', 'paste a YouTube or Vimeo link'],
    ['   ', 'paste'],
    ['not a url at all', 'not a web address|only YouTube'],
    ['javascript:alert(1)//youtube.com/watch?v=dQw4w9WgXcQ', 'http\\(s\\)'],
    [`data:text/html,<script>alert(1)</script>`, 'http\\(s\\)'],
    [`ftp://youtube.com/watch?v=${ID}`, 'http\\(s\\)'],
    [`https://evil.example/watch?v=${ID}`, 'only YouTube and Vimeo'],
    [`https://youtube.com.evil.example/watch?v=${ID}`, 'only YouTube and Vimeo'],
    [`https://user:pass@youtube.com/watch?v=${ID}`, 'user name or password'],
    [`https://youtube.com:8443/watch?v=${ID}`, 'port'],
    ['https://www.youtube.com/watch', 'missing or malformed'],
    ['https://www.youtube.com/watch?v=short', 'missing or malformed'],
    ['https://www.youtube.com/watch?v=dQw4w9WgXcQ"><script>', 'missing or malformed'],
    ['https://youtu.be/', 'missing or malformed'],
    ['https://www.youtube.com/channel/UC123', 'not a video'],
    [`https://www.youtube.com/embed/${ID}/extra`, 'not a video'],
    ['https://vimeo.com/about', 'not a video'],
    ['https://vimeo.com/76979871/not-a-hash!', 'privacy hash'],
    ['https://player.vimeo.com/video/abc', 'not a video'],
    [`https://www.youtube.com/watch?v=${ID}&${'x'.repeat(2100)}`, 'too long'],
  ])('%j', (url, reason) => {
    let err: unknown;
    try {
      parseVideoUrl(url);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CallboardError);
    expect((err as CallboardError).code).toBe('invalid');
    expect((err as CallboardError).details).toEqual({ field: 'url' });
    expect((err as CallboardError).message).toMatch(new RegExp(reason));
  });

  it('never throws anything but invalid, whatever the string (property)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.webUrl(), fc.webUrl().map((u) => u.replace(/^https?:\/\/[^/]+/, 'https://youtube.com'))), (s) => {
        try {
          const e = parseVideoUrl(s);
          expect(embedUrl(e)).toMatch(/^https:\/\/(www\.youtube-nocookie\.com\/embed\/[A-Za-z0-9_-]{11}|player\.vimeo\.com\/video\/\d+\?)/);
        } catch (err) {
          expect((err as CallboardError).code).toBe('invalid');
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('embedUrl', () => {
  it('uses the privacy-enhanced players', () => {
    expect(embedUrl(parseVideoUrl(`https://youtu.be/${ID}?t=42`))).toBe(`https://www.youtube-nocookie.com/embed/${ID}?start=42`);
    expect(embedUrl(parseVideoUrl('https://vimeo.com/76979871/8272103f6e#t=5s'))).toBe(
      'https://player.vimeo.com/video/76979871?h=8272103f6e&dnt=1#t=5s',
    );
  });
  it.each([['90', 90], ['1m', 60], ['2:05', 125], ['1:00:01', 3601], ['0', null], ['abc', null], [null, null]])('start %j → %j', (v, s) => {
    expect(parseStart(v)).toBe(s);
  });
});
