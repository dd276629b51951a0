// @vitest-environment jsdom
import { QueryClientProvider } from '@tanstack/react-query';
import { cleanup, configure, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../../renderer/api/api-error.ts';
import { createFakeClient, type FakeClient } from '../../../renderer/api/fake-client.ts';
import type { ProcedureInput, ProcedureOutput } from '../../../renderer/api/types.ts';
import { ClientProvider } from '../../../renderer/data/client-context.tsx';
import { Thumb } from '../../../renderer/screens/media/GalleryGrid.tsx';
import { MediaScreen } from '../../../renderer/screens/media/MediaScreen.tsx';
import { MediaTransferProvider, type ChunkResult, type MediaTransfer } from '../../../renderer/screens/media/transfer.tsx';
import { ErrorsProvider } from '../../../renderer/shell/errors.tsx';
import { testQueryClient } from './render-app.tsx';

// A ceiling for waits on a loaded machine, not a timing assertion.
configure({ asyncUtilTimeout: 5000 });

type Asset = ProcedureOutput<'media.get'>;
const WOODS = 'into-the-woods-2026-27';

function asset(n: number, over: Partial<Asset> = {}): Asset {
  return {
    id: `ast-${n.toString(16).padStart(16, '0')}`,
    productionId: WOODS,
    kind: 'photo',
    category: 'production-photos',
    tags: ['Act 2'],
    title: `Photo ${n}`,
    caption: '',
    alt: '',
    credit: { personId: null, name: 'Tomás Ruiz' },
    takenAt: `2026-10-05T20:${String(n % 60).padStart(2, '0')}:00`,
    width: 960,
    height: 640,
    durationSec: null,
    hash: 'a'.repeat(64),
    size: 1000,
    mime: 'image/jpeg',
    filename: `p${n}.jpg`,
    published: false,
    embed: null,
    poster: null,
    createdAt: 0,
    createdBy: 'u-morgan',
    updatedAt: 0,
    status: 'ready',
    renditions: [],
    processing: { done: 2, total: 2 },
    embedUrl: null,
    watchUrl: null,
    urls: { original: null, thumb: null, web: null },
    ...over,
  };
}

let client: FakeClient;
let assets: Asset[];
let sent: Array<{ uploadId: string; offset: number; size: number }>;
/** Chunks (`uploadId@offset`) whose first attempt fails as a dropped connection would. */
let failOnce: Set<string>;

const transfer: MediaTransfer = {
  available: true,
  sha256: async (b: Blob) => `sha-${b.size}`.padEnd(64, '0'),
  sendChunk: async (uploadId: string, offset: number, chunk: Blob): Promise<ChunkResult> => {
    if (failOnce.delete(`${uploadId}@${offset}`)) throw new ApiError('unavailable', 'The connection dropped');
    sent.push({ uploadId, offset, size: chunk.size });
    return { uploadId, received: offset + chunk.size, size: 0, complete: false };
  },
  imageUrl: async () => null,
};

beforeEach(() => {
  assets = Array.from({ length: 70 }, (_, i) => asset(i + 1));
  sent = [];
  failOnce = new Set();
  client = createFakeClient({
    'productions.list': () => [{ id: WOODS, title: 'Into the Woods', season: '2026-27' }] as unknown as ProcedureOutput<'productions.list'>,
    'media.categories': () => [
      { id: 'production-photos', name: 'Production photos', builtIn: true },
      { id: 'rehearsal', name: 'Rehearsal', builtIn: true },
    ],
    'media.search': (input: ProcedureInput<'media.search'>) => {
      let list = assets.filter((a) => (!input.tag || a.tags.some((t) => t.toLowerCase() === input.tag!.toLowerCase())) && (!input.text || a.title.toLowerCase().includes(input.text.toLowerCase())));
      const start = input.cursor ? Number(input.cursor) : 0;
      const limit = input.limit ?? 50;
      list = list.slice(start, start + limit);
      return { items: list, nextCursor: start + limit < assets.length && !input.tag && !input.text ? String(start + limit) : null };
    },
    'media.get': ({ assetId }) => assets.find((a) => a.id === assetId)!,
    'media.update': ({ assetId, patch }) => {
      const i = assets.findIndex((a) => a.id === assetId);
      assets[i] = { ...assets[i]!, ...(patch as Partial<Asset>), updatedAt: assets[i]!.updatedAt + 1 };
      return assets[i]!;
    },
    'media.publish': ({ assetId }) => {
      const a = assets.find((x) => x.id === assetId)!;
      if (!a.alt) throw new ApiError('invalid', 'alt: an image needs alt text before it is published', { field: 'alt' });
      a.published = true;
      return a;
    },
    'media.tag': ({ assetIds, add }) => {
      for (const id of assetIds) {
        const a = assets.find((x) => x.id === id)!;
        a.tags = [...a.tags, ...(add ?? [])];
      }
      return { changed: assetIds.length };
    },
    'media.beginUpload': ({ filename }) => (filename === 'dup.jpg' ? { uploadId: null, duplicates: [{ assetId: 'ast-1', title: 'Photo 1' }], offset: 0, chunkSize: 4 } : { uploadId: `upl-${filename}`, duplicates: [], offset: 0, chunkSize: 4 }),
    'media.uploadStatus': ({ uploadId }) => ({ uploadId, filename: 'x', size: 10, offset: sent.filter((s) => s.uploadId === uploadId).reduce((n, s) => n + s.size, 0), state: 'receiving', error: null, probe: null }),
    'media.completeUpload': ({ uploadId }) => asset(900, { id: `ast-${'f'.repeat(16)}`, filename: uploadId }),
    'media.integrity': () => ({
      items: [asset(5, { title: 'Ghost of Christmas Past', status: 'corrupt' })],
      blobs: { ok: 12, corrupt: 1 },
      lastCheckedAt: null,
      replicas: ['backup-drive'],
      store: 'filesystem /data/blobs',
    }),
    'media.verify': () => ({ id: 'job-1', kind: 'verify', state: 'done', startedAt: 0, finishedAt: 1, progress: { done: 3, total: 3, bytes: 10, totalBytes: 10, step: 'done' }, result: null, error: null }) as unknown as ProcedureOutput<'media.verify'>,
    'media.transfers': () => ({ missing: 2, missingBytes: 7_400_000, peers: 1, current: { hash: 'ab'.repeat(32), bytes: 1_048_576, size: 5_000_000, from: 'Box office laptop' }, fetched: 3, bytesFetched: 9_000_000, failed: 0, lastError: null, lastFetchedAt: null }),
    'media.jobs': () => [{ id: 'job-1', kind: 'verify', state: 'running', startedAt: 0, finishedAt: null, progress: { done: 1, total: 3, bytes: 4, totalBytes: 10, step: '' }, result: null, error: null }] as unknown as ProcedureOutput<'media.jobs'>,
    'media.galleries': () => [{ id: 'gal-000000000001', productionId: WOODS, title: 'Highlights', description: '', items: [{ productionId: WOODS, assetId: assets[0]!.id }, { productionId: WOODS, assetId: assets[1]!.id }], filter: null, cover: null, createdAt: 0, updatedAt: 0, coverAsset: null }] as unknown as ProcedureOutput<'media.galleries'>,
    'media.saveGallery': (input) => ({ id: 'gal-000000000001', productionId: WOODS, title: input.title, description: '', items: [], filter: null, cover: null, createdAt: 0, updatedAt: 0 }) as unknown as ProcedureOutput<'media.saveGallery'>,
  });
});
afterEach(cleanup);

function renderScreen() {
  return render(
    <ClientProvider client={client}>
      <QueryClientProvider client={testQueryClient()}>
        <ErrorsProvider>
          <MediaTransferProvider transfer={transfer}>
            <MediaScreen />
          </MediaTransferProvider>
        </ErrorsProvider>
      </QueryClientProvider>
    </ClientProvider>,
  );
}

const lastSearch = () => client.calls.filter((c) => c.procedure === 'media.search').at(-1)!.input as Record<string, unknown>;

describe('Media screen', () => {
  it('shows the grid, filters by tag and text, and loads the next page by cursor', async () => {
    renderScreen();
    expect(await screen.findByRole('button', { name: 'Open Photo 1' })).toBeTruthy();
    expect(screen.getByText(/60 shown/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Load more' }));
    await screen.findByText(/70 shown \(all\)/);
    expect(lastSearch()).toMatchObject({ cursor: '60' });
    fireEvent.change(screen.getByLabelText('Tag'), { target: { value: 'Act 2' } });
    await waitFor(() => expect(lastSearch()).toMatchObject({ tag: 'Act 2', limit: 60 }));
    fireEvent.change(screen.getByLabelText('Search'), { target: { value: 'Photo 7' } });
    await waitFor(() => expect(lastSearch()).toMatchObject({ text: 'Photo 7' }));
  });

  it('edits metadata and explains why an image without alt text cannot be published', async () => {
    renderScreen();
    fireEvent.click(await screen.findByRole('button', { name: 'Open Photo 1' }));
    const detail = await screen.findByRole('complementary', { name: 'Asset details' });
    fireEvent.click(await within(detail).findByRole('button', { name: 'Publish on the website' }));
    expect((await within(detail).findByRole('alert')).textContent).toContain('needs alt text');
    fireEvent.change(within(detail).getByLabelText('Alt text'), { target: { value: 'The Baker in the woods' } });
    fireEvent.change(within(detail).getByLabelText('Tags'), { target: { value: 'Act 2, finale' } });
    fireEvent.click(within(detail).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(client.calls.some((c) => c.procedure === 'media.update')).toBe(true));
    const update = client.calls.find((c) => c.procedure === 'media.update')!.input as { patch: { alt: string; tags: string[] } };
    expect(update.patch).toMatchObject({ alt: 'The Baker in the woods', tags: ['Act 2', 'finale'] });
    await waitFor(() => expect(within(screen.getByRole('complementary', { name: 'Asset details' })).getByLabelText('Alt text')).toHaveProperty('value', 'The Baker in the woods'));
    fireEvent.click(within(screen.getByRole('complementary', { name: 'Asset details' })).getByRole('button', { name: 'Publish on the website' }));
    await waitFor(() => expect(assets[0]!.published).toBe(true));
  });

  it('bulk-tags the selected tiles', async () => {
    renderScreen();
    fireEvent.click(await screen.findByRole('checkbox', { name: 'Select Photo 1' }));
    fireEvent.click(screen.getByRole('checkbox', { name: 'Select Photo 2' }));
    const bar = screen.getByRole('region', { name: 'Bulk tagging' });
    expect(bar.textContent).toContain('2 selected');
    fireEvent.change(within(bar).getByLabelText('Tag'), { target: { value: 'dress rehearsal' } });
    fireEvent.click(within(bar).getByRole('button', { name: 'Add tag' }));
    await waitFor(() => expect(client.calls.find((c) => c.procedure === 'media.tag')?.input).toEqual({ production: WOODS, assetIds: [assets[0]!.id, assets[1]!.id], add: ['dress rehearsal'] }));
  });

  it('uploads dropped files with progress, offers duplicates, and retries a failed one from its offset', async () => {
    renderScreen();
    fireEvent.click(screen.getByRole('tab', { name: 'Upload' }));
    const select = await screen.findByLabelText('Production');
    await screen.findByRole('option', { name: 'Into the Woods (2026-27)' });
    fireEvent.change(select, { target: { value: WOODS } });
    const a = new File(['0123456789'], 'a.jpg', { type: 'image/jpeg' });
    const dup = new File(['x'], 'dup.jpg', { type: 'image/jpeg' });
    const b = new File(['abcdefgh'], 'b.jpg', { type: 'image/jpeg' });
    failOnce.add('upl-b.jpg@4');
    fireEvent.drop(screen.getByTestId('media-dropzone'), { dataTransfer: { files: [a, dup, b] } });
    const list = await screen.findByRole('list', { name: 'Uploads' });
    await waitFor(() => expect(within(list).getAllByRole('status').map((s) => s.textContent)).toEqual(['Added', 'Already in the gallery (Photo 1)', 'Failed: The connection dropped']));
    expect(sent.filter((s) => s.uploadId === 'upl-a.jpg').map((s) => [s.offset, s.size])).toEqual([[0, 4], [4, 4], [8, 2]]);
    fireEvent.click(within(list).getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(within(list).getAllByRole('status').map((s) => s.textContent)[2]).toBe('Added'));
    expect(sent.filter((s) => s.uploadId === 'upl-b.jpg').map((s) => s.offset)).toEqual([0, 4]);
    expect(client.calls.filter((c) => c.procedure === 'media.beginUpload')).toHaveLength(3);
    expect(client.calls.filter((c) => c.procedure === 'media.completeUpload').map((c) => (c.input as { uploadId: string }).uploadId)).toEqual(['upl-a.jpg', 'upl-b.jpg']);
  });

  it('shows the integrity report and runs a verify', async () => {
    renderScreen();
    fireEvent.click(screen.getByRole('tab', { name: 'Integrity' }));
    const table = await screen.findByRole('table', { name: 'Assets that need attention' });
    expect(table.textContent).toContain('Ghost of Christmas Past');
    expect(table.textContent).toContain('File damaged');
    expect(screen.getByRole('button', { name: 'Repair from backup-drive' })).toBeTruthy();
    const peers = await screen.findByRole('status', { name: 'Files from peers' });
    expect(peers.textContent).toContain('2 files (7.4 MB) not yet on this device');
    expect(peers.textContent).toContain('from Box office laptop: 1.0 MB of 5.0 MB');
    fireEvent.click(screen.getByRole('button', { name: 'Verify now' }));
    expect((await screen.findByText(/Verify: done/)).textContent).toContain('done');
  });

  it('edits a gallery: reorder, cover, save', async () => {
    renderScreen();
    fireEvent.click(screen.getByRole('tab', { name: 'Galleries' }));
    await screen.findByRole('option', { name: 'Into the Woods (2026-27)' });
    fireEvent.change(screen.getByLabelText('Production'), { target: { value: WOODS } });
    fireEvent.click(await screen.findByRole('button', { name: 'Highlights' }));
    const editor = await screen.findByRole('form', { name: 'Gallery editor' });
    await within(editor).findByRole('button', { name: 'Move Photo 2 up' });
    fireEvent.click(within(editor).getByRole('button', { name: 'Move Photo 2 up' }));
    fireEvent.click(within(editor).getByRole('button', { name: 'Make Photo 1 the cover' }));
    fireEvent.click(within(editor).getByRole('button', { name: 'Save gallery' }));
    await waitFor(() => expect(client.calls.some((c) => c.procedure === 'media.saveGallery')).toBe(true));
    expect(client.calls.find((c) => c.procedure === 'media.saveGallery')!.input).toMatchObject({
      production: WOODS,
      galleryId: 'gal-000000000001',
      title: 'Highlights',
      items: [{ production: WOODS, assetId: assets[1]!.id }, { production: WOODS, assetId: assets[0]!.id }],
      cover: { production: WOODS, assetId: assets[0]!.id },
    });
  });
});

describe('desktop app: images over the preload bridge', () => {
  it("shows a tile's thumbnail from window.callboard.readMedia as a Blob object URL, read once across renders", async () => {
    const reads: string[] = [];
    const made: Blob[] = [];
    const bridge = {
      uploadChunk: async () => ({}),
      readMedia: async (path: string) => {
        reads.push(path);
        return { bytes: new Uint8Array([82, 73, 70, 70]), contentType: 'image/webp' };
      },
    };
    const w = window as unknown as { callboard?: unknown };
    const create = URL.createObjectURL;
    const revoke = URL.revokeObjectURL;
    w.callboard = bridge;
    URL.createObjectURL = (b: Blob | MediaSource) => {
      made.push(b as Blob);
      return `blob:app://callboard/${made.length}`;
    };
    URL.revokeObjectURL = () => undefined;
    try {
      const a = asset(1, { alt: 'The Witch in Act 2', urls: { original: null, web: null, thumb: `/media/blob/${WOODS}/ast-0000000000000001/thumb` } });
      const view = render(<Thumb asset={a} />);
      const img = await screen.findByRole('img', { name: 'The Witch in Act 2' });
      expect(img.getAttribute('src')).toBe('blob:app://callboard/1');
      view.rerender(<Thumb asset={{ ...a }} />);
      view.rerender(<Thumb asset={{ ...a }} />);
      expect(reads).toEqual([a.urls.thumb]);
      expect(made.map((b) => b.type)).toEqual(['image/webp']);
      expect(screen.getByRole('img', { name: 'The Witch in Act 2' }).getAttribute('src')).toBe('blob:app://callboard/1');
    } finally {
      delete w.callboard;
      URL.createObjectURL = create;
      URL.revokeObjectURL = revoke;
    }
  });
});
