import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type DragEvent } from 'react';
import { useClient } from '../../data/client-context.tsx';
import { useApiQuery } from '../../data/queries.ts';
import { invalidateMedia } from './AssetDetail.tsx';
import { useTransfer } from './transfer.tsx';
import { uploadOne, type UploadState } from './upload-file.ts';

interface Item {
  key: number;
  file: File;
  state: UploadState;
  uploadId: string | null;
}

function describe(s: UploadState): string {
  switch (s.kind) {
    case 'queued':
      return 'Waiting';
    case 'hashing':
      return 'Checking the file…';
    case 'uploading':
      return `Uploading ${Math.floor((s.sent / Math.max(1, s.size)) * 100)}%`;
    case 'finishing':
      return 'Adding to the gallery…';
    case 'done':
      // e.g. a video added without a poster frame because ffmpeg is missing on this device
      return s.notice ? `Added — ${s.notice}` : 'Added';
    case 'duplicate':
      return `Already in the gallery (${s.existing.map((e) => e.title).join(', ')})`;
    case 'failed':
      return `Failed: ${s.message}`;
  }
}

/** Drag-and-drop upload of many files, one after another, with progress and retry per file. */
export function UploadPanel({ defaultProduction }: { defaultProduction: string }) {
  const client = useClient();
  const transfer = useTransfer();
  const qc = useQueryClient();
  const productions = useApiQuery('productions.list', {});
  const categories = useApiQuery('media.categories', {});
  const [production, setProduction] = useState(defaultProduction);
  const [category, setCategory] = useState('production-photos');
  const [tags, setTags] = useState('');
  const [credit, setCredit] = useState('');
  const [items, setItems] = useState<Item[]>([]);
  const [over, setOver] = useState(false);
  const nextKey = useRef(0);

  const patch = (key: number, p: Partial<Item>) => setItems((list) => list.map((i) => (i.key === key ? { ...i, ...p } : i)));
  const target = () => ({ production, category, tags: tags.split(',').map((t) => t.trim()).filter(Boolean), credit });
  const run = async (item: Item) => {
    const s = await uploadOne(client, transfer, item.file, target(), (state) => patch(item.key, { state }), { uploadId: item.uploadId });
    if (s.kind === 'failed') patch(item.key, { uploadId: s.uploadId });
    if (s.kind === 'done') invalidateMedia(qc);
  };
  const add = async (files: File[]) => {
    const fresh = files.map((file) => ({ key: nextKey.current++, file, state: { kind: 'queued' } as UploadState, uploadId: null }));
    setItems((list) => [...list, ...fresh]);
    for (const item of fresh) await run(item);
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    if (production) void add([...e.dataTransfer.files]);
  };

  if (!transfer.available) {
    return <p className="alert">Uploading needs the Callboard daemon. From a terminal: <code>callboard media upload FILE --production ID --category production-photos</code>.</p>;
  }
  return (
    <div className="media-upload">
      <div className="media-upload-target">
        <label>
          Production
          <select value={production} onChange={(e) => setProduction(e.target.value)}>
            <option value="">Choose…</option>
            {(productions.data ?? []).map((p) => (
              <option key={p.id} value={p.id}>
                {p.title} ({p.season})
              </option>
            ))}
          </select>
        </label>
        <label>
          Category
          <select value={category} onChange={(e) => setCategory(e.target.value)}>
            {(categories.data ?? []).map((c) => (
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
          Credit <input value={credit} onChange={(e) => setCredit(e.target.value)} placeholder="Tomás Ruiz" />
        </label>
      </div>
      <div
        className={`media-dropzone${over ? ' is-over' : ''}`}
        data-testid="media-dropzone"
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
      >
        <p>{production ? 'Drop photos, videos, audio or PDFs here, or' : 'Choose a production first, then drop files here, or'}</p>
        <label className="button">
          choose files
          <input type="file" multiple disabled={!production} onChange={(e) => void add([...(e.target.files ?? [])])} style={{ position: 'absolute', opacity: 0, width: 1 }} />
        </label>
      </div>
      {items.length > 0 && (
        <ul className="media-upload-list" aria-label="Uploads">
          {items.map((item) => (
            <li key={item.key}>
              <span className="media-upload-name">{item.file.name}</span>
              {item.state.kind === 'uploading' && <progress max={item.state.size} value={item.state.sent} aria-label={`${item.file.name} progress`} />}
              <span role="status">{describe(item.state)}</span>
              {item.state.kind === 'failed' && (
                <button type="button" onClick={() => void run(item)}>
                  Retry
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
