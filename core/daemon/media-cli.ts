import fs from 'node:fs';
import path from 'node:path';
import { CallboardError } from '../errors.ts';
import type { RepairReport, VerifyReport } from '../media/integrity.ts';
import type { JobView } from '../media/jobs.ts';
import type { Io } from './cli.ts';
import { httpChunkSender, localChunkSender, uploadFile, type ChunkSender, type UploadOutcome } from './media-upload.ts';
import { withTarget } from './target.ts';

type Call = (procedure: string, input: unknown) => Promise<unknown>;
type WithApi = <T>(values: Record<string, unknown>, io: Io, fn: (call: Call) => Promise<T>) => Promise<T>;

type MediaIo = Pick<Io, 'out' | 'err' | 'env'>;

export const MEDIA_USAGE = [
  'callboard media verify [--repair] [--from REPLICA]     rehash every blob; report missing, corrupt, untracked',
  '       callboard media repair [--from REPLICA]                copy damaged blobs back from a replica store',
  '       callboard media upload FILE... --production ID --category C [--title T] [--alt TEXT] [--tags a,b] [--credit NAME] [--kind K] [--allow-duplicate]',
  '       callboard media import DIR --production ID --category C [--tags a,b] [--credit NAME]   every file of a folder',
].join('\n');

export const MEDIA_OPTIONS = {
  repair: { type: 'boolean', default: false },
  from: { type: 'string' },
  production: { type: 'string' },
  category: { type: 'string' },
  title: { type: 'string' },
  alt: { type: 'string' },
  tags: { type: 'string' },
  credit: { type: 'string' },
  kind: { type: 'string' },
  'allow-duplicate': { type: 'boolean', default: false },
} as const;

