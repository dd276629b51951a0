import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CallboardError } from '../../../core/errors.ts';
import type { ChannelPeer, SyncChannel } from '../../../core/sync/channels.ts';
import { company, connect, disconnect, emptyReplica, enrolled, user, type Company } from './harness.ts';

let c: Company | undefined;
afterEach(() => {
  c?.cleanup();
  c = undefined;
});

const echoSchema = z.object({ say: z.string().max(100) }).strict();

/** A channel that records what it sees and answers `ping` with `pong`. */
function echo(log: string[]): SyncChannel<z.infer<typeof echoSchema>> {
  return {
    name: 'echo',
    schema: echoSchema,
    opened: (p) => log.push(`opened ${p.deviceId.slice(0, 4)} may-view-costumes=${p.mayView('section:costumes', 'section:costumes')}`),
    message: (p: ChannelPeer, m) => {
      log.push(`got ${m.say}`);
      if (m.say === 'ping') p.send({ say: 'pong' });
      if (m.say === 'boom') throw new CallboardError('not_found', 'no such blob', { reason: 'blob_missing' });
    },
    closed: () => log.push('closed'),
  };
}

function refusals(session: { transport: unknown }): string[] {
  return (session.transport as { sent: string[] }).sent
    .map((s) => JSON.parse(s) as { t: string; reason?: string })
    .filter((m) => m.t === 'refused')
    .map((m) => m.reason!);
}

describe('extension channels', () => {
  it('open on authenticated sessions, carry parsed messages both ways, refuse bad ones by name and keep the connection', async () => {
    c = await company();
    const priya = await user(c, 'Priya Natarajan', ['costumes']);
    const laptop = await enrolled(c, 'priya', priya);
    const hubLog: string[] = [];
    const laptopLog: string[] = [];
    c.hub.app.services.sync.registerChannel(echo(hubLog));
    laptop.app.services.sync.registerChannel(echo(laptopLog));
    expect(() => c!.hub.app.services.sync.registerChannel(echo([]))).toThrow(/already registered/);
    expect(() => c!.hub.app.services.sync.registerChannel({ ...echo([]), name: 'Bad Name!' })).toThrow(/Bad channel name/);

    const [hubSide, laptopSide] = connect(c, c.hub, laptop);
    c.net.deliver();
    expect(hubLog).toEqual([`opened ${laptop.app.store.deviceId.slice(0, 4)} may-view-costumes=true`]);
    expect(laptopSide.channelPeer?.deviceId).toBe(c.hub.app.store.deviceId);

    // A ping from the laptop reaches the hub's channel, whose pong reaches the laptop's.
    laptopSide.transport.send(JSON.stringify({ t: 'x', ch: 'echo', m: { say: 'ping' } }));
    c.net.deliver();
    expect(hubLog).toContain('got ping');
    expect(laptopLog).toContain('got pong');

    // Unknown channel, unparsable message, a handler's named error: refused, connection open.
    laptopSide.transport.send(JSON.stringify({ t: 'x', ch: 'nope', m: {} }));
    laptopSide.transport.send(JSON.stringify({ t: 'x', ch: 'echo', m: { say: 42 } }));
    laptopSide.transport.send(JSON.stringify({ t: 'x', ch: 'echo', m: { say: 'boom' } }));
    c.net.deliver();
    expect(refusals(hubSide)).toEqual(['unknown_channel', 'unparsable', 'blob_missing']);
    expect(hubSide.open && laptopSide.open).toBe(true);
    laptopSide.transport.send(JSON.stringify({ t: 'x', ch: 'echo', m: { say: 'still here' } }));
    c.net.deliver();
    expect(hubLog).toContain('got still here');

    disconnect([hubSide, laptopSide]);
    c.net.deliver();
    expect(hubLog.at(-1)).toBe('closed');
    expect(laptopLog.at(-1)).toBe('closed');
  });

  it('carries nothing before authentication', async () => {
    c = await company();
    const log: string[] = [];
    c.hub.app.services.sync.registerChannel(echo(log));
    const stranger = await emptyReplica(c, 'stranger');
    const [hubSide, strangerSide] = connect(c, c.hub, stranger);
    strangerSide.transport.send(JSON.stringify({ t: 'x', ch: 'echo', m: { say: 'ping' } }));
    c.net.deliver();
    expect(log).toEqual([]);
    expect(refusals(hubSide)).toContain('not_authenticated');
  });
});
