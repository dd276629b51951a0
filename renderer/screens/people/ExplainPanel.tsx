import { useEffect, useRef } from 'react';
import { useApiQuery } from '../../data/queries.ts';
import { QueryState } from '../../shell/QueryState.tsx';
import { EffectBadge } from './GrantList.tsx';
import type { CellRef } from './PermissionMatrix.tsx';
import type { ActionInfo } from './policy-data.ts';
import { describeScope } from './scope-text.ts';

/** `auth.explain` for one cell: the decision, the grant that decided it, and every grant that applies with its role path. */
export function ExplainPanel({
  userId,
  suspended,
  cell,
  actions,
  onClose,
}: {
  userId: string;
  suspended: boolean;
  cell: CellRef;
  actions: readonly ActionInfo[];
  onClose: () => void;
}) {
  const explain = useApiQuery('auth.explain', { userId, action: cell.action, scope: cell.scope });
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [cell.action, cell.scope]);
  const description = actions.find((a) => a.name === cell.action)?.description;

  return (
    <section className="panel explain" aria-labelledby="explain-heading">
      <div className="panel-head">
        <h2 id="explain-heading" className="section-title" ref={heading} tabIndex={-1}>
          Why? <code>{cell.action}</code> on <code>{cell.scope}</code>
        </h2>
        <button type="button" className="button button-quiet" onClick={onClose}>
          Close
        </button>
      </div>
      <p className="muted">
        {description ?? cell.action} — {describeScope(cell.scope)}
      </p>
      <QueryState query={explain} what="the explanation">
        {(x) => {
          const decisive = x.matches.find((m) => m.decisive);
          const via = (roleNames: string[]) => [x.user.name, ...roleNames].join(' → ');
          return (
            <>
              <p className={`decision decision-${x.decision.allowed ? 'yes' : 'no'}`}>
                <strong>{x.decision.allowed ? 'Allowed.' : 'Not allowed.'}</strong> {x.decision.reason}
              </p>
              {decisive ? (
                <div className="decisive">
                  <h3>Deciding grant</h3>
                  <p>
                    <EffectBadge effect={decisive.effect} /> <code>{decisive.action}</code> on <code>{decisive.scope}</code>, given by{' '}
                    <strong>{decisive.roleNames.at(-1)}</strong>
                  </p>
                  <p className="role-path">{via(decisive.roleNames)}</p>
                  {decisive.effect === 'deny' && x.matches.some((m) => m.effect === 'allow') && (
                    <p className="note note-deny">This deny wins over the allows below: a deny always wins.</p>
                  )}
                </div>
              ) : suspended ? (
                <p>{x.user.name} is suspended: every answer is no until they are re-activated, whatever their roles allow.</p>
              ) : (
                <p>No grant of any of {x.user.name}’s roles covers this, so the answer is no.</p>
              )}
              {x.matches.length > 0 && (
                <>
                  <h3>Every grant that applies</h3>
                  <ul className="grant-list" aria-label="Every grant that applies">
                    {x.matches.map((m) => (
                      <li key={`${m.id}-${m.path.join('/')}`} className={`grant grant-${m.effect}${m.decisive ? ' grant-decisive' : ''}`}>
                        <span className="grant-text">
                          <EffectBadge effect={m.effect} /> <code>{m.action}</code> on <code>{m.scope}</code>
                          {m.decisive && <span className="badge">Decided</span>}
                          <span className="role-path">{via(m.roleNames)}</span>
                        </span>
                      </li>
                    ))}
                  </ul>
                </>
              )}
            </>
          );
        }}
      </QueryState>
    </section>
  );
}
