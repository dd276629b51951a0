import { useState } from 'react';
import { usePolicyMutation, type Role } from './policy-data.ts';

/** Deleting a role takes its grants with it; the API refuses while someone holds or inherits it. */
export function DeleteRole({ role, onDeleted }: { role: Role; onDeleted: () => void }) {
  const [confirming, setConfirming] = useState(false);
  const remove = usePolicyMutation('roles.delete', { onSuccess: onDeleted, onSettled: () => setConfirming(false) });
  return (
    <div className="editor-part">
      {confirming ? (
        <span className="confirm" role="group" aria-label={`Confirm deleting ${role.name}`}>
          <span>Delete {role.name} and its grants?</span>
          <button type="button" className="button button-danger" disabled={remove.isPending} onClick={() => remove.mutate({ roleId: role.id })}>
            Yes, delete
          </button>
          <button type="button" className="button button-quiet" onClick={() => setConfirming(false)}>
            Keep
          </button>
        </span>
      ) : (
        <button type="button" className="button button-danger-outline" onClick={() => setConfirming(true)}>
          Delete {role.name}…
        </button>
      )}
    </div>
  );
}
