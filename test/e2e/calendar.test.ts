/**
 * The Calendar in Debian's Chromium against a demo daemon, as the company manager Morgan Reyes:
 * create "The Crucible" with its schedule (a Mon/Wed/Thu rehearsal series for six weeks with one
 * night skipped, dress, six performances, tech) at the Riverside Playhouse, see it in the month
 * and week views, drag a rehearsal onto the tech (Dev Okafor is called to both), see the warning
 * and keep it with a reason, find it under Conflicts, and open My calls.
 * Screenshots are kept in test-results/e2e-calendar-*.png.
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { stepShots, useDemoInBrowser } from './session.ts';

const e2e = useDemoInBrowser();
const consoleProblems = e2e.consoleProblems;
let page: Page;
beforeAll(() => {
  page = e2e.page;
});

const shots = (name: string) => stepShots(() => page, 'calendar', name);

const main = () => page.getByRole('main');
const eventForm = () => main().getByRole('form', { name: 'New event' });

async function noErrors() {
  expect(await page.getByRole('region', { name: 'Errors' }).count()).toBe(0);
}

interface NewEvent {
  type: string;
  title: string;
  space: string;
  start: string;
  end: string;
  repeat?: { add: string[]; count: number; skip?: string };
  public?: boolean;
}

async function createEvent(e: NewEvent) {
  if (!(await eventForm().isVisible())) await main().getByRole('button', { name: 'New event' }).click();
  const form = eventForm();
  await form.getByLabel('Type', { exact: true }).selectOption({ label: e.type });
  await form.getByLabel('Title', { exact: true }).fill(e.title);
  await form.getByLabel('Production', { exact: true }).selectOption({ label: 'The Crucible (2026-27)' });
  await form.getByLabel('Venue', { exact: true }).selectOption({ label: 'Riverside Playhouse' });
  await form.getByLabel('Space', { exact: true }).selectOption({ label: e.space });
  await form.getByLabel('Starts', { exact: true }).fill(e.start);
  await form.getByLabel('Ends', { exact: true }).fill(e.end);
  await form.getByText('Times are local: PST, America/Los_Angeles, the time zone of Riverside Playhouse.').waitFor();
  await form.getByLabel('People called').fill('Dev Oka');
  await form.getByRole('button', { name: 'Call Dev Okafor' }).click();
  if (e.public) await form.getByLabel(/^Public/).check();
  if (e.repeat) {
    await form.getByLabel('Repeats').check();
    for (const day of e.repeat.add) await form.getByLabel(day, { exact: true }).check();
    await form.getByLabel('Number of dates').fill(String(e.repeat.count));
    if (e.repeat.skip) {
      await form.getByLabel('Skip a date (exception)').fill(e.repeat.skip);
      await form.getByRole('button', { name: 'Add exception' }).click();
    }
  }
  await form.getByRole('button', { name: 'Create event' }).click();
  await form.waitFor({ state: 'detached' });
  await noErrors();
}


describe('Calendar, as Morgan Reyes in the demo', () => {
  it('signs in and opens the calendar', async () => {
    await page.goto(`${e2e.demo.url}#token=${e2e.demo.token}`);
    await page.getByRole('heading', { level: 1, name: 'Welcome, Morgan' }).waitFor();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Calendar', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Calendar' }).waitFor();
    await main().getByRole('group', { name: 'View' }).waitFor();
  });

  it('creates "The Crucible" with its rehearsal series, dress, performances and tech', async () => {
    const keep = shots('create');
    await main().getByRole('button', { name: 'New production' }).click();
    const prod = main().getByRole('form', { name: 'New production' });
    await prod.getByRole('button', { name: 'Create production' }).click();
    await prod.getByText('Give the production a title.').waitFor();
    await prod.getByLabel('Title').fill('The Crucible');
    await prod.getByLabel('Season').fill('2026-27');
    await prod.getByLabel('Opening').fill('2027-03-05');
    await prod.getByLabel('Closing').fill('2027-03-07');
    await prod.getByRole('button', { name: 'Create production' }).click();
    await eventForm().waitFor();
    expect(await eventForm().getByLabel('Production').inputValue()).toMatch(/crucible/);

    // A bad input is explained before anything is sent.
    await eventForm().getByLabel('Title').fill('');
    await eventForm().getByRole('button', { name: 'Create event' }).click();
    await eventForm().getByText(/Give the event a title\./).first().waitFor();

    await createEvent({
      type: 'Rehearsal', title: 'Rehearsal', space: 'Studio (60)', start: '2027-01-18T19:00', end: '2027-01-18T22:00',
      repeat: { add: ['Wed', 'Thu'], count: 18, skip: '2027-02-03' },
    });
    await createEvent({ type: 'Dress rehearsal', title: 'Dress rehearsal', space: 'Main stage (220)', start: '2027-03-03T18:30', end: '2027-03-03T22:30' });
    await createEvent({ type: 'Performance', title: 'The Crucible', space: 'Main stage (220)', start: '2027-03-05T19:30', end: '2027-03-05T22:00', repeat: { add: ['Sat', 'Sun'], count: 6 }, public: true });
    await createEvent({ type: 'Tech', title: 'Tech rehearsal', space: 'Main stage (220)', start: '2027-02-27T10:00', end: '2027-02-27T18:00' });
    await keep('done');
  });

  it('shows the schedule in the month view, filtered to the production, with its colour named', async () => {
    const keep = shots('month');
    await main().getByRole('search', { name: 'Filter the calendar' }).getByLabel('Production').selectOption({ label: 'The Crucible (2026-27)' });
    await main().getByRole('heading', { name: 'February 2027' }).waitFor();
    const rehearsals = main().locator('.fc-daygrid-event[aria-label^="Rehearsal, Rehearsal, The Crucible"]');
    await rehearsals.first().waitFor();
    // Feb 1–28: Mon/Wed/Thu except Feb 3 → 11 rehearsals (Feb 1, 4, 8, 10, 11, 15, 17, 18, 22, 24, 25).
    expect(await rehearsals.count()).toBe(11);
    expect(await main().locator('[aria-label*="2027-02-03"]').count()).toBe(0);
    await main().locator('.fc-daygrid-event[aria-label^="Tech rehearsal"]').waitFor();
    expect(await main().getByRole('list', { name: 'Production colours' }).textContent()).toContain('The Crucible');
    await keep('february');
    await main().getByRole('button', { name: 'Next ›' }).click();
    await main().getByRole('heading', { name: 'March 2027' }).waitFor();
    const performances = main().locator('.fc-daygrid-event[aria-label^="The Crucible, Performance"]');
    await performances.first().waitFor();
    expect(await performances.count()).toBe(6);
    await keep('march');
    await main().getByRole('button', { name: '‹ Previous' }).click();
    await main().getByRole('heading', { name: 'February 2027' }).waitFor();
  });

  it('in the week view, dragging Thursday’s rehearsal onto the tech warns of the conflict; kept with a reason', async () => {
    const keep = shots('move');
    await main().getByRole('button', { name: 'Week', exact: true }).click();
    const title = main().locator('.calendar-title');
    while (!/Feb 22/.test((await title.textContent()) ?? '')) await main().getByRole('button', { name: 'Next ›' }).click();
    const thursday = main().locator('.fc-timegrid-event[aria-label^="Rehearsal, Rehearsal, The Crucible, 2027-02-25"]');
    await thursday.waitFor();
    await keep('week');

    // Room for the whole evening and the tech in one screen, so the drag stays in the viewport.
    await page.setViewportSize({ width: 1366, height: 1600 });
    await page.evaluate(() => window.scrollTo(0, 0));
    const box = (await thursday.boundingBox())!;
    const column = (await main().locator('td.fc-timegrid-col[data-date="2027-02-27"]').boundingBox())!;
    const noon = (await main().locator('td.fc-timegrid-slot-lane[data-time="12:00:00"]').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + 4);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + 10, box.y + 10, { steps: 3 });
    await page.mouse.move(column.x + column.width / 2, noon.y + 4, { steps: 12 });
    await page.mouse.up();

    const panel = main().getByRole('region', { name: 'Move an event' });
    await panel.waitFor();
    expect(await panel.getByLabel(/This occurrence/).isChecked()).toBe(true);
    const warning = panel.getByRole('alertdialog', { name: 'Move “Rehearsal”' });
    await warning.waitFor();
    const text = (await warning.textContent()) ?? '';
    expect(text).toContain('Person called twice');
    expect(text).toContain('Dev Okafor');
    expect(text).toMatch(/to Sat, Feb 27, 2027, 12:00 PM – 3:00 PM PST \(America\/Los_Angeles\)/);
    await keep('warning');

    await warning.getByRole('button', { name: 'Keep it anyway' }).click();
    await warning.getByText(/Give a reason/).waitFor();
    await warning.getByLabel('Reason for keeping it').fill('Dev hands tech to the ASM for three hours');
    await warning.getByRole('button', { name: 'Keep it anyway' }).click();
    await panel.waitFor({ state: 'detached' });
    await main().locator('.fc-timegrid-event[aria-label^="Rehearsal, Rehearsal, The Crucible, 2027-02-27"]').waitFor();
    expect(await thursday.count()).toBe(0);
    await noErrors();
    await keep('moved');
    await page.setViewportSize({ width: 1366, height: 900 });
  });

  it('the conflicts view lists it, and My calls opens', async () => {
    const keep = shots('calls');
    await main().getByRole('tab', { name: 'Conflicts' }).click();
    const conflicts = main().getByRole('region', { name: 'Conflicts by production' });
    await conflicts.getByLabel('Production').selectOption({ label: 'The Crucible (2026-27)' });
    await conflicts.getByLabel('From').fill('2027-01-01');
    await conflicts.getByLabel('To').fill('2027-04-01');
    const list = conflicts.getByRole('list', { name: 'Conflicts of The Crucible' });
    await list.waitFor();
    expect(await list.textContent()).toContain('Dev Okafor');
    await keep('conflicts', main());

    await main().getByRole('tab', { name: 'My calls' }).click();
    const calls = main().getByRole('region', { name: 'My calls' });
    // Morgan is linked to the directory in the demo, so their own calls show first.
    await calls.getByRole('list', { name: /^Calls for Morgan Reyes|^Your calls/ }).or(calls.getByText(/No calls between these dates/)).first().waitFor();
    await calls.getByLabel('From').fill('2027-02-20');
    await calls.getByLabel('To').fill('2027-03-10');
    await calls.getByLabel(/Whose calls/).fill('Dev Oka');
    await calls.getByRole('button', { name: 'Choose Dev Okafor' }).click();
    const devCalls = calls.getByRole('list', { name: 'Calls for Dev Okafor' });
    await devCalls.waitFor();
    const text = (await devCalls.textContent()) ?? '';
    expect(text).toContain('Tech rehearsal');
    expect(text).toContain('Rehearsal · The Crucible');
    await keep('my-calls');
    await noErrors();
    // FullCalendar's stylesheet declares its icon font as a data: URL, which Chromium fetches on
    // parsing and the daemon's CSP (no font-src) refuses; the calendar draws those icons as text.
    // FullCalendar 6's React adaptor calls flushSync while React 19 renders (a known warning of
    // that pairing, harmless here); anything else on the console is a problem.
    expect(consoleProblems.filter((m) => !/^Loading the font 'data:application\/x-font-ttf|^flushSync was called from inside a lifecycle method/.test(m))).toEqual([]);
  });
});
