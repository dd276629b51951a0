import { describeAction, describeScope } from './scope-text.ts';
import { usePolicyMutation, type ActionInfo, type Grant, type Role } from './policy-data.ts';

export function EffectBadge({ effect }: { effect: 'allow' | 'deny' }) {
  return <span className={`effect effect-${effect}`}>{effect === 'allow' ? '✓ Allow' : '✗ Deny'}</span>;
}

export function GrantText({ grant, actions }: { grant: Pick<Grant, 'action' | 'scope' | 'effect'>; actions: readonly ActionInfo[] }) {
  const info = actions.find((a) => a.name === grant.action);
  return (
    <span className="grant-text">
      <EffectBadge effect={grant.effect} /> <code>{grant.action}</code> on <code>{grant.scope}</code>
      <span className="grant-words">
        {grant.effect === 'allow' ? 'May' : 'May never'} {info ? info.description.charAt(0).toLowerCase() + info.description.slice(1) : describeAction(grant.action)} —{' '}
        {describeScope(grant.scope)}
      </span>
    </span>
  );
}

/** A role's own grants, denies listed first and marked, each removable. */
export function GrantList({ role, actions }: { role: Role; actions: readonly ActionInfo[] }) {
  const remove = usePolicyMutation('grants.remove');
  const grants = [...role.grants].sort((a, b) => (a.effect === b.effect ? a.action.localeCompare(b.action) : a.effect === 'deny' ? -1 : 1));
  return (
    <div className="editor-part">
      <h3>Grants of {role.name}</h3>
      {grants.length === 0 ? (
        <p className="muted">No grants of its own{role.parents.length ? '; it has only what it inherits.' : ': holding it gives nothing.'}</p>
      ) : (
        <ul className="grant-list" aria-label={`Grants of ${role.name}`}>
          {grants.map((g) => (
            <li key={g.id} className={`grant grant-${g.effect}`}>
              <GrantText grant={g} actions={actions} />
              <button
                type="button"
                className="button button-small"
                disabled={remove.isPending}
                onClick={() => remove.mutate({ grantId: g.id })}
                aria-label={`Remove ${g.effect} ${g.action} on ${g.scope} from ${role.name}`}
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
