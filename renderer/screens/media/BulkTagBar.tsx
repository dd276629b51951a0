import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useApiMutation } from '../../data/queries.ts';
import { invalidateMedia } from './AssetDetail.tsx';

/** Adds or removes tags on the selected assets (one media.tag call per production). */
export function BulkTagBar({ selection, onDone }: { selection: ReadonlyMap<string, string>; onDone: () => void }) {
  const qc = useQueryClient();
  const [tag, setTag] = useState('');
  const [result, setResult] = useState<string | null>(null);
  const mutation = useApiMutation('media.tag');
  if (selection.size === 0) return null;
  const run = async (mode: 'add' | 'remove') => {
    const byProduction = new Map<string, string[]>();
    for (const [assetId, production] of selection) byProduction.set(production, [...(byProduction.get(production) ?? []), assetId]);
    let changed = 0;
    for (const [production, assetIds] of byProduction) {
      const r = await mutation.mutateAsync({ production, assetIds, [mode]: [tag.trim()] });
      changed += r.changed;
    }
    setResult(`${mode === 'add' ? 'Tagged' : 'Untagged'} ${changed} of ${selection.size}.`);
    invalidateMedia(qc);
    onDone();
  };
  return (
    <div className="media-bulk" role="region" aria-label="Bulk tagging">
      <span>{selection.size} selected</span>
      <label>
        Tag <input value={tag} onChange={(e) => setTag(e.target.value)} />
      </label>
      <button type="button" disabled={!tag.trim() || mutation.isPending} onClick={() => void run('add').catch(() => undefined)}>
        Add tag
      </button>
      <button type="button" disabled={!tag.trim() || mutation.isPending} onClick={() => void run('remove').catch(() => undefined)}>
        Remove tag
      </button>
      <button type="button" onClick={onDone}>
        Clear selection
      </button>
      {result && <span role="status">{result}</span>}
    </div>
  );
}