const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`;

/**
 * Runs a verify or repair mutation (it answers when the work is done) and meanwhile polls
 * `media.jobs`, printing its progress line to stderr.
 */
async function follow<R>(call: Call, io: MediaIo, procedure: string, input: unknown, label: string): Promise<JobView<R>> {
  let settled = false;
  const running = call(procedure, input).finally(() => {
    settled = true;
  });
  running.catch(() => undefined);
  let last = '';
  const show = (p: JobView['progress']) => {
    const line = `${label}: ${p.done}/${p.total}${p.totalBytes ? `, ${mb(p.bytes)} of ${mb(p.totalBytes)}` : ''}`;
    if (line !== last) io.err(line);
    last = line;
  };
  while (!settled) {
    await new Promise((r) => setTimeout(r, 200));
    if (settled) break;
    const jobs = (await call('media.jobs', {}).catch(() => [])) as JobView[];
    const p = jobs.find((j) => j.kind === label && j.state === 'running')?.progress;
    if (p) show(p);
  }
  const job = (await running) as JobView<R>;
  show(job.progress);
  return job;
}

/** Runs `fn` with a chunk sender against the folder's daemon if one runs, else the store opened here. */
function withSender<T>(values: Record<string, unknown>, io: MediaIo, fn: (s: ChunkSender) => Promise<T>): Promise<T> {
  return withTarget(values, io.env, async (target) => {
    if (target.kind === 'remote') return fn(httpChunkSender(target.remote, target.call));
    const result = await fn(localChunkSender(target.app, target.principal, target.call));
    await target.app.services.media.idle();
    return result;
  });
}

function metaOf(values: Record<string, unknown>): Record<string, unknown> {
  if (!values.production) throw new CallboardError('invalid', '--production is required', { field: 'production' });
  const meta: Record<string, unknown> = { production: values.production };
  if (values.category) meta.category = values.category;
  if (values.title) meta.title = values.title;
  if (values.alt) meta.alt = values.alt;
  if (values.kind) meta.kind = values.kind;
  if (values.tags) meta.tags = String(values.tags).split(',').map((t) => t.trim()).filter(Boolean);
  if (values.credit) meta.credit = { name: values.credit };
  if (values['allow-duplicate']) meta.allowDuplicate = true;
  return meta;
}

async function uploadAll(values: Record<string, unknown>, io: MediaIo, files: string[]): Promise<UploadOutcome[]> {
  const meta = metaOf(values);
  if (!meta.category) throw new CallboardError('invalid', '--category is required (see `callboard call media.categories`)', { field: 'category' });
  for (const f of files) if (!fs.statSync(f, { throwIfNoEntry: false })?.isFile()) throw new CallboardError('not_found', `No file ${f}`, { field: 'file' });
  return withSender(values, io, async (sender) => {
    const results: UploadOutcome[] = [];
    for (const [i, file] of files.entries()) {
      const out = await uploadFile(sender, file, meta as { production: string; category: string }, (sent, size) =>
        io.err(`upload ${i + 1}/${files.length} ${path.basename(file)}: ${Math.round((sent / size) * 100)}%`),
      );
      results.push(out);
      if (!values.json) {
        if (out.duplicates) io.out(`${path.basename(file)}: already in the gallery as ${out.duplicates.map((d) => `${d.assetId} (${d.title})`).join(', ')}`);
        else io.out(`${path.basename(file)}: uploaded as ${(out.asset as { id: string }).id}`);
      }
    }
    return results;
  });
}

function printVerify(io: MediaIo, r: VerifyReport): void {
  io.out(`Verified ${r.checked} blobs (${mb(r.bytes)}) in ${r.store}: ${r.ok} ok, ${r.corrupt.length} corrupt, ${r.missing.length} missing, ${r.untracked.length} untracked`);
  const names = (b: VerifyReport['missing'][number]) => b.assets.map((a) => `${a.productionId}/${a.id} "${a.title}"`).join(', ') || 'a rendition (will be remade)';
  for (const b of r.corrupt) io.out(`  corrupt  ${b.hash}  ${names(b)}`);
  for (const b of r.missing) io.out(`  missing  ${b.hash}  ${names(b)}`);
  for (const h of r.untracked) io.out(`  untracked ${h}`);
  for (const s of r.stray) io.out(`  stray file ${s}`);
}

export async function runMediaCommand(values: Record<string, unknown>, positionals: string[], io: Io, withApi: WithApi): Promise<void> {
  const [sub, ...args] = positionals;
  const print = (v: unknown) => io.out(JSON.stringify(v, null, 2));
  if (sub === 'verify' || sub === 'repair') {
    await withApi(values, io, async (call) => {
      let verify: VerifyReport | null = null;
      if (sub === 'verify') {
        const job = await follow<VerifyReport>(call, io, 'media.verify', {}, 'verify');
        verify = job.result!;
        if (!values.json) printVerify(io, verify);
      }
      let repair: RepairReport | null = null;
      if (sub === 'repair' || values.repair) {
        const job = await follow<RepairReport>(call, io, 'media.repair', values.from ? { from: values.from } : {}, 'repair');
        repair = job.result!;
        if (!values.json) {
          io.out(`Repaired ${repair.repaired.length} blobs; ${repair.unrecoverable.length} could not be found on any replica`);
          for (const r of repair.repaired) io.out(`  repaired ${r.hash} from ${r.from}`);
          for (const h of repair.unrecoverable) io.out(`  unrecoverable ${h}`);
        }
      }
      if (values.json) print({ ...(verify ? { verify } : {}), ...(repair ? { repair } : {}) });
      const damaged = verify ? verify.corrupt.length + verify.missing.length : 0;
      if ((repair && repair.unrecoverable.length > 0) || (verify && !repair && damaged > 0)) {
        throw new CallboardError('conflict', repair ? `${repair.unrecoverable.length} blobs could not be repaired` : `${damaged} blobs need attention; run \`callboard media repair\``);
      }
    });
  } else if (sub === 'upload') {
    if (args.length === 0) throw new CallboardError('invalid', 'Name the file(s) to upload', { field: 'file' });
    const results = await uploadAll(values, io, args);
    if (values.json) print(results);
  } else if (sub === 'import') {
    const [dir] = args;
    if (!dir || !fs.statSync(dir, { throwIfNoEntry: false })?.isDirectory()) throw new CallboardError('invalid', 'Name a folder to import', { field: 'dir' });
    const files = fs
      .readdirSync(dir)
      .filter((f) => !f.startsWith('.'))
      .map((f) => path.join(dir, f))
      .filter((f) => fs.statSync(f).isFile())
      .sort();
    const results = await uploadAll(values, io, files);
    if (values.json) print(results);
    else io.out(`Imported ${results.filter((r) => r.asset).length} of ${files.length} files (${results.filter((r) => r.duplicates).length} already in the gallery)`);
  } else {
    throw new CallboardError('invalid', `Use ${MEDIA_USAGE.split('\n')[0]!.trim()} (or repair, upload, import)`);
  }
}
