// Long work as jobs: progress arrives as events, a failure carries an ApiError, cancel stops the work.
import { describe, expect, it } from 'vitest';
import { createApi } from '../../../main/api';
import type { ApiContext } from '../../../main/api/context';
import { EventBus } from '../../../main/services/events';
import { Jobs } from '../../../main/services/jobs';
import type { Job } from '../../../preload/contract';

function setup() {
  const events = new EventBus();
  const jobs = new Jobs(events);
  const seen: Job[] = [];
  events.on('job', (j) => seen.push(j));
  const api = createApi({ events, jobs } as unknown as ApiContext);
  return { jobs, seen, api };
}

describe('jobs', () => {
  it('reports each step and ends done with its result', async () => {
    const { jobs, seen } = setup();
    const job = jobs.start('Creating guest', async (j) => {
      j.report('Allocating the disk', 0.25);
      j.report('Defining the guest', 0.75);
      return { connection: 'test:///default', uuid: 'u' };
    });
    expect(job.state).toBe('running');
    const end = await jobs.wait(job.id);
    expect(end).toMatchObject({ state: 'done', progress: 1, result: { uuid: 'u' } });
    expect(seen.map((j) => j.step)).toEqual([
      'Starting',
      'Allocating the disk',
      'Defining the guest',
      'Done',
    ]);
    expect(seen.every((j) => j.id === job.id)).toBe(true);
  });

  it('fails with an ApiError in the user’s words, never a stack', async () => {
    const { jobs } = setup();
    const job = jobs.start('Creating guest', async () => {
      throw new Error('disk full');
    });
    const end = await jobs.wait(job.id);
    expect(end.state).toBe('failed');
    expect(end.error).toMatchObject({ code: 'INTERNAL', message: expect.stringContaining('disk full') });
    expect(JSON.stringify(end)).not.toMatch(/\n\s+at /);
  });

  it('jobs.cancel aborts the work and the job ends cancelled', async () => {
    const { jobs, api } = setup();
    const job = jobs.start('Creating guest', (j) => {
      return new Promise((_resolve, reject) => {
        j.signal.addEventListener('abort', () => reject(j.signal.reason));
      });
    });
    expect(await api.call('jobs.cancel', { id: job.id })).toEqual({ ok: true, value: null });
    expect(await jobs.wait(job.id)).toMatchObject({ state: 'cancelled', error: { code: 'CANCELLED' } });
    expect(await api.call('jobs.cancel', { id: 'no-such-job' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
  });
});
