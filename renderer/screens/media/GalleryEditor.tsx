import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useApiMutation, useApiQuery } from '../../data/queries.ts';
import { QueryState } from '../../shell/QueryState.tsx';
import { invalidateMedia } from './AssetDetail.tsx';
import { Thumb } from './GalleryGrid.tsx';
import type { AssetView } from './types.ts';

type Gallery = { id: string; title: string; description: string; items: Array<{ productionId: string; assetId: string }>; cover: { productionId: string; assetId: string } | null };

/** A production's galleries: pick one (or start a new one), order its items, choose the cover, save. */
export function GalleryEditor({ production }: { production: string }) {
  const galleries = useApiQuery('media.galleries', { production: production || null }, { enabled: Boolean(production) });
  const [editing, setEditing] = useState<Gallery | null>(null);
  if (!production) return <p>Choose a production in the filters to edit its galleries.</p>;
  return (
    <div className="media-galleries">
      <QueryState query={galleries} what="galleries">
        {(list) => (
          <ul aria-label="Galleries">
            {list.map((g) => (
              <li key={g.id}>
                <button type="button" onClick={() => setEditing(g)}>
                  {g.title}
                </button>{' '}
                ({g.items.length} items)
              </li>
            ))}
            <li>
              <button type="button" onClick={() => setEditing({ id: '', title: '', description: '', items: [], cover: null })}>
                New gallery
              </button>
            </li>
          </ul>
        )}
      </QueryState>
      {editing && <EditGallery key={editing.id || 'new'} production={production} gallery={editing} onSaved={() => setEditing(null)} />}
    </div>
  );
}

function EditGallery({ production, gallery, onSaved }: { production: string; gallery: Gallery; onSaved: () => void }) {
  const qc = useQueryClient();
  const assets = useApiQuery('media.search', { production, limit: 200 });
  const [title, setTitle] = useState(gallery.title);
  const [description, setDescription] = useState(gallery.description);
  const [items, setItems] = useState<string[]>(gallery.items.map((i) => i.assetId));
  const [cover, setCover] = useState<string | null>(gallery.cover?.assetId ?? null);
  const save = useApiMutation('media.saveGallery', { onSuccess: () => (invalidateMedia(qc), onSaved()) });
  const byId = new Map<string, AssetView>((assets.data?.items ?? []).map((a) => [a.id, a]));
  const move = (i: number, d: -1 | 1) => setItems((list) => {
    const next = [...list];
    const [x] = next.splice(i, 1);
    next.splice(i + d, 0, x!);
    return next;
  });
  const name = (id: string) => byId.get(id)?.title || byId.get(id)?.filename || id;
  return (
    <form
      className="media-gallery-editor"
      aria-label="Gallery editor"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate({
          production,
          ...(gallery.id ? { galleryId: gallery.id } : {}),
          title,
          description,
          items: items.map((assetId) => ({ production, assetId })),
          cover: cover ? { production, assetId: cover } : null,
          filter: null,
        });
      }}
    >
      <label>
        Gallery title <input value={title} onChange={(e) => setTitle(e.target.value)} required />
      </label>
      <label>
        Description <textarea value={description} onChange={(e) => setDescription(e.target.value)} />
      </label>
      <ol aria-label="Gallery items">
        {items.map((id, i) => (
          <li key={id}>
            <span>{name(id)}</span>
            {cover === id ? <strong> (cover)</strong> : <button type="button" onClick={() => setCover(id)} aria-label={`Make ${name(id)} the cover`}>Cover</button>}
            <button type="button" disabled={i === 0} onClick={() => move(i, -1)} aria-label={`Move ${name(id)} up`}>↑</button>
            <button type="button" disabled={i === items.length - 1} onClick={() => move(i, 1)} aria-label={`Move ${name(id)} down`}>↓</button>
            <button type="button" onClick={() => setItems((l) => l.filter((x) => x !== id))} aria-label={`Remove ${name(id)}`}>Remove</button>
          </li>
        ))}
      </ol>
      <fieldset>
        <legend>Add from this production</legend>
        {(assets.data?.items ?? []).filter((a) => !items.includes(a.id)).map((a) => (
          <button key={a.id} type="button" className="media-gallery-add" onClick={() => setItems((l) => [...l, a.id])} aria-label={`Add ${a.title || a.filename || a.id}`}>
            <Thumb asset={a} />
          </button>
        ))}
      </fieldset>
      <button type="submit" disabled={save.isPending}>
        Save gallery
      </button>
    </form>
  );
}
