import { useState } from 'react';
import { useApiQuery } from '../../data/queries.ts';
import { QueryState } from '../../shell/QueryState.tsx';
import { addDays } from './calendar-model.ts';
import { OccurrenceList } from './OccurrenceList.tsx';
import { PeoplePicker, type PersonRef } from './PeoplePicker.tsx';
import { WindowFields, windowOk } from './WindowFields.tsx';

/** The signed-in person's calls (the directory entry with their e-mail), or someone else's chosen from the directory. */
export function MyCalls({ today, zone, colors, productionTitles }: { today: string; zone: string | undefined; colors: Map<string, string>; productionTitles: Map<string, string> }) {
  const [from, setFrom] = useState(today);
  const [to, setTo] = useState(addDays(today, 90));
  const [person, setPerson] = useState<PersonRef | null>(null);
  const calls = useApiQuery(
    'calendar.myCalls',
    { from, to, ...(zone ? { timeZone: zone } : {}), ...(person ? { personId: person.id } : {}) },
    { enabled: windowOk(from, to) },
  );
  return (
    <section className="my-calls" aria-label="My calls">
      <WindowFields
        from={from}
        to={to}
        onChange={(f, t) => {
          setFrom(f);
          setTo(t);
        }}
      />
      <PeoplePicker label="Whose calls (leave empty for yours)" single value={person ? [person] : []} onChange={(p) => setPerson(p[0] ?? null)} />
      {windowOk(from, to) && (
        <QueryState query={calls} what="calls">
          {(data) =>
            data.personId === null ? (
              <div className="rule-note" role="note">
                <p>
                  <strong>You are not linked to a directory entry.</strong> Calls are found through the directory person whose e-mail is the one you sign in
                  with; nobody in the directory has yours. Ask the company manager to add your e-mail to your directory entry, or choose a person above.
                </p>
              </div>
            ) : (
              <OccurrenceList
                occurrences={data.occurrences}
                label={person ? `Calls for ${person.name}` : 'Your calls'}
                colors={colors}
                productionTitles={productionTitles}
                empty="No calls between these dates."
              />
            )
          }
        </QueryState>
      )}
    </section>
  );
}
