import { useState } from 'react';
import { usePolicyMutation, type User } from './policy-data.ts';

/** Suspend or re-activate, and remove (with a confirmation). The last admin cannot be either: the API says so. */
export function PersonStatusActions({ user, onRemoved }: { user: User; onRemoved: () => void }) {
  const [confirming, setConfirming] = useState(false);
  const setStatus = usePolicyMutation('users.setStatus');
  const remove = usePolicyMutation('users.delete', { onSuccess: onRemoved, onSettled: () => setConfirming(false) });
  const suspended = user.status === 'suspended';

  return (
    <div className="editor-part">
      <h3>Access</h3>
      <p className="muted">
        {suspended
          ? `${user.name} is suspended: they cannot sign in or change anything. Their roles are kept for when they come back.`
          : 'Suspending someone stops them signing in and changing anything at once; their roles are kept.'}
      </p>
      <div className="button-row">
        <button
          type="button"
          className="button"
          disabled={setStatus.isPending}
          onClick={() => setStatus.mutate({ userId: user.id, status: suspended ? 'active' : 'suspended' })}
        >
          {suspended ? `Re-activate ${user.name}` : `Suspend ${user.name}`}
        </button>
        {confirming ? (
          <span className="confirm" role="group" aria-label={`Confirm removing ${user.name}`}>
            <span>Remove {user.name} for good?</span>
            <button type="button" className="button button-danger" disabled={remove.isPending} onClick={() => remove.mutate({ userId: user.id })}>
              Yes, remove
            </button>
            <button type="button" className="button button-quiet" onClick={() => setConfirming(false)}>
              Keep
            </button>
          </span>
        ) : (
          <button type="button" className="button button-danger-outline" onClick={() => setConfirming(true)}>
            Remove {user.name}…
          </button>
        )}
      </div>
    </div>
  );
}
