import type { ComponentType, MouseEvent } from 'react';
import { AuditScreen } from '../screens/AuditScreen.tsx';
import { BoxOfficeScreen, CalendarScreen, DirectoryScreen, MediaScreen, SectionsScreen } from '../screens/FeatureScreens.tsx';
import { HomeScreen } from '../screens/HomeScreen.tsx';
import { PeopleScreen } from '../screens/PeopleScreen.tsx';
import { SyncScreen } from '../screens/SyncScreen.tsx';
import { CompanyHeader } from './CompanyHeader.tsx';
import { ErrorDisplay } from './errors.tsx';
import { Nav } from './Nav.tsx';
import { useHashRoute, type RouteId } from './routes.ts';
import { ScreenBoundary } from './ScreenBoundary.tsx';
import { StatusBar } from './StatusBar.tsx';

const SCREENS: Record<RouteId, ComponentType> = {
  home: HomeScreen,
  sections: SectionsScreen,
  calendar: CalendarScreen,
  directory: DirectoryScreen,
  'box-office': BoxOfficeScreen,
  media: MediaScreen,
  people: PeopleScreen,
  audit: AuditScreen,
  sync: SyncScreen,
};

function skipToMain(e: MouseEvent) {
  // The address hash holds the route, so the skip link moves focus itself.
  e.preventDefault();
  document.getElementById('main')?.focus();
}

/** The signed-in app: banner, navigation, the current screen, errors and the status bar. */
export function Shell({ onSignOut }: { onSignOut: (() => void) | undefined }) {
  const route = useHashRoute();
  const Screen = SCREENS[route];
  return (
    <div className="app">
      <a className="skip-link" href="#main" onClick={skipToMain}>
        Skip to content
      </a>
      <CompanyHeader onSignOut={onSignOut} />
      <div className="layout">
        <Nav current={route} />
        <main id="main" tabIndex={-1} className="screen">
          <ScreenBoundary screen={route}>
            <Screen />
          </ScreenBoundary>
        </main>
      </div>
      <ErrorDisplay />
      <StatusBar />
    </div>
  );
}
