// Long work as Jobs: an id, a title, progress pushed as 'job' events, and cancel through an AbortSignal.
// The work function reports progress; the job ends done, failed (with an ApiError) or cancelled.
import { randomUUID } from 'node:crypto';
import type { ApiError, Job, VmRef } from '../../preload/contract';
import { ApiFailure, toApiError } from './errors';
import type { EventBus } from './events';

export interface JobControl {
  readonly signal: AbortSignal;
  /** progress 0..1 (undefined: indeterminate) and the step in the user's words */
  report(step: string, progress?: number): void;
}

export type JobWork = (job: JobControl) => Promise<VmRef | undefined>;

interface Running {
  job: Job;
  abort: AbortController;
  done: Promise<Job>;
  /** why it cannot be cancelled (one libvirt call that cannot be interrupted), when it cannot */
  uncancellable?: string;
}

export class Jobs {
  private readonly jobs = new Map<string, Running>();

  constructor(private readonly events: EventBus) {}

  /**
   * Starts the work and answers with the job at once; progress and the end arrive as 'job' events.
   * `uncancellable`: why cancel is refused (a cancelled job must not have done its work anyway).
   */
  start(title: string, work: JobWork, opts: { uncancellable?: string } = {}): Job {
    const abort = new AbortController();
    const job: Job = { id: randomUUID(), title, step: 'Starting', state: 'running' };
    const emit = () => this.events.emit('job', { ...job });
    const control: JobControl = {
      signal: abort.signal,
      report: (step, progress) => {
        if (job.state !== 'running') return;
        job.step = step;
        job.progress = progress;
        emit();
      },
    };
    const run = async (): Promise<Job> => {
      try {
        const result = await work(control);
        if (abort.signal.aborted) throw abort.signal.reason;
        job.state = 'done';
        job.progress = 1;
        job.step = 'Done';
        job.result = result;
      } catch (err) {
        if (abort.signal.aborted) {
          job.state = 'cancelled';
          job.step = 'Cancelled';
          job.error = { code: 'CANCELLED', message: `${title}: cancelled.` };
        } else {
          job.state = 'failed';
          job.error = toApiError(err) satisfies ApiError;
          job.step = 'Failed';
        }
      }
      emit();
      // finished jobs are forgotten after a while: the UI has the last event
      setTimeout(() => this.jobs.delete(job.id), 60_000).unref?.();
      return { ...job };
    };
    // the job is announced before its work reports its first step
    const entry: Running = { job, abort, done: Promise.resolve(job), uncancellable: opts.uncancellable };
    this.jobs.set(job.id, entry);
    emit();
    entry.done = run();
    return { ...job };
  }

  get(id: string): Job | undefined {
    const r = this.jobs.get(id);
    return r ? { ...r.job } : undefined;
  }

  /** resolves when the job has ended, with its last state */
  wait(id: string): Promise<Job> {
    const r = this.jobs.get(id);
    if (!r) return Promise.reject(new ApiFailure('NOT_FOUND', 'There is no such job.', { field: 'id' }));
    return r.done;
  }

  cancel(id: string): void {
    const r = this.jobs.get(id);
    if (!r)
      throw new ApiFailure('NOT_FOUND', 'There is no such job (it may have finished already).', {
        field: 'id',
      });
    if (r.job.state === 'running' && r.uncancellable) throw new ApiFailure('WRONG_STATE', r.uncancellable);
    if (r.job.state === 'running') r.abort.abort(new ApiFailure('CANCELLED', `${r.job.title}: cancelled.`));
  }
}
