import { useApiQuery } from '../data/queries.ts';
import { hrefFor } from './routes.ts';

/** The banner: the company (from org.get), and who is signed in with a way out. */
export function CompanyHeader({ onSignOut }: { onSignOut: (() => void) | undefined }) {
  const org = useApiQuery('org.get', {});
  const whoami = useApiQuery('session.whoami', {});
  const company = org.data?.company;
  return (
    <header className="app-header">
      <a className="company" href={hrefFor('home')}>
        <span className="company-name">{company?.name ?? (org.error ? 'Callboard' : '…')}</span>
        {company && (
          <span className="company-meta">
            {[company.city, company.timeZone].filter(Boolean).join(' · ')}
          </span>
        )}
      </a>
      <div className="user-box">
        {whoami.data && (
          <span className="user-name">
            <span className="visually-hidden">Signed in as </span>
            {whoami.data.user.name}
          </span>
        )}
        {onSignOut && (
          <button type="button" className="button button-quiet" onClick={onSignOut}>
            Sign out
          </button>
        )}
      </div>
    </header>
  );
}
