/** Website sections, pages, theme and preview have their real screen (issue #5). */
export { SectionsScreen } from './sections/SectionsScreen.tsx';

/** The calendar has its real screen (issue #6). */
export { CalendarScreen } from './calendar/CalendarScreen.tsx';

/** The directory has its real screen (issue #7). */
export { DirectoryScreen } from './directory/DirectoryScreen.tsx';

/** The box office has its real screen (issue #8). */
export { BoxOfficeScreen } from './boxoffice/BoxOfficeScreen.tsx';

/** Production media has its real screen (issue #9). */
export { MediaScreen } from './media/MediaScreen.tsx';
