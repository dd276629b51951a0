import path from 'node:path';
import type { Clock } from '../clock.ts';
import type { Store } from '../store/store.ts';
import { PresenceBoard } from './presence.ts';

/** The content module's long-lived parts: the presence board and where the built site goes. */
export class ContentService {
  readonly presence: PresenceBoard;
  readonly siteDir: string;
  readonly store: Store;

  constructor(options: { store: Store; clock: Clock; dataDir: string; presenceTtlMs?: number }) {
    this.store = options.store;
    this.presence = new PresenceBoard(options.clock, options.presenceTtlMs);
    this.siteDir = path.join(options.dataDir, 'site');
  }
}
