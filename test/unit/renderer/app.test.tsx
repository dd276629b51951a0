// @vitest-environment jsdom
import { act, cleanup, configure, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../../renderer/api/api-error.ts';
import { createFakeClient, type FakeClient } from '../../../renderer/api/fake-client.ts';
import type { Environment } from '../../../renderer/App.tsx';
import { createTokenStore } from '../../../renderer/session/token-store.ts';
import { demoHandlers, morgan, priya } from './fixtures.ts';
import { MemoryStorage, renderApp } from './render-app.tsx';

// Under a loaded machine (CI shares two cores) the first render can take over a second.
configure({ asyncUtilTimeout: 5000 });

afterEach(() => {
  cleanup();
  window.location.hash = '';
});

function browserEnv(client: FakeClient, opts: { initialToken?: string; session?: Storage; local?: Storage } = {}) {
  const session = opts.session ?? new MemoryStorage();
  const local = opts.local ?? new MemoryStorage();
  const tried: string[] = [];
  const env: Environment = {
    kind: 'browser',
    tokens: createTokenStore(session, local),
    initialToken: opts.initialToken,
    connect: async (token) => {
      tried.push(token);
      if (token !== 'cb_good') throw new ApiError('unauthenticated', 'The token is unknown or revoked');
      return client;
    },
  };
  return { env, session, local, tried };
}

const desktopEnv = (client: FakeClient): Environment => ({ kind: 'desktop', client });

async function signedIn(client = createFakeClient(demoHandlers()), heading = 'Welcome, Morgan') {
  const result = renderApp(desktopEnv(client));
  await screen.findByRole('heading', { level: 1, name: heading });
  return { client, ...result };
}

describe('sign-in (browser)', () => {
  it('signs in with a pasted token, keeps it for this tab only, and shows the company', async () => {
    const { env, session, local, tried } = browserEnv(createFakeClient(demoHandlers()));
    renderApp(env);
    fireEvent.change(screen.getByLabelText('Sign-in token'), { target: { value: '  cb_good ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Welcome, Morgan' })).toBeTruthy();
    expect(within(screen.getByRole('banner')).getByText('Riverside Players')).toBeTruthy();
    expect(within(screen.getByRole('banner')).getByText('Millbrook, Oregon · America/Los_Angeles')).toBeTruthy();
    expect(tried).toEqual(['cb_good']);
    expect(session.getItem('callboard.token')).toBe('cb_good');
    expect(local.getItem('callboard.token')).toBeNull();
  });

  it('"Remember me" keeps the token in localStorage', async () => {
    const { env, session, local } = browserEnv(createFakeClient(demoHandlers()));
    renderApp(env);
    fireEvent.change(screen.getByLabelText('Sign-in token'), { target: { value: 'cb_good' } });
    fireEvent.click(screen.getByLabelText('Remember me on this computer'));
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    await screen.findByRole('heading', { level: 1, name: 'Welcome, Morgan' });
    expect(local.getItem('callboard.token')).toBe('cb_good');
    expect(session.getItem('callboard.token')).toBeNull();
  });

  it('shows the API error message and code for a refused token, and stores nothing', async () => {
    const { env, session, local } = browserEnv(createFakeClient(demoHandlers()));
    renderApp(env);
    fireEvent.change(screen.getByLabelText('Sign-in token'), { target: { value: 'cb_wrong' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The token is unknown or revoked');
    expect(alert.textContent).toContain('Error code: unauthenticated');
    expect(session.length + local.length).toBe(0);
  });

  it('asks for a token when the field is empty', () => {
    const { env, tried } = browserEnv(createFakeClient(demoHandlers()));
    renderApp(env);
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(screen.getByText('Enter your sign-in token.')).toBeTruthy();
    expect(tried).toEqual([]);
  });

  it('signs in directly with a token from the address, and signs out', async () => {
    const client = createFakeClient(demoHandlers());
    const { env, session } = browserEnv(client, { initialToken: 'cb_good' });
    renderApp(env);
    expect(await screen.findByRole('heading', { level: 1, name: 'Welcome, Morgan' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Sign out' }));
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeTruthy();
    expect(session.getItem('callboard.token')).toBeNull();
    expect(client.status.get().connection).toBe('closed');
  });

  it('reuses a stored token on reload', async () => {
    const session = new MemoryStorage();
    session.setItem('callboard.token', 'cb_good');
    const { env, tried } = browserEnv(createFakeClient(demoHandlers()), { session });
    renderApp(env);
    await screen.findByRole('heading', { level: 1, name: 'Welcome, Morgan' });
    expect(tried).toEqual(['cb_good']);
  });

  it('returns to sign-in with the reason when the daemon later refuses the token', async () => {
    const client = createFakeClient(demoHandlers());
    const { env } = browserEnv(client, { initialToken: 'cb_good' });
    renderApp(env);
    await screen.findByRole('heading', { level: 1, name: 'Welcome, Morgan' });
    act(() => {
      client.setConnection('rejected', new ApiError('unauthenticated', 'Unknown user or suspended account'));
    });
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toContain('Unknown user or suspended account');
  });
});

describe('desktop mode', () => {
  it('needs no sign-in, shows who you are and "Desktop (local)", and offers no sign-out', async () => {
    await signedIn(createFakeClient(demoHandlers(), { mode: 'desktop' }));
    const status = screen.getByRole('contentinfo', { name: 'Status' });
    expect(status.textContent).toContain('Desktop (local)');
    await waitFor(() => expect(status.textContent).toContain('Signed in as Morgan Reyes'));
    expect(screen.queryByRole('button', { name: 'Sign out' })).toBeNull();
  });
});

describe('navigation', () => {
  // Feature screens are tested in their own files against richer fakes; here every link
  // opens its screen, marks itself current and shows no filler text.
  const screens: [string, string, string | undefined][] = [
    ['Sections', 'Sections', undefined],
    ['Calendar', 'Calendar', undefined],
    ['Directory', 'Directory', undefined],
    ['Box Office', 'Box Office', undefined],
    ['Media', 'Media', undefined],
    ['People & Roles', 'People & Roles', 'Priya Natarajan'],
    ['Audit', 'Audit log', 'Added user Priya Natarajan <priya@example.org>'],
    ['Sync', 'Sync', 'dev-1a2b3c'],
    ['Home', 'Welcome, Morgan', 'Millbrook, Oregon'],
  ];

  it.each(screens)('the %s link opens its screen and marks itself current', async (link, heading, content) => {
    await signedIn();
    const nav = screen.getByRole('navigation', { name: 'Main' });
    const anchor = within(nav).getByRole('link', { name: link });
    act(() => {
      window.location.hash = anchor.getAttribute('href') ?? '';
      window.dispatchEvent(new HashChangeEvent('hashchange'));
    });
    expect(await screen.findByRole('heading', { level: 1, name: heading })).toBeTruthy();
    if (content !== undefined) expect((await screen.findAllByText(content, { exact: false })).length).toBeGreaterThan(0);
    expect(screen.getByRole('main').textContent).not.toMatch(/lorem|TODO|\[object Object\]/i);
    expect(anchor.getAttribute('aria-current')).toBe('page');
    expect(within(nav).getAllByRole('link').filter((a) => a.getAttribute('aria-current') === 'page')).toHaveLength(1);
  });

  it('has the landmarks: banner, main navigation, main and status', async () => {
    await signedIn();
    expect(screen.getByRole('banner')).toBeTruthy();
    expect(screen.getByRole('navigation', { name: 'Main' })).toBeTruthy();
    expect(screen.getByRole('main')).toBeTruthy();
    expect(screen.getByRole('contentinfo', { name: 'Status' })).toBeTruthy();
  });
});

describe('People & Roles', () => {
  beforeEach(() => {
    window.location.hash = '#/people';
  });

  it('lists users with their roles and status', async () => {
    await signedIn(undefined, 'People & Roles');
    const table = await screen.findByRole('table');
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((r) => within(r).getByRole('rowheader').querySelector('.person-name')?.textContent)).toEqual([
      'Morgan Reyes',
      'Priya Natarajan',
      'Dev Okafor',
    ]);
    expect(within(rows[0]!).getByRole('list', { name: 'Roles of Morgan Reyes' }).textContent).toBe('Admin');
    expect(within(rows[1]!).getByText('No roles yet')).toBeTruthy();
    expect(within(rows[2]!).getByText('Stage manager')).toBeTruthy();
    expect(within(rows[2]!).getByText('Suspended')).toBeTruthy();
    expect(screen.getByText(/1 person has no role yet/)).toBeTruthy();
  });

  it('shows the API error message and code when the list cannot be loaded, and retries', async () => {
    const client = createFakeClient({
      ...demoHandlers(),
      'users.list': () => {
        throw new ApiError('forbidden', 'You may not view policy');
      },
    });
    renderApp(desktopEnv(client));
    const alert = await screen.findByText('You may not view policy');
    const box = alert.closest('[role="alert"]') as HTMLElement;
    expect(box.textContent).toContain('Could not load people.');
    expect(box.textContent).toContain('Error code: forbidden');
    expect(box.textContent).not.toMatch(/at \w+ \(|\.tsx?:\d+/); // no stack
    client.setHandlers({ 'users.list': () => [morgan, priya] });
    fireEvent.click(within(box).getByRole('button', { name: 'Try again' }));
    expect(await screen.findByText('Priya Natarajan')).toBeTruthy();
  });

  it('a failed change shows the API error in the error display, dismissible', async () => {
    const client = createFakeClient({
      ...demoHandlers(),
      'users.create': () => {
        throw { code: 'conflict', message: 'A user with email priya@example.org already exists', details: { field: 'email' } };
      },
    });
    renderApp(desktopEnv(client));
    await screen.findByText('Priya Natarajan');
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'Priya Again' } });
    fireEvent.change(screen.getByLabelText('Email'), { target: { value: 'priya@example.org' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add person' }));
    const errors = await screen.findByRole('region', { name: 'Errors' });
    expect(errors.textContent).toContain('A user with email priya@example.org already exists');
    expect(errors.textContent).toContain('Error code: conflict');
    expect(screen.getByLabelText('Email').getAttribute('aria-invalid')).toBe('true');
    expect(client.calls.at(-1)).toEqual({ procedure: 'users.create', input: { name: 'Priya Again', email: 'priya@example.org' } });
    fireEvent.click(within(errors).getByRole('button', { name: /^Dismiss error/ }));
    await waitFor(() => expect(screen.queryByRole('region', { name: 'Errors' })).toBeNull());
  });

  it('a change event from a subscription invalidates and refetches', async () => {
    const users = [morgan];
    const client = createFakeClient(demoHandlers(users));
    renderApp(desktopEnv(client));
    await screen.findByText('Morgan Reyes', { selector: '.person-name' });
    expect(screen.queryByText('Priya Natarajan')).toBeNull();
    expect(client.subscriptionCount()).toBe(1);
    const listsBefore = client.calls.filter((c) => c.procedure === 'users.list').length;

    users.push(priya); // another device added Priya
    act(() => client.emit({ docId: 'policy', type: 'policy', scope: 'policy', heads: ['h2'], origin: 'remote' }));

    expect(await screen.findByText('Priya Natarajan')).toBeTruthy();
    expect(client.calls.filter((c) => c.procedure === 'users.list').length).toBe(listsBefore + 1);
  });
});

describe('Audit', () => {
  it('lists entries with time, user name, summary and outcome, and filters by outcome', async () => {
    window.location.hash = '#/audit';
    const client = createFakeClient(demoHandlers());
    renderApp(desktopEnv(client));
    const table = await screen.findByRole('table');
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(2);
    expect(rows[0]!.textContent).toContain('Morgan Reyes');
    expect(rows[0]!.textContent).toContain('Added user Priya Natarajan');
    expect(rows[0]!.textContent).toContain('Allowed');
    expect(rows[0]!.querySelector('time')?.textContent).toMatch(/2026/);
    expect(rows[1]!.textContent).toContain('Priya Natarajan');
    expect(rows[1]!.textContent).toContain('Denied');

    client.setHandlers({ 'audit.list': () => [] });
    fireEvent.change(screen.getByLabelText('Outcome'), { target: { value: 'denied' } });
    expect(await screen.findByText('No denied entries.')).toBeTruthy();
    expect(client.calls.at(-1)).toEqual({ procedure: 'audit.list', input: { limit: 50, outcome: 'denied' } });
  });
});

describe('status bar', () => {
  it('shows connection state and counts calls in flight', async () => {
    let release: () => void = () => {};
    const client = createFakeClient(demoHandlers());
    await signedIn(client);
    const status = screen.getByRole('contentinfo', { name: 'Status' });
    expect(status.textContent).toContain('Online');
    expect(status.textContent).toContain('Nothing pending');

    client.setHandlers({ 'system.health': () => new Promise((resolve) => (release = () => resolve({ ok: true, version: '0.1.0', deviceId: 'd', documents: 2, uptimeMs: 1 }))) });
    act(() => {
      window.location.hash = '#/sync';
      window.dispatchEvent(new HashChangeEvent('hashchange'));
    });
    await waitFor(() => expect(status.textContent).toContain('1 pending'));
    act(() => release());
    await waitFor(() => expect(status.textContent).toContain('Nothing pending'));

    act(() => client.setConnection('offline'));
    expect(status.textContent).toContain('Offline — reconnecting');
    expect(screen.getByRole('button', { name: 'Reconnect now' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Reconnect now' }));
    expect(status.textContent).toContain('Online');
  });

  it('errors the transport reports outside any call appear in the error display', async () => {
    const client = createFakeClient(demoHandlers());
    await signedIn(client);
    act(() => client.raise(new ApiError('invalid', 'Malformed message: bad shape')));
    const errors = await screen.findByRole('region', { name: 'Errors' });
    expect(errors.textContent).toContain('Malformed message: bad shape');
    expect(errors.textContent).toContain('Error code: invalid');
  });
});
