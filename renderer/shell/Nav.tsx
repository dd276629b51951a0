import { useEffect, useRef } from 'react';
import { ROUTES, hrefFor, type RouteId } from './routes.ts';

/** The main navigation: plain links (keyboard operable as they are), the current one marked with aria-current. */
export function Nav({ current }: { current: RouteId }) {
  const nav = useRef<HTMLElement>(null);
  useEffect(() => {
    // On narrow screens the list scrolls sideways: keep the current screen's link in view.
    const el = nav.current;
    const link = el?.querySelector<HTMLElement>('[aria-current="page"]');
    if (!el || !link || el.scrollWidth <= el.clientWidth) return;
    el.scrollLeft = link.offsetLeft - (el.clientWidth - link.offsetWidth) / 2;
  }, [current]);
  return (
    <nav className="main-nav" aria-label="Main" ref={nav}>
      <ul>
        {ROUTES.map((r) => (
          <li key={r.id}>
            <a href={hrefFor(r.id)} aria-current={r.id === current ? 'page' : undefined}>
              {r.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
