import { useState } from 'react';
import { useApiQuery } from '../../data/queries.ts';
import { QueryState } from '../../shell/QueryState.tsx';
import { AddPersonForm } from './AddPersonForm.tsx';
import { PeopleTable } from './PeopleTable.tsx';
import { PersonEditor } from './PersonEditor.tsx';
import { usePolicy, useRoleNames } from './policy-data.ts';

export function PeopleTab({ timeZone }: { timeZone: string | undefined }) {
  const users = useApiQuery('users.list', {});
  const policy = usePolicy();
  const roleName = useRoleNames();
  const [managing, setManaging] = useState<string | undefined>();
  const current = users.data?.find((u) => u.id === managing);
  return (
    <>
      <QueryState query={users} what="people">
        {(list) => <PeopleTable users={list} roleName={roleName} timeZone={timeZone} onManage={setManaging} />}
      </QueryState>
      {current && <PersonEditor user={current} roles={policy.data?.roles} onClose={() => setManaging(undefined)} />}
      <AddPersonForm roles={policy.data?.roles} />
    </>
  );
}
