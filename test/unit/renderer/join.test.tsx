// @vitest-environment jsdom
import { cleanup, configure, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../../renderer/api/api-error.ts';
import { createFakeClient } from '../../../renderer/api/fake-client.ts';
import type { ProcedureInput } from '../../../renderer/api/types.ts';
import { addressInInvite } from '../../../renderer/screens/sync/JoinCompany.tsx';
import { demoHandlers } from './fixtures.ts';
import { renderApp } from './render-app.tsx';

configure({ asyncUtilTimeout: 5000 });
afterEach(cleanup);

const KEY = 'A'.repeat(43);
const LINK = `callboard://enroll?code=7K3QM-XD9P2&url=${encodeURIComponent('callboard-sync://192.168.1.20:4821')}&key=${KEY}`;

function unenrolledClient(join: (input: ProcedureInput<'sync.join'>) => unknown) {
  let enrolled = false;
  const demo = demoHandlers();
  return createFakeClient(
    {
      ...demo,
      'session.whoami': (input) => {
        if (!enrolled) throw new ApiError('unauthenticated', 'This device belongs to no company yet: join one with an invite', { reason: 'no_company' });
        return (demo['session.whoami'] as (i: typeof input) => unknown)(input) as never;
      },
      'sync.join': (input) => {
        const r = join(input);
        enrolled = true;
        return r as never;
      },
    },
    { mode: 'desktop' },
  );
}

describe('Join a company (first run on a device with no company)', () => {
  it('reads the address from a pasted invite link', () => {
    expect(addressInInvite(LINK)).toBe('callboard-sync://192.168.1.20:4821');
    expect(addressInInvite('7K3QM-XD9P2')).toBeUndefined();
  });

  it('joins with a pasted QR link, shows what arrived, then opens the app as the enrolled user', async () => {
    const calls: Array<ProcedureInput<'sync.join'>> = [];
    const client = unenrolledClient((input) => {
      calls.push(input);
      return { deviceId: 'dev-0a1b2c3d4e5f6a7b', deviceName: 'Box office laptop', userId: 'u-hannah', userName: 'Hannah Lindqvist', company: 'Riverside Players', peer: 'callboard-sync://192.168.1.20:4821', documents: 42, complete: true };
    });
    renderApp({ kind: 'desktop', client });
    expect(await screen.findByRole('heading', { name: 'Join a company' })).toBeTruthy();
    const join = screen.getByRole('button', { name: 'Join' }) as HTMLButtonElement;
    expect(join.disabled).toBe(true);
    fireEvent.change(screen.getByLabelText('Invite code or link'), { target: { value: LINK } });
    expect(screen.getByText(/From the link: callboard-sync:\/\/192\.168\.1\.20:4821/)).toBeTruthy();
    fireEvent.click(join);
    expect(await screen.findByRole('heading', { name: 'Joined Riverside Players' })).toBeTruthy();
    expect(calls).toEqual([{ invite: LINK }]);
    expect(screen.getByText(/42 documents/)).toBeTruthy();
    expect(screen.getByText('Hannah Lindqvist')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Open Callboard' }));
    await waitFor(() => expect(screen.queryByRole('heading', { name: /Join/ })).toBeNull());
  });

  it('shows a refused invite by name and keeps the form to try again', async () => {
    const client = unenrolledClient(() => {
      throw new ApiError('forbidden', 'Sync with callboard-sync://office:4821 refused: enrollment_refused: This invite was already used', { reason: 'invite_used' });
    });
    renderApp({ kind: 'desktop', client });
    fireEvent.change(await screen.findByLabelText('Invite code or link'), { target: { value: '7K3QM-XD9P2' } });
    fireEvent.change(screen.getByLabelText('Address of the inviting device'), { target: { value: 'callboard-sync://office:4821' } });
    fireEvent.click(screen.getByRole('button', { name: 'Join' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('already used');
    expect(alert.textContent).toContain('invite_used');
    expect(screen.getByRole('heading', { name: 'Join a company' })).toBeTruthy();
  });

  it('is not shown on a device that belongs to a company', async () => {
    const client = createFakeClient(demoHandlers(), { mode: 'desktop' });
    renderApp({ kind: 'desktop', client });
    await waitFor(() => expect(client.calls.some((c) => c.procedure === 'session.whoami')).toBe(true));
    expect(screen.queryByRole('heading', { name: 'Join a company' })).toBeNull();
  });
});
