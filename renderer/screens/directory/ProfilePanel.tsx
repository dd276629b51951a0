import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useApiMutation, useApiQuery } from '../../data/queries.ts';
import { QueryState } from '../../shell/QueryState.tsx';
import { PersonForm } from './PersonForm.tsx';

const DEPARTMENT: Record<string, string> = {
  cast: 'Cast',
  creative: 'Creative',
  production: 'Production',
  crew: 'Crew',
  orchestra: 'Orchestra',
  'front-of-house': 'Front of house',
};

/** A person's profile with their production history (and contact details when the caller may see them). */
export function ProfilePanel({ id, onOpen }: { id: string; onOpen: (id: string) => void }) {
  const profile = useApiQuery('directory.getPerson', { id });
  const facets = useApiQuery('directory.facets', {});
  const canEdit = facets.data?.permissions.edit ?? false;
  const [editing, setEditing] = useState(false);
  const [unmerged, setUnmerged] = useState<string | null>(null);
  const queryClient = useQueryClient();
  const unmerge = useApiMutation('directory.unmerge', {
    onSuccess: (r) => {
      setUnmerged(`Merge undone: ${r.restoredCredits} credit(s) went back to ${r.sourceId}.`);
      void queryClient.invalidateQueries();
    },
  });
  return (
    <section className="directory-profile" aria-label="Profile">
      <QueryState query={profile} what="the profile">
        {({ person, contact, history, redirectedFrom, mergedFrom }) =>
          editing ? (
            <PersonForm
              key={person.id}
              person={person}
              contact={contact}
              contactEditable={facets.data?.permissions.contactEdit ?? false}
              onDone={() => setEditing(false)} onCancel={() => setEditing(false)} />
          ) : (
          <>
            <h2>{person.stageName || person.name}</h2>
            {canEdit && (
              <button type="button" onClick={() => setEditing(true)}>
                Edit profile
              </button>
            )}
            {redirectedFrom && <p className="alert">This person was merged; showing who they were merged into.</p>}
            <dl>
              {person.stageName && (
                <>
                  <dt>Name</dt>
                  <dd>{person.name}</dd>
                </>
              )}
              {person.altNames.length > 0 && (
                <>
                  <dt>Also known as</dt>
                  <dd>{person.altNames.join(', ')}</dd>
                </>
              )}
              {person.pronouns && (
                <>
                  <dt>Pronouns</dt>
                  <dd>{person.pronouns}</dd>
                </>
              )}
              {person.skills.length > 0 && (
                <>
                  <dt>Skills</dt>
                  <dd>{person.skills.join(', ')}</dd>
                </>
              )}
              {person.unions.length > 0 && (
                <>
                  <dt>Unions</dt>
                  <dd>{person.unions.join(', ')}</dd>
                </>
              )}
              {contact && (contact.email || contact.phone) && (
                <>
                  <dt>Contact</dt>
                  <dd className="private">{[contact.email, contact.phone].filter(Boolean).join(' · ')}</dd>
                </>
              )}
            </dl>
            {person.bio && <p className="bio">{person.bio}</p>}
            {person.links.length > 0 && (
              <ul className="links">
                {person.links.map((l) => (
                  <li key={l.url}>
                    <a href={l.url} target="_blank" rel="noreferrer noopener">
                      {l.label}
                    </a>
                  </li>
                ))}
              </ul>
            )}
            <h3>Production history</h3>
            {history.length === 0 ? (
              <p className="muted">No credits yet.</p>
            ) : (
              <table>
                <thead>
                  <tr>
                    <th scope="col">Production</th>
                    <th scope="col">Season</th>
                    <th scope="col">Role</th>
                    <th scope="col">Department</th>
                  </tr>
                </thead>
                <tbody>
                  {history.map((h) => (
                    <tr key={h.creditId}>
                      <td>{h.title}</td>
                      <td>{h.season}</td>
                      <td>
                        {h.role}
                        {[h.understudy && 'understudy', h.swing && 'swing', h.standby && 'standby'].filter(Boolean).map((x) => ` (${String(x)})`)}
                      </td>
                      <td>{DEPARTMENT[h.department] ?? h.department}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            {mergedFrom.length > 0 && (
              <div className="merged-from">
                <p className="muted">Merged into this profile (old links and ids still lead here):</p>
                <ul>
                  {mergedFrom.map((m) => (
                    <li key={m}>
                      <button type="button" className="link" onClick={() => onOpen(m)}>
                        {m}
                      </button>
                      {canEdit && (
                        <button type="button" disabled={unmerge.isPending} onClick={() => unmerge.mutate({ id: m })} aria-label={`Undo the merge of ${m}`}>
                          Undo merge
                        </button>
                      )}
                    </li>
                  ))}
                </ul>
              </div>
            )}
            {unmerged && <p role="status">{unmerged}</p>}
          </>
          )
        }
      </QueryState>
    </section>
  );
}
