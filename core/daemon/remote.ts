import { CallboardError, isErrorCode, type ErrorShape } from '../errors.ts';
import type { DaemonInfo } from './data-dir.ts';

/** Calls a procedure on a running daemon over HTTP, as the CLI does. */
export async function callDaemon(
  target: { url: string; token: string; as?: string | undefined },
  procedure: string,
  input: unknown,
): Promise<unknown> {
  const headers: Record<string, string> = { 'content-type': 'application/json', authorization: `Bearer ${target.token}` };
  if (target.as) headers['x-callboard-as'] = target.as;
  let res: Response;
  try {
    res = await fetch(new URL(`api/${encodeURIComponent(procedure)}`, target.url), {
      method: 'POST',
      headers,
      body: JSON.stringify(input ?? {}),
    });
  } catch (err) {
    throw new CallboardError('unavailable', `Cannot reach the daemon at ${target.url}: ${(err as Error).message}`);
  }
  const body = (await res.json().catch(() => ({}))) as { result?: unknown; error?: ErrorShape };
  if (res.ok) return body.result;
  const e = body.error;
  if (e && isErrorCode(e.code)) throw new CallboardError(e.code, e.message, e.details);
  throw new CallboardError('internal', `The daemon answered HTTP ${res.status}`);
}

export function localTarget(info: DaemonInfo, as?: string): { url: string; token: string; as?: string | undefined } {
  return { url: info.url, token: info.localSecret, as };
}
