import { useState } from 'react';
import { useApiMutation, useApiQuery } from '../../data/queries.ts';
import { QueryState } from '../../shell/QueryState.tsx';
import { usePageChanged, BLOCK_LABEL } from './PageEditor.tsx';

const when = (at: number) => new Date(at).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** A page's revisions, newest first: compare any two, restore one (as a new change). */
export function PageHistory({ sectionId, pageId, canRestore }: { sectionId: string; pageId: string; canRestore: boolean }) {
  const history = useApiQuery('pages.history', { sectionId, pageId, limit: 200 });
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [compare, setCompare] = useState<{ from: string; to: string } | null>(null);
  const changed = usePageChanged();
  const restore = useApiMutation('pages.restore', { onSuccess: changed });
  return (
    <QueryState query={history} what="the page history">
      {(revs) => {
        if (revs.length === 0) return <p className="empty-state">No revisions recorded.</p>;
        const label = (id: string) => {
          const r = revs.find((x) => x.id === id);
          return r ? `${when(r.at)} — ${r.userName ?? 'someone'}: ${r.summary}` : id;
        };
        const f = from || revs[Math.min(1, revs.length - 1)]!.id;
        const t = to || revs[0]!.id;
        return (
          <div className="page-history">
            <form
              className="toolbar history-compare"
              aria-label="Compare revisions"
              onSubmit={(e) => {
                e.preventDefault();
                setCompare({ from: f, to: t });
              }}
            >
              <label>
                From
                <select value={f} onChange={(e) => setFrom(e.target.value)}>
                  {revs.map((r) => (
                    <option key={r.id} value={r.id}>
                      {label(r.id)}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                To
                <select value={t} onChange={(e) => setTo(e.target.value)}>
                  {revs.map((r) => (
                    <option key={r.id} value={r.id}>
                      {label(r.id)}
                    </option>
                  ))}
                </select>
              </label>
              <button type="submit" className="button" disabled={f === t}>
                Compare
              </button>
            </form>
            {compare && <Comparison sectionId={sectionId} pageId={pageId} from={compare.from} to={compare.to} />}
            <ol className="revision-list" aria-label="Revisions, newest first">
              {revs.map((r, i) => (
                <li key={r.id}>
                  <span>
                    <time dateTime={new Date(r.at).toISOString()}>{when(r.at)}</time> · <strong>{r.userName ?? 'someone'}</strong> · {r.summary}
                    {i === 0 && <span className="badge">Current</span>}
                  </span>
                  {canRestore && i > 0 && (
                    <button type="button" className="button button-small" disabled={restore.isPending} onClick={() => restore.mutate({ sectionId, pageId, revision: r.id })} aria-label={`Restore the revision of ${when(r.at)} by ${r.userName ?? 'someone'}`}>
                      Restore
                    </button>
                  )}
                </li>
              ))}
            </ol>
          </div>
        );
      }}
    </QueryState>
  );
}

function Comparison({ sectionId, pageId, from, to }: { sectionId: string; pageId: string; from: string; to: string }) {
  const cmp = useApiQuery('pages.compare', { sectionId, pageId, from, to });
  return (
    <QueryState query={cmp} what="the comparison">
      {(c) => (
        <section className="comparison" aria-label="Differences">
          <h3>Differences</h3>
          {c.fields.length === 0 && c.blocks.length === 0 && <p>No differences.</p>}
          <ul>
            {c.fields.map((f) => (
              <li key={f.field}>
                {f.field === 'title' ? 'Title' : 'Address'}: <del>{f.before}</del> → <ins>{f.after}</ins>
              </li>
            ))}
            {c.blocks.map((b, i) => {
              if (b.change === 'added') return <li key={i}>Added a {BLOCK_LABEL[b.block.type]?.toLowerCase()} block</li>;
              if (b.change === 'removed') return <li key={i}>Removed a {BLOCK_LABEL[b.block.type]?.toLowerCase()} block</li>;
              if (b.change === 'moved') return <li key={i}>Moved a {BLOCK_LABEL[b.type]?.toLowerCase()} block from position {b.fromIndex + 1} to {b.toIndex + 1}</li>;
              return (
                <li key={i}>
                  Changed a {BLOCK_LABEL[b.type]?.toLowerCase()} block:{' '}
                  <span className="word-diff">
                    {b.text.map((op, j) => (op.op === 'insert' ? <ins key={j}>{op.text}</ins> : op.op === 'delete' ? <del key={j}>{op.text}</del> : <span key={j}>{op.text}</span>))}
                  </span>
                </li>
              );
            })}
          </ul>
        </section>
      )}
    </QueryState>
  );
}
