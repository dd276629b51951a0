import { useEffect, useState } from 'react';

export const ROUTES = [
  { id: 'home', label: 'Home', title: 'Overview' },
  { id: 'sections', label: 'Sections', title: 'Sections' },
  { id: 'calendar', label: 'Calendar', title: 'Calendar' },
  { id: 'directory', label: 'Directory', title: 'Directory' },
  { id: 'box-office', label: 'Box Office', title: 'Box Office' },
  { id: 'media', label: 'Media', title: 'Media' },
  { id: 'people', label: 'People & Roles', title: 'People & Roles' },
  { id: 'audit', label: 'Audit', title: 'Audit log' },
  { id: 'sync', label: 'Sync', title: 'Sync' },
] as const;

export type RouteId = (typeof ROUTES)[number]['id'];

export const hrefFor = (id: RouteId): string => `#/${id}`;

/** The route named by an address hash like `#/people`; other hashes name no route. */
export function routeFromHash(hash: string): RouteId | undefined {
  if (!hash.startsWith('#/')) return undefined;
  const id = hash.slice(2).split(/[/?]/)[0];
  return ROUTES.find((r) => r.id === id)?.id;
}

/** The current screen, from the address hash (so back/forward and bookmarks work, in the browser and in Electron). */
export function useHashRoute(): RouteId {
  const [route, setRoute] = useState<RouteId>(() => routeFromHash(window.location.hash) ?? 'home');
  useEffect(() => {
    const onChange = () => {
      const next = routeFromHash(window.location.hash);
      if (next) setRoute(next);
      else if (window.location.hash === '' || window.location.hash === '#/') setRoute('home');
    };
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
