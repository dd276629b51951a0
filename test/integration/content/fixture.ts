import type { Principal } from '../../../core/api/procedure.ts';
import { addAsset, newAssetId, saveGallery } from '../../../core/media/assets.ts';
import type { Asset } from '../../../core/media/model.ts';
import { createTestApp, type TestApp } from '../../fixtures/app.ts';

export interface ContentFixture {
  t: TestApp;
  admin: Principal;
  priya: Principal;
  priyaId: string;
  call<T = unknown>(who: Principal, name: string, input?: unknown): Promise<T>;
  /** A published photo with alt text in production `earnest-2026`. */
  photo: Asset;
  video: Asset;
  cleanup(): void;
}

export const SECTIONS = [
  { id: 'about', title: 'About' },
  { id: 'season', title: 'Season' },
  { id: 'costumes', title: 'Costumes', ownerRole: 'costume-designer' },
];

/** Sections About, Season, Costumes; Priya holds Costume designer (content.edit on section:costumes only); one production with a photo and a video. */
export async function contentFixture(): Promise<ContentFixture> {
  const t = await createTestApp();
  const call = async <T,>(who: Principal, name: string, input: unknown = {}) => (await t.app.dispatcher.call(who, name, input)) as T;
  const admin = t.admin;
  await call(admin, 'roles.create', { id: 'costume-designer', name: 'Costume designer', parents: ['section-editor'] });
  for (const s of SECTIONS) await call(admin, 'sections.create', s);
  await call(admin, 'grants.add', { roleId: 'costume-designer', action: 'content.edit', scope: 'section:costumes' });
  const priyaUser = await call<{ id: string }>(admin, 'users.create', { name: 'Priya Natarajan', email: 'priya@example.org', roles: ['costume-designer'] });
  await call(admin, 'productions.create', { id: 'earnest-2026', title: 'The Importance of Being Earnest', season: '2025-26', opening: '2026-04-10', closing: '2026-04-26' });
  const now = t.clock.now();
  const base = {
    productionId: 'earnest-2026',
    category: 'production-photos',
    tags: [],
    credit: { personId: null, name: 'Tomás Ruiz' },
    takenAt: null,
    durationSec: null,
    size: 1000,
    filename: 'photo.jpg',
    poster: null,
    createdAt: now,
    createdBy: t.adminId,
    updatedAt: now,
  };
  const photo: Asset = {
    ...base,
    id: newAssetId(),
    kind: 'photo',
    title: 'Lady Bracknell',
    caption: 'Lady Bracknell takes tea',
    alt: 'An actor in a large feathered hat holds a teacup',
    width: 1600,
    height: 1067,
    hash: 'a'.repeat(64),
    mime: 'image/jpeg',
    published: true,
    embed: null,
  };
  const video: Asset = {
    ...base,
    id: newAssetId(),
    kind: 'video',
    title: 'Trailer',
    caption: '',
    alt: '',
    width: null,
    height: null,
    hash: null,
    size: 0,
    mime: 'video/x-youtube',
    filename: '',
    published: true,
    embed: { provider: 'youtube', videoId: 'dQw4w9WgXcQ', start: null, hash: null },
  };
  t.app.store.transaction(() => {
    addAsset(t.app.store, photo);
    addAsset(t.app.store, video);
    saveGallery(t.app.store, {
      id: 'rehearsals',
      productionId: 'earnest-2026',
      title: 'In rehearsal',
      description: '',
      items: [{ productionId: 'earnest-2026', assetId: photo.id }],
      filter: null,
      cover: null,
      createdAt: now,
      updatedAt: now,
    });
  });
  return { t, admin, priya: t.app.localPrincipal(priyaUser.id), priyaId: priyaUser.id, call, photo, video, cleanup: t.cleanup };
}

export const para = (text: string) => ({ type: 'text', style: 'paragraph', spans: [{ text }] });
