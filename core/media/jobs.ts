import { randomBytes } from 'node:crypto';
import type { Clock } from '../clock.ts';
import { toCallboardError, type ErrorShape } from '../errors.ts';

export interface JobProgress {
  done: number;
  total: number;
  bytes: number;
  totalBytes: number;
  /** What is being done now, for a progress line. */
  step: string;
}

export interface JobView<R = unknown> {
  id: string;
  kind: string;
  state: 'running' | 'done' | 'failed';
  startedAt: number;
  finishedAt: number | null;
  progress: JobProgress;
  result: R | null;
  error: ErrorShape | null;
}

/**
 * Long-running maintenance (verify, repair) on this replica: started by a procedure,
 * followed through `media.job`. Kept in memory: a job belongs to the process that runs it.
 */
export class Jobs {
  readonly #clock: Clock;
  readonly #jobs = new Map<string, { view: JobView; done: Promise<void> }>();

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  start<R>(kind: string, run: (progress: (p: Partial<JobProgress>) => void) => Promise<R>): JobView<R> {
    const id = `job-${randomBytes(6).toString('hex')}`;
    const view: JobView<R> = {
      id,
      kind,
      state: 'running',
      startedAt: this.#clock.now(),
      finishedAt: null,
      progress: { done: 0, total: 0, bytes: 0, totalBytes: 0, step: 'starting' },
      result: null,
      error: null,
    };
    const done = (async () => {
      try {
        view.result = await run((p) => Object.assign(view.progress, p));
        view.state = 'done';
      } catch (err) {
        view.error = toCallboardError(err).toShape();
        view.state = 'failed';
      } finally {
        view.finishedAt = this.#clock.now();
      }
    })();
    this.#jobs.set(id, { view: view as JobView, done });
    return view;
  }

  get(id: string): JobView | undefined {
    const j = this.#jobs.get(id);
    return j ? structuredClone(j.view) : undefined;
  }

  async wait(id: string): Promise<JobView | undefined> {
    await this.#jobs.get(id)?.done;
    return this.get(id);
  }

  list(): JobView[] {
    return [...this.#jobs.values()].reverse().map((j) => structuredClone(j.view)).sort((a, b) => b.startedAt - a.startedAt);
  }

  async settle(): Promise<void> {
    await Promise.all([...this.#jobs.values()].map((j) => j.done));
  }
}
