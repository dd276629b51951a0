import WebSocket from 'ws';

/** What a member's client sees of one call: the result, or the error code and message. */
export type Outcome = { ok: true; result: unknown } | { ok: false; code: string; message: string };

export interface ApiCaller {
  readonly kind: 'http' | 'websocket' | 'local';
  call(procedure: string, input: unknown): Promise<Outcome>;
  close(): Promise<void>;
}

/** `POST /api/<procedure>` with a bearer token, as scripts call the daemon. */
export function httpCaller(baseUrl: string, token: string): ApiCaller {
  return {
    kind: 'http',
    async call(procedure, input) {
      const res = await fetch(`${baseUrl}api/${procedure}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(input) });
      const body = (await res.json()) as { result?: unknown; error?: { code: string; message: string } };
      if (body.error) return { ok: false, code: body.error.code, message: body.error.message };
      if (res.status !== 200) return { ok: false, code: `http_${res.status}`, message: 'no error shape' };
      return { ok: true, result: body.result };
    },
    close: async () => undefined,
  };
}

/** The daemon's WebSocket (what the app in a browser uses): `auth` with the token, then `call`s. */
export async function wsCaller(baseUrl: string, token: string): Promise<ApiCaller> {
  const socket = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}ws`);
  const pending = new Map<string, (o: Outcome) => void>();
  let next = 0;
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.once('open', () => socket.send(JSON.stringify({ type: 'auth', id: 'auth', token })));
    socket.on('message', (data) => {
      const msg = JSON.parse(data.toString()) as { type: string; id?: string; ok?: boolean; result?: unknown; error?: { code: string; message: string } };
      if (msg.type === 'ready') resolve();
      else if (msg.type === 'error' && msg.id === 'auth') reject(new Error(`auth refused: ${msg.error?.message}`));
      else if (msg.type === 'result' && msg.id) {
        const done = pending.get(msg.id);
        pending.delete(msg.id);
        done?.(msg.ok ? { ok: true, result: msg.result } : { ok: false, code: msg.error!.code, message: msg.error!.message });
      }
    });
  });
  socket.on('close', () => {
    for (const done of pending.values()) done({ ok: false, code: 'closed', message: 'the WebSocket closed' });
    pending.clear();
  });
  return {
    kind: 'websocket',
    call(procedure, input) {
      const id = `c${++next}`;
      return new Promise((resolve) => {
        pending.set(id, resolve);
        socket.send(JSON.stringify({ type: 'call', id, procedure, input }));
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        if (socket.readyState === WebSocket.CLOSED) return resolve();
        socket.once('close', () => resolve());
        socket.close();
      }),
  };
}

/** The member's own replica, as the desktop app calls it (in-process, this device acting as the user). */
export function localCaller(call: (procedure: string, input: unknown) => Promise<unknown>): ApiCaller {
  return {
    kind: 'local',
    async call(procedure, input) {
      try {
        return { ok: true, result: await call(procedure, input) };
      } catch (err) {
        const e = err as { code?: string; message?: string };
        return { ok: false, code: e.code ?? 'thrown', message: e.message ?? String(err) };
      }
    },
    close: async () => undefined,
  };
}
