import type { ReactNode } from 'react';
import { ScreenHeader } from '../shell/ScreenHeader.tsx';

export interface EmptyFeatureProps {
  title: string;
  lede: string;
  emptyTitle: string;
  /** What this screen will hold. */
  children: ReactNode;
  /** What to do next, today. */
  next: ReactNode;
}

/** The honest state of a screen whose feature this version of Callboard does not have yet. */
export function EmptyFeature({ title, lede, emptyTitle, children, next }: EmptyFeatureProps) {
  return (
    <>
      <ScreenHeader title={title}>{lede}</ScreenHeader>
      <section className="empty-state" aria-labelledby="empty-title">
        <h2 id="empty-title">{emptyTitle}</h2>
        <div className="empty-body">{children}</div>
        <div className="empty-next">
          <h3>What to do next</h3>
          {next}
        </div>
      </section>
    </>
  );
}
