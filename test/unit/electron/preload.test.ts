import { describe, expect, it, vi } from 'vitest';
import type { CallboardBridge } from '../../../electron/bridge.ts';
import { CHANNELS } from '../../../electron/contract.ts';
import { exposeApi } from '../../../electron/preload-api.ts';
import { FakeContextBridge, FakeIpcRenderer } from './fakes.ts';

function exposed() {
  const contextBridge = new FakeContextBridge();
  const ipcRenderer = new FakeIpcRenderer();
  exposeApi(contextBridge, ipcRenderer);
  const api = contextBridge.exposed.get('callboard') as CallboardBridge;
  return { contextBridge, ipcRenderer, api };
}

describe('preload', () => {
  it('exposes exactly window.callboard = {invoke, subscribe, uploadChunk, readMedia}, frozen, and nothing else', () => {
    const { contextBridge, api } = exposed();
    expect([...contextBridge.exposed.keys()]).toEqual(['callboard']);
    expect(Object.keys(api).sort()).toEqual(['invoke', 'readMedia', 'subscribe', 'uploadChunk']);
    expect(typeof api.invoke).toBe('function');
    expect(typeof api.subscribe).toBe('function');
    expect(Object.isFrozen(api)).toBe(true);
    expect(Object.getOwnPropertyNames(api).some((k) => /ipc|send|on$/i.test(k))).toBe(false);
  });

  it('invoke sends {procedure, input} on the invoke channel and resolves with the result', async () => {
    const { ipcRenderer, api } = exposed();
    ipcRenderer.reply = () => ({ ok: true, result: { company: { name: 'Riverside Players' } } });
    await expect(api.invoke('org.get', {})).resolves.toEqual({ company: { name: 'Riverside Players' } });
    expect(ipcRenderer.invoked).toEqual([{ channel: CHANNELS.invoke, args: [{ procedure: 'org.get', input: {} }] }]);
  });

  it('invoke rejects with a plain {name, code, message, details} object (what contextBridge can copy)', async () => {
    const { ipcRenderer, api } = exposed();
    ipcRenderer.reply = () => ({ ok: false, error: { code: 'forbidden', message: 'You may not', details: { scope: 'policy' } } });
    const err = await api.invoke('users.list', {}).catch((e: unknown) => e);
    expect(err).toEqual({ name: 'ApiError', code: 'forbidden', message: 'You may not', details: { scope: 'policy' } });
    expect(err).not.toBeInstanceOf(Error);

    ipcRenderer.reply = () => 'garbage';
    await expect(api.invoke('org.get', {})).rejects.toMatchObject({ code: 'internal' });
    ipcRenderer.reply = () => {
      throw new Error("Error invoking remote method 'callboard:invoke': boom");
    };
    await expect(api.invoke('org.get', {})).rejects.toEqual({ name: 'ApiError', code: 'unavailable', message: 'The desktop bridge did not answer' });
  });

  it('subscribe registers, delivers only its own events, and unsubscribes once', async () => {
    const { ipcRenderer, api } = exposed();
    const a = vi.fn();
    const b = vi.fn();
    const offA = api.subscribe('org', a);
    api.subscribe('policy', b);
    expect(ipcRenderer.invoked.map((i) => i.args[0])).toEqual([
      { id: 's1', scope: 'org' },
      { id: 's2', scope: 'policy' },
    ]);
    const event = { subscription: 's1', docId: 'org', type: 'org', scope: 'org', heads: [], origin: 'local' };
    ipcRenderer.deliver(CHANNELS.change, event);
    ipcRenderer.deliver(CHANNELS.change, { nonsense: true });
    ipcRenderer.deliver(CHANNELS.change, undefined);
    expect(a).toHaveBeenCalledWith(event);
    expect(a).toHaveBeenCalledTimes(1);
    expect(b).not.toHaveBeenCalled();
    offA();
    offA();
    expect(ipcRenderer.sent).toEqual([{ channel: CHANNELS.unsubscribe, args: [{ id: 's1' }] }]);
    ipcRenderer.deliver(CHANNELS.change, event);
    expect(a).toHaveBeenCalledTimes(1);
  });

  it('drops a listener whose subscription main refused', async () => {
    const { ipcRenderer, api } = exposed();
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    ipcRenderer.reply = () => ({ ok: false, error: { code: 'unauthenticated', message: 'no company' } });
    const listener = vi.fn();
    api.subscribe('*', listener);
    await new Promise((r) => setTimeout(r, 0));
    ipcRenderer.deliver(CHANNELS.change, { subscription: 's1', docId: 'x', type: 'x', scope: 'x', heads: [], origin: 'local' });
    expect(listener).not.toHaveBeenCalled();
    expect(errors).toHaveBeenCalled();
    errors.mockRestore();
  });

  it('refuses a subscribe call without a scope string and listener function', () => {
    const { api } = exposed();
    expect(() => api.subscribe(42 as unknown as string, () => undefined)).toThrow(TypeError);
  });
});
