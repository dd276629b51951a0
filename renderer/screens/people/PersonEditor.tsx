import { useEffect, useRef } from 'react';
import { PersonDetailsForm } from './PersonDetailsForm.tsx';
import { PersonRoles } from './PersonRoles.tsx';
import { PersonStatusActions } from './PersonStatusActions.tsx';
import type { Role, User } from './policy-data.ts';

/** Everything the company manager can change about one person; its heading takes focus when it opens. */
export function PersonEditor({ user, roles, onClose }: { user: User; roles: Role[] | undefined; onClose: () => void }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [user.id]);
  return (
    <section className="panel person-editor" aria-labelledby="person-editor-heading">
      <div className="panel-head">
        <h2 id="person-editor-heading" className="section-title" ref={heading} tabIndex={-1}>
          {user.name}
        </h2>
        <button type="button" className="button button-quiet" onClick={onClose}>
          Close
        </button>
      </div>
      <PersonDetailsForm key={user.id} user={user} />
      <PersonRoles user={user} roles={roles} />
      <PersonStatusActions user={user} onRemoved={onClose} />
    </section>
  );
}
