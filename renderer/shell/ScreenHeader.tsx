import { useEffect, useRef, type ReactNode } from 'react';

/** A screen's title. It takes focus when the screen opens, so keyboard and screen reader users land on it. */
export function ScreenHeader({ title, children }: { title: string; children?: ReactNode }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} · Callboard`;
    if (document.activeElement && document.activeElement !== document.body && !document.activeElement.closest('nav')) return;
    heading.current?.focus({ preventScroll: true });
  }, [title]);
  return (
    <div className="screen-header">
      <h1 ref={heading} tabIndex={-1}>
        {title}
      </h1>
      {children && <div className="screen-lede">{children}</div>}
    </div>
  );
}
