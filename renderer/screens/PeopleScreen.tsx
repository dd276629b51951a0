import { useState } from 'react';
import { useApiQuery } from '../data/queries.ts';
import { ScreenHeader } from '../shell/ScreenHeader.tsx';
import { MatrixTab } from './people/MatrixTab.tsx';
import { PeopleTab } from './people/PeopleTab.tsx';
import { RolesTab } from './people/RolesTab.tsx';
import { Tabs } from './people/Tabs.tsx';

const TABS = [
  { id: 'people', label: 'People' },
  { id: 'roles', label: 'Roles and grants' },
  { id: 'matrix', label: 'What can this person do?' },
] as const;
type TabId = (typeof TABS)[number]['id'];

export function PeopleScreen() {
  const org = useApiQuery('org.get', {});
  const [tab, setTab] = useState<TabId>('people');
  return (
    <>
      <ScreenHeader title="People & Roles">
        Everyone who can sign in to Callboard{org.data ? ` for ${org.data.company.name}` : ''}, and the roles that decide what each person may see
        and edit. A deny always wins over any allow.
      </ScreenHeader>
      <Tabs label="People and roles" tabs={TABS} selected={tab} onSelect={setTab}>
        {tab === 'people' && <PeopleTab timeZone={org.data?.company.timeZone} />}
        {tab === 'roles' && <RolesTab />}
        {tab === 'matrix' && <MatrixTab />}
      </Tabs>
    </>
  );
}
