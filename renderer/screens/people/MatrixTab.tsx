import { useId, useState } from 'react';
import { useApiQuery } from '../../data/queries.ts';
import { QueryState } from '../../shell/QueryState.tsx';
import { ExplainPanel } from './ExplainPanel.tsx';
import { PermissionMatrix, type CellRef } from './PermissionMatrix.tsx';
import { usePolicy } from './policy-data.ts';

/** "What can this person do?": a person, their matrix, and why any one cell is what it is. */
export function MatrixTab() {
  const pickerId = useId();
  const users = useApiQuery('users.list', {});
  const policy = usePolicy();
  const [userId, setUserId] = useState('');
  const [asked, setAsked] = useState<CellRef | undefined>();
  const matrix = useApiQuery('auth.matrix', { userId }, { enabled: userId !== '' });
  const user = users.data?.find((u) => u.id === userId);

  return (
    <>
      <div className="toolbar">
        <label htmlFor={pickerId}>Person</label>
        <select
          id={pickerId}
          value={userId}
          onChange={(e) => {
            setUserId(e.target.value);
            setAsked(undefined);
          }}
        >
          <option value="">Choose a person…</option>
          {(users.data ?? []).map((u) => (
            <option key={u.id} value={u.id}>
              {u.name}
              {u.status === 'suspended' ? ' (suspended)' : ''}
            </option>
          ))}
        </select>
      </div>
      <p className="rule-note">
        <strong>How Callboard decides:</strong> a person may do what any of their roles — or the roles those inherit from — allows. A deny always
        wins over any allow, from any role, however specific the allow. With no grant at all, the answer is no.
      </p>
      {user?.status === 'suspended' && (
        <p className="note">{user.name} is suspended: they can do nothing at all until they are re-activated. The grid shows it.</p>
      )}
      {userId === '' ? (
        <p className="empty-inline">Choose a person to see every action they may or may not take, scope by scope.</p>
      ) : (
        <QueryState query={matrix} what={`what ${user?.name ?? 'this person'} can do`}>
          {(m) => (
            <>
              {asked && <ExplainPanel userId={userId} suspended={user?.status === 'suspended'} cell={asked} actions={policy.data?.actions ?? []} onClose={() => setAsked(undefined)} />}
              <PermissionMatrix matrix={m} userName={user?.name ?? m.user.name} asked={asked} onAsk={setAsked} />
            </>
          )}
        </QueryState>
      )}
    </>
  );
}
