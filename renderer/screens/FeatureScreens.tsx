import { hrefFor } from '../shell/routes.ts';
import { EmptyFeature } from './EmptyFeature.tsx';

const notYet = 'This version of Callboard does not have this feature yet; it is being built.';

export function SectionsScreen() {
  return (
    <EmptyFeature
      title="Sections"
      lede="The parts of the company website, each edited by the people it is granted to."
      emptyTitle="No sections yet."
      next={
        <>
          <p>{notYet}</p>
          <NextPeople what="so that sections can be granted to them as soon as they arrive" />
        </>
      }
    >
      <p>
        Sections are how the company manager delegates the website: each section (Costumes, Auditions, Box office news…) is a set of
        pages built from blocks — headings, text, images, cast lists, schedules, ticket links — that only the people granted that section
        can edit. Editors choose the words and blocks; the company theme decides how every page looks.
      </p>
    </EmptyFeature>
  );
}

/** The calendar has its real screen (issue #6). */
export { CalendarScreen } from './calendar/CalendarScreen.tsx';

/** The directory has its real screen (issue #7). */
export { DirectoryScreen } from './directory/DirectoryScreen.tsx';

/** The box office has its real screen (issue #8). */
export { BoxOfficeScreen } from './boxoffice/BoxOfficeScreen.tsx';

/** Production media has its real screen (issue #9). */
export { MediaScreen } from './media/MediaScreen.tsx';

function NextPeople({ what }: { what: string }) {
  return (
    <p>
      Meanwhile, make sure your team is listed under <a href={hrefFor('people')}>People &amp; Roles</a>, {what}. Every change made so far
      is recorded in the <a href={hrefFor('audit')}>Audit log</a>.
    </p>
  );
}
