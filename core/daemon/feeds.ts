import type { HttpBindings } from '@hono/node-server';
import type { Hono } from 'hono';
import type { App } from '../api/app.ts';
import { toCallboardError, HTTP_STATUS } from '../errors.ts';

/**
 * Calendar feeds: `GET /feeds/<secret>.ics` serves a feed created with
 * `calendar.feeds.create`. The secret is the credential; the export runs through the
 * dispatcher as the feed's creator, so it shows only what they may see today. An unknown
 * or revoked secret, or a creator no longer active, answers 404.
 */
export function mountCalendarFeeds(http: Hono<{ Bindings: HttpBindings }>, app: App): void {
  http.get('/feeds/:file', async (c) => {
    const file = c.req.param('file');
    const notFound = () => c.text('No such calendar feed\n', 404);
    if (!file.endsWith('.ics')) return notFound();
    const feed = app.services.calendarFeeds.resolve(file.slice(0, -4));
    if (!feed) return notFound();
    try {
      const principal = app.localPrincipal(feed.userId, 'token');
      const result = (await app.dispatcher.call(principal, 'calendar.export', {
        format: 'ical',
        kind: feed.kind,
        ...(feed.target !== null ? { id: feed.target } : {}),
      })) as { content: string; filename: string };
      c.header('Content-Type', 'text/calendar; charset=utf-8');
      c.header('Content-Disposition', `inline; filename="${result.filename}"`);
      c.header('Cache-Control', 'private, max-age=300');
      return c.body(result.content);
    } catch (err) {
      const e = toCallboardError(err);
      if (e.code === 'unauthenticated' || e.code === 'forbidden' || e.code === 'not_found') return notFound();
      return c.text(`${e.code}: ${e.message}\n`, HTTP_STATUS[e.code] as 500);
    }
  });
}
