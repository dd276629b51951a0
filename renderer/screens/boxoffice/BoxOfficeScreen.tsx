import { useState } from 'react';
import { ScreenHeader } from '../../shell/ScreenHeader.tsx';
import { Tabs, type TabDef } from '../people/Tabs.tsx';
import { ChartEditor } from './ChartEditor.tsx';
import { AllocationsTab, OrdersTab, ReportsTab, WaitlistTab } from './ManageTabs.tsx';
import { PerformancePicker, SellTab } from './SellTab.tsx';

type TabId = 'sell' | 'orders' | 'waitlist' | 'allocations' | 'reports' | 'charts';
const TABS: readonly TabDef<TabId>[] = [
  { id: 'sell', label: 'Sell' },
  { id: 'orders', label: 'Refunds & exchanges' },
  { id: 'waitlist', label: 'Waiting list' },
  { id: 'allocations', label: 'Allocations' },
  { id: 'reports', label: 'Reports' },
  { id: 'charts', label: 'Seating charts' },
];
const PER_PERFORMANCE: ReadonlySet<TabId> = new Set(['sell', 'orders', 'waitlist', 'allocations']);

/** The box office: sell on the seat map, refunds and exchanges, waiting list, allocations per device, reports, chart editor. */
export function BoxOfficeScreen() {
  const [tab, setTab] = useState<TabId>('sell');
  const [performanceId, setPerformanceId] = useState('');
  return (
    <section className="screen boxoffice-screen">
      <ScreenHeader title="Box Office">
        <p>Seats, prices, orders, refunds and the waiting list for each performance.</p>
      </ScreenHeader>
      {PER_PERFORMANCE.has(tab) && <PerformancePicker value={performanceId} onChange={setPerformanceId} />}
      <Tabs label="Box office" tabs={TABS} selected={tab} onSelect={setTab}>
        {PER_PERFORMANCE.has(tab) && !performanceId && <p>Choose a performance.</p>}
        {tab === 'sell' && performanceId && <SellTab performanceId={performanceId} />}
        {tab === 'orders' && performanceId && <OrdersTab performanceId={performanceId} />}
        {tab === 'waitlist' && performanceId && <WaitlistTab performanceId={performanceId} />}
        {tab === 'allocations' && performanceId && <AllocationsTab performanceId={performanceId} />}
        {tab === 'reports' && <ReportsTab />}
        {tab === 'charts' && <ChartEditor />}
      </Tabs>
    </section>
  );
}
