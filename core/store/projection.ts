import type * as A from '@automerge/automerge';
import type { SqliteDatabase } from './database.ts';

export interface ProjectionUpdate<T = unknown> {
  docId: string;
  type: string;
  scope: string;
  /** The document at the heads being indexed. */
  doc: A.Doc<T>;
  /** Automerge.diff from the last indexed heads (or from the empty document) to `doc`. */
  patches: A.Patch[];
  /** The heads indexed before this update, or null when the document is indexed for the first time. */
  fromHeads: A.Heads | null;
}

/**
 * A projection: plain tables derived from documents of some types, kept up to date from
 * each document's patches. The store records the heads it indexed in the same SQLite
 * transaction as the rows, so a restart catches up from there; `clear` + re-apply of every
 * document from empty rebuilds it (`callboard reindex`).
 */
export interface Projection<T = unknown> {
  readonly name: string;
  /** Bump when the tables or their derivation change: the store then rebuilds on open. */
  readonly version: number;
  readonly docTypes: readonly string[];
  /** Creates the projection's tables if they do not exist. */
  setup(db: SqliteDatabase): void;
  /** Deletes every row (before a rebuild). */
  clear(db: SqliteDatabase): void;
  /** Brings the rows derived from one document up to date. */
  apply(db: SqliteDatabase, update: ProjectionUpdate<T>): void;
  /** Removes the rows derived from one document. */
  remove?(db: SqliteDatabase, docId: string): void;
}
