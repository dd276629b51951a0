import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useApiMutation, useApiQuery } from '../../data/queries.ts';
import { QueryState } from '../../shell/QueryState.tsx';
import type { ProcedureOutput } from '../../api/types.ts';

type Suggestion = ProcedureOutput<'directory.suggestDuplicates'>['suggestions'][number];

/** The merge wizard: choose who to keep, review, merge. */
function MergeWizard({ pair, onDone }: { pair: Suggestion; onDone: (message: string) => void }) {
  const [keep, setKeep] = useState<string>(pair.a.id);
  const [step, setStep] = useState<'choose' | 'confirm'>('choose');
  const queryClient = useQueryClient();
  const merge = useApiMutation('directory.merge', {
    onSuccess: (r) => {
      void queryClient.invalidateQueries();
      onDone(`Merged: ${r.movedCredits} credit(s) moved${r.filled.length ? `, filled ${r.filled.join(', ')}` : ''}. The old id now points to the person kept.`);
    },
  });
  const kept = keep === pair.a.id ? pair.a : pair.b;
  const gone = keep === pair.a.id ? pair.b : pair.a;
  return (
    <div className="merge-wizard" role="group" aria-label={`Merge ${pair.a.name} and ${pair.b.name}`}>
      {step === 'choose' ? (
        <fieldset>
          <legend>Which record do you keep?</legend>
          {[pair.a, pair.b].map((p) => (
            <label key={p.id}>
              <input type="radio" name={`keep-${pair.a.id}-${pair.b.id}`} checked={keep === p.id} onChange={() => setKeep(p.id)} /> {p.name} ({p.id})
            </label>
          ))}
          <button type="button" onClick={() => setStep('confirm')}>
            Next
          </button>
        </fieldset>
      ) : (
        <div>
          <p>
            {gone.name} will be merged into {kept.name}: every credit moves, empty fields are filled, “{gone.name}” is kept as an alternative
            name, and links to {gone.id} keep working. You can undo this later.
          </p>
          <button type="button" onClick={() => setStep('choose')}>
            Back
          </button>
          <button type="button" disabled={merge.isPending} onClick={() => merge.mutate({ sourceId: gone.id, targetId: kept.id })}>
            Merge into {kept.name}
          </button>
        </div>
      )}
    </div>
  );
}

/** Likely duplicates with their reasons; merge them, or mark them as different people. */
export function DuplicatesTab() {
  const suggestions = useApiQuery('directory.suggestDuplicates', {});
  const [open, setOpen] = useState<string | null>(null);
  const [message, setMessage] = useState('');
  const queryClient = useQueryClient();
  const different = useApiMutation('directory.markNotDuplicates', {
    onSuccess: () => {
      setMessage('Marked as different people; they will not be suggested again.');
      void queryClient.invalidateQueries({ queryKey: ['directory.suggestDuplicates'] });
    },
  });
  return (
    <div className="directory-duplicates">
      {message && <p role="status">{message}</p>}
      <QueryState query={suggestions} what="duplicate suggestions">
        {(r) =>
          r.suggestions.length === 0 ? (
            <p className="muted">No likely duplicates.</p>
          ) : (
            <ul aria-label="Likely duplicates">
              {r.suggestions.map((s) => {
                const key = `${s.a.id}:${s.b.id}`;
                return (
                  <li key={key}>
                    <span className="pair">
                      {s.a.name} / {s.b.name}
                    </span>{' '}
                    <span className="muted">({s.reasons.join(', ')})</span>
                    <button type="button" onClick={() => setOpen(open === key ? null : key)}>
                      Merge…
                    </button>
                    <button type="button" onClick={() => different.mutate({ a: s.a.id, b: s.b.id })}>
                      Not duplicates
                    </button>
                    {open === key && (
                      <MergeWizard
                        pair={s}
                        onDone={(m) => {
                          setOpen(null);
                          setMessage(m);
                        }}
                      />
                    )}
                  </li>
                );
              })}
            </ul>
          )
        }
      </QueryState>
    </div>
  );
}
