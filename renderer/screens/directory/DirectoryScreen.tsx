import { useState } from 'react';
import { ScreenHeader } from '../../shell/ScreenHeader.tsx';
import { Tabs, type TabDef } from '../people/Tabs.tsx';
import { CreditsTab } from './CreditsTab.tsx';
import { DuplicatesTab } from './DuplicatesTab.tsx';
import { ImportTab } from './ImportTab.tsx';
import { ProgramTab } from './ProgramTab.tsx';
import { SearchTab } from './SearchTab.tsx';

type TabId = 'search' | 'credits' | 'duplicates' | 'import' | 'program';
const TABS: readonly TabDef<TabId>[] = [
  { id: 'search', label: 'People' },
  { id: 'credits', label: 'Cast & crew' },
  { id: 'duplicates', label: 'Duplicates' },
  { id: 'import', label: 'Import' },
  { id: 'program', label: 'Program' },
];

/** The cast and crew directory: search and profiles, credits per production, duplicates, import, programs. */
export function DirectoryScreen() {
  const [tab, setTab] = useState<TabId>('search');
  return (
    <section className="screen directory-screen">
      <ScreenHeader title="Directory">
        <p>Everyone who has worked on or appeared in a production, with their credits.</p>
      </ScreenHeader>
      <Tabs label="Directory" tabs={TABS} selected={tab} onSelect={setTab}>
        {tab === 'search' && <SearchTab />}
        {tab === 'credits' && <CreditsTab />}
        {tab === 'duplicates' && <DuplicatesTab />}
        {tab === 'import' && <ImportTab />}
        {tab === 'program' && <ProgramTab />}
      </Tabs>
    </section>
  );
}
