import { z } from 'zod';
import { MAX_MESSAGE_BYTES } from '../core/api/protocol.ts';
import { CallboardError, isErrorCode, type ErrorShape } from '../core/errors.ts';
import { MAX_UPLOAD_CHUNK_BYTES, READABLE_VARIANTS } from './contract.ts';

/**
 * Schemas of what the renderer may send main. TypeScript types say nothing at a process
 * boundary: a compromised renderer can send anything, so each payload is parsed here.
 */

const MAX_DEPTH = 64;
const PROCEDURE_NAME = /^[a-z][A-Za-z0-9]*(\.[a-zA-Z][A-Za-z0-9]*)+$/;
const SUBSCRIPTION_ID = /^[A-Za-z0-9_-]{1,100}$/;

/** Whether `value` is plain JSON data (what a WebSocket could carry): no Dates, Maps, typed arrays, cycles, NaN. */
export function isJsonValue(value: unknown, depth = 0): boolean {
  if (depth > MAX_DEPTH) return false;
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every((v) => isJsonValue(v, depth + 1));
  if (typeof value === 'object') {
    const proto = Object.getPrototypeOf(value) as unknown;
    if (proto !== Object.prototype && proto !== null) return false;
    return Object.values(value as Record<string, unknown>).every((v) => v !== undefined && isJsonValue(v, depth + 1));
  }
  return false;
}

const invokePayload = z
  .object({
    procedure: z.string().max(200).regex(PROCEDURE_NAME, 'not a procedure name'),
    input: z.unknown().optional(),
  })
  .strict();

const subscribePayload = z
  .object({
    id: z.string().regex(SUBSCRIPTION_ID, 'not a subscription id'),
    scope: z.string().min(1).max(300),
  })
  .strict();

const unsubscribePayload = z.object({ id: z.string().regex(SUBSCRIPTION_ID, 'not a subscription id') }).strict();

function parse<T>(schema: z.ZodType<T>, payload: unknown, what: string): T {
  const result = schema.safeParse(payload);
  if (!result.success) {
    const issue = result.error.issues[0];
    const field = issue && issue.path.length ? issue.path.join('.') : '(payload)';
    throw new CallboardError('invalid', `Malformed ${what}: ${field}: ${issue?.message ?? 'bad shape'}`, { field });
  }
  return result.data;
}

function checkSize(value: unknown, what: string): void {
  const bytes = Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8');
  if (bytes > MAX_MESSAGE_BYTES) {
    throw new CallboardError('too_large', `The ${what} is ${bytes} bytes; the limit is ${MAX_MESSAGE_BYTES}`, { limit: MAX_MESSAGE_BYTES });
  }
}

export interface InvokePayload {
  procedure: string;
  input: unknown;
}

/** Parses an invoke payload: a procedure name and JSON input under the size limit (absent input = `{}`). */
export function parseInvokePayload(payload: unknown): InvokePayload {
  const { procedure, input } = parse(invokePayload, payload, 'call');
  const value = input === undefined ? {} : input;
  if (!isJsonValue(value)) {
    throw new CallboardError('invalid', 'Malformed call: input: must be plain JSON data', { field: 'input' });
  }
  checkSize(value, 'input');
  return { procedure, input: value };
}

export function parseSubscribePayload(payload: unknown): { id: string; scope: string } {
  return parse(subscribePayload, payload, 'subscription');
}

export function parseUnsubscribePayload(payload: unknown): { id: string } {
  return parse(unsubscribePayload, payload, 'unsubscription');
}

const chunkPayload = z
  .object({
    uploadId: z.string().min(1).max(100).regex(/^[A-Za-z0-9_-]+$/, 'not an upload id'),
    offset: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
    sha256: z.string().regex(/^[0-9a-f]{64}$/, 'the SHA-256 of the chunk: 64 lowercase hex digits'),
    bytes: z.instanceof(Uint8Array, { message: 'the chunk bytes (a Uint8Array)' }),
  })
  .strict();

export interface ChunkPayload {
  uploadId: string;
  offset: number;
  sha256: string;
  bytes: Uint8Array;
}

/** Parses an upload chunk: an upload id, its offset, the chunk's SHA-256 and at most 16 MiB of bytes. */
export function parseChunkPayload(payload: unknown): ChunkPayload {
  const p = parse(chunkPayload, payload, 'upload chunk');
  if (p.bytes.byteLength === 0) throw new CallboardError('invalid', 'Malformed upload chunk: bytes: empty chunk', { field: 'bytes' });
  if (p.bytes.byteLength > MAX_UPLOAD_CHUNK_BYTES) {
    throw new CallboardError('too_large', `The chunk is ${p.bytes.byteLength} bytes; the limit is ${MAX_UPLOAD_CHUNK_BYTES}`, { field: 'bytes', limit: MAX_UPLOAD_CHUNK_BYTES });
  }
  return p;
}

const readMediaPayload = z.object({ path: z.string().min(1).max(400) }).strict();
const MEDIA_PATH = /^\/media\/blob\/([A-Za-z0-9._%-]{1,400})\/(ast-[0-9a-f]{16})\/([a-z]+)$/;
const PRODUCTION_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

export interface ReadMediaPayload {
  production: string;
  assetId: string;
  variant: (typeof READABLE_VARIANTS)[number];
}

/**
 * Parses a readMedia payload: `{path}` where path is exactly
 * `/media/blob/<production>/<assetId>/<thumb|web>` (the `urls` media.* answers); anything
 * else (originals, other routes, `..`, queries, extra segments) is `invalid` naming `path`.
 */
export function parseReadMediaPayload(payload: unknown): ReadMediaPayload {
  const { path } = parse(readMediaPayload, payload, 'media read');
  const bad = (why: string) => new CallboardError('invalid', `Malformed media read: path: ${why}`, { field: 'path' });
  const m = MEDIA_PATH.exec(path);
  if (!m) throw bad('expected /media/blob/<production>/<assetId>/<variant>');
  let production: string;
  try {
    production = decodeURIComponent(m[1]!);
  } catch {
    throw bad('the production id is not URL-encoded correctly');
  }
  if (!PRODUCTION_ID.test(production)) throw bad('not a production id');
  const variant = m[3]! as ReadMediaPayload['variant'];
  if (!(READABLE_VARIANTS as readonly string[]).includes(variant)) throw bad(`the variant must be one of ${READABLE_VARIANTS.join(', ')}`);
  return { production, assetId: m[2]!, variant };
}

const MAX_ERROR_MESSAGE = 2000;

/**
 * The error shape a renderer receives: a known code, a message, JSON details. Anything else
 * (an Error, a stack, an unknown code) becomes a generic `internal` error; nothing of a stack
 * trace passes.
 */
export function toReplyError(value: unknown): ErrorShape {
  if (value instanceof CallboardError) return toReplyError(value.toShape());
  if (typeof value === 'object' && value !== null && !(value instanceof Error)) {
    const { code, message, details } = value as Record<string, unknown>;
    if (isErrorCode(code) && typeof message === 'string') {
      const shape: ErrorShape = { code, message: message.slice(0, MAX_ERROR_MESSAGE) };
      if (details !== undefined && typeof details === 'object' && details !== null && !Array.isArray(details) && isJsonValue(details)) {
        shape.details = details as Record<string, unknown>;
      }
      return shape;
    }
  }
  return { code: 'internal', message: 'Internal error: the operation failed unexpectedly' };
}
