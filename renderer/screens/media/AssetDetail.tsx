import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useApiMutation, useApiQuery } from '../../data/queries.ts';
import { QueryState } from '../../shell/QueryState.tsx';
import { useImageUrl } from './transfer.tsx';
import type { AssetView } from './types.ts';

function invalidateMedia(qc: ReturnType<typeof useQueryClient>) {
  for (const key of ['media.search', 'media.get', 'media.gallery', 'media.galleries', 'media.integrity']) void qc.invalidateQueries({ queryKey: [key] });
}

/** One asset: preview, processing progress, metadata editor, publishing. */
export function AssetDetail({ production, assetId, onClose }: { production: string; assetId: string; onClose: () => void }) {
  const asset = useApiQuery('media.get', { production, assetId }, {
    refetchInterval: (q) => {
      const d = q.state.data;
      return d && d.processing.done < d.processing.total ? 1000 : false;
    },
  });
  return (
    <aside className="media-detail" aria-label="Asset details">
      <button type="button" className="media-detail-close" onClick={onClose}>
        Close
      </button>
      <QueryState query={asset} what="the asset">
        {(a) => <AssetEditor key={`${a.id}-${a.updatedAt}`} asset={a} />}
      </QueryState>
    </aside>
  );
}

function Preview({ asset }: { asset: AssetView }) {
  const url = useImageUrl(asset.urls.web ?? asset.urls.thumb);
  if (asset.embedUrl) {
    return (
      <iframe
        title={asset.title || 'Video'}
        src={asset.embedUrl}
        width={480}
        height={270}
        allow="fullscreen; picture-in-picture"
        referrerPolicy="strict-origin-when-cross-origin"
        sandbox="allow-scripts allow-same-origin allow-presentation"
      />
    );
  }
  if (url) return <img src={url} alt={asset.alt} className="media-detail-image" />;
  return <p className="media-detail-noimage">{asset.processing.total > asset.processing.done ? 'Preparing the preview…' : `No preview for ${asset.mime}`}</p>;
}

function AssetEditor({ asset }: { asset: AssetView }) {
  const qc = useQueryClient();
  const categories = useApiQuery('media.categories', {});
  const [title, setTitle] = useState(asset.title);
  const [caption, setCaption] = useState(asset.caption);
  const [alt, setAlt] = useState(asset.alt);
  const [category, setCategory] = useState(asset.category);
  const [tags, setTags] = useState(asset.tags.join(', '));
  const [credit, setCredit] = useState(asset.credit?.name ?? '');
  const [takenAt, setTakenAt] = useState(asset.takenAt?.slice(0, 16) ?? '');
  const [saved, setSaved] = useState(false);
  const update = useApiMutation('media.update', { onSuccess: () => (setSaved(true), invalidateMedia(qc)) });
  const publish = useApiMutation('media.publish', { onSuccess: () => invalidateMedia(qc), onError: () => undefined });
  const { done, total } = asset.processing;
  return (
    <div>
      <h2>{asset.title || asset.filename || 'Untitled'}</h2>
      <Preview asset={asset} />
      {total > 0 && (
        <p>
          <label>
            Previews <progress max={total} value={done} aria-label="Preview progress" /> {done} of {total}
          </label>
        </p>
      )}
      {asset.status !== 'ready' && (
        <p className="alert alert-error" role="alert">
          This file is {asset.status} on this device. Run a repair from the Integrity tab.
        </p>
      )}
      <dl className="media-facts">
        <dt>Type</dt>
        <dd>{asset.mime}</dd>
        {asset.width && (
          <>
            <dt>Size</dt>
            <dd>
              {asset.width} × {asset.height}
            </dd>
          </>
        )}
        {asset.hash && (
          <>
            <dt>SHA-256</dt>
            <dd className="mono">{asset.hash.slice(0, 16)}…</dd>
          </>
        )}
      </dl>
      <form
        className="media-edit"
        onSubmit={(e) => {
          e.preventDefault();
          setSaved(false);
          update.mutate({
            production: asset.productionId,
            assetId: asset.id,
            patch: {
              title,
              caption,
              alt,
              category,
              tags: tags.split(',').map((t) => t.trim()).filter(Boolean),
              credit: credit.trim() ? { personId: asset.credit?.name === credit.trim() ? asset.credit.personId : null, name: credit.trim() } : null,
              takenAt: takenAt ? takenAt : null,
            },
          });
        }}
      >
        <label>
          Title <input value={title} onChange={(e) => setTitle(e.target.value)} />
        </label>
        <label>
          Alt text <input value={alt} onChange={(e) => setAlt(e.target.value)} aria-describedby="alt-help" />
        </label>
        <small id="alt-help">Describe the image for people who cannot see it. Needed before publishing.</small>
        <label>
          Caption <textarea value={caption} onChange={(e) => setCaption(e.target.value)} />
        </label>
        <label>
          Category
          <select value={category} onChange={(e) => setCategory(e.target.value)}>
            {(categories.data ?? [{ id: asset.category, name: asset.category, builtIn: true }]).map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Tags <input value={tags} onChange={(e) => setTags(e.target.value)} placeholder="Act 2, dress rehearsal" />
        </label>
        <label>
          Credit <input value={credit} onChange={(e) => setCredit(e.target.value)} />
        </label>
        <label>
          Taken <input type="datetime-local" value={takenAt} onChange={(e) => setTakenAt(e.target.value)} />
        </label>
        <button type="submit" disabled={update.isPending}>
          Save
        </button>
        {saved && <span role="status">Saved.</span>}
      </form>
      <div className="media-publish">
        <button type="button" onClick={() => publish.mutate({ production: asset.productionId, assetId: asset.id, published: !asset.published })} disabled={publish.isPending}>
          {asset.published ? 'Unpublish' : 'Publish on the website'}
        </button>
        {publish.error && (
          <p className="alert alert-error" role="alert">
            {publish.error.message}
          </p>
        )}
      </div>
    </div>
  );
}

export { invalidateMedia };
