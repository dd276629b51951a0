import { useApiQuery } from '../data/queries.ts';
import { formatDate, plural } from '../format.ts';
import { QueryState } from '../shell/QueryState.tsx';
import { ROUTES, hrefFor } from '../shell/routes.ts';
import { ScreenHeader } from '../shell/ScreenHeader.tsx';

const BLURBS: Record<string, string> = {
  sections: 'The website, section by section.',
  calendar: 'Rehearsals, performances and bookings.',
  directory: 'Cast, crew and their credits.',
  'box-office': 'Seats, orders and the waiting list.',
  media: 'Photos, videos and documents.',
  people: 'Who can sign in, and their roles.',
  audit: 'Every change and who made it.',
  sync: 'This device and its connection.',
};

export function HomeScreen() {
  const org = useApiQuery('org.get', {});
  const whoami = useApiQuery('session.whoami', {});
  const users = useApiQuery('users.list', {});
  const first = whoami.data?.user.name.split(' ')[0];
  return (
    <>
      <ScreenHeader title={first ? `Welcome, ${first}` : 'Overview'}>The company’s callboard: everything the team shares, in one place.</ScreenHeader>
      <QueryState query={org} what="the company">
        {({ company, createdAt }) => (
          <section className="panel" aria-labelledby="company-heading">
            <h2 id="company-heading" className="section-title">
              {company.name}
            </h2>
            <dl className="facts">
              <div>
                <dt>City</dt>
                <dd>{company.city || <span className="muted">Not set</span>}</dd>
              </div>
              <div>
                <dt>Time zone</dt>
                <dd>{company.timeZone}</dd>
              </div>
              <div>
                <dt>Website</dt>
                <dd>{company.website || <span className="muted">Not set</span>}</dd>
              </div>
              <div>
                <dt>Email</dt>
                <dd>{company.email || <span className="muted">Not set</span>}</dd>
              </div>
              <div>
                <dt>Team</dt>
                <dd>{users.data ? plural(users.data.length, 'person', 'people') : '…'}</dd>
              </div>
              <div>
                <dt>On Callboard since</dt>
                <dd>{formatDate(createdAt, company.timeZone)}</dd>
              </div>
            </dl>
          </section>
        )}
      </QueryState>
      <nav aria-label="Screens" className="tiles">
        <ul>
          {ROUTES.filter((r) => r.id !== 'home').map((r) => (
            <li key={r.id}>
              <a href={hrefFor(r.id)} className="tile">
                <span className="tile-title">{r.label}</span>
                <span className="tile-text">{BLURBS[r.id]}</span>
              </a>
            </li>
          ))}
        </ul>
      </nav>
    </>
  );
}
