import type { Clock } from '../clock.ts';
import type { Projection } from '../store/projection.ts';
import type { Store } from '../store/store.ts';
import { productionsProjection } from '../calendar/production.ts';
import { calendarProjection } from '../calendar/projection.ts';
import { CalendarService } from '../calendar/service.ts';
import { FeedStore } from '../calendar/feeds.ts';
import { venuesProjection } from '../calendar/venue.ts';
import { ticketingProjection } from '../ticketing/projection.ts';
import { BoxOffice } from '../ticketing/service.ts';
import { directoryProjections } from '../directory/projection.ts';
import { mediaAssetsProjection, mediaGalleriesProjection } from '../media/projection.ts';
import { MediaService } from '../media/service.ts';
import { blobChannel } from '../media/blob-channel.ts';
import { contentPagesProjection } from '../content/projection.ts';
import { ContentService } from '../content/service.ts';
import type { SyncChannel } from '../sync/channels.ts';
import type { Services } from './services.ts';

export interface ModuleContext {
  store: Store;
  clock: Clock;
  dataDir: string;
}

/**
 * A domain module as the composition root sees it: its projections and the services its
 * procedures use. Its procedures go in core/api/table.ts; its services' types are added to
 * `Services` by declaration merging (`declare module './services.ts'`) next to its procedures.
 */
export interface DomainModule {
  name: string;
  projections?: readonly Projection[];
  services?: (ctx: ModuleContext) => Partial<Services>;
  /** Extension channels this module runs over peer connections (core/sync/channels.ts), e.g. blob transfer. */
  syncChannels?: (services: Services) => readonly SyncChannel[];
  /** Called by App.close(). */
  close?: () => void;
}

/** Every domain module, in dependency order. Add one line per module. */
export const domainModules: DomainModule[] = [
  { name: 'productions', projections: [productionsProjection as Projection] },
  { name: 'calendar', projections: [venuesProjection as Projection, calendarProjection as Projection], services: ({ store, clock }) => ({ calendar: new CalendarService(store, clock), calendarFeeds: new FeedStore(store.db, clock) }) },
  { name: 'ticketing', projections: [ticketingProjection as Projection], services: ({ store }) => ({ boxOffice: new BoxOffice(store) }) },
  { name: 'directory', projections: directoryProjections as unknown as Projection[] },
  { name: 'media', projections: [mediaAssetsProjection, mediaGalleriesProjection] as Projection[], services: (ctx) => ({ media: new MediaService({ ...ctx, env: process.env }) }), syncChannels: (s) => [blobChannel(s.media.transfers)] },
  { name: 'content', projections: [contentPagesProjection as Projection], services: (ctx) => ({ content: new ContentService(ctx) }) },
];
