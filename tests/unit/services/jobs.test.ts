// Jobs: a job whose work cannot be interrupted (one libvirt snapshot call) refuses cancel in the user's
// words and ends done, never "cancelled" after it did its work; others are cancelled as before.
import { describe, expect, it } from 'vitest';
import { EventBus } from '../../../main/services/events';
import { Jobs } from '../../../main/services/jobs';

const ref = { connection: 'test:///default', uuid: '00000000-0000-4000-8000-000000000001' };

describe('jobs', () => {
  it('refuses to cancel an uncancellable job, which then ends done', async () => {
    const jobs = new Jobs(new EventBus());
    let finish!: () => void;
    const job = jobs.start('Taking the snapshot “a”', () => new Promise((r) => (finish = () => r(ref))), {
      uncancellable: 'A snapshot job cannot be cancelled.',
    });
    expect(() => jobs.cancel(job.id)).toThrow('A snapshot job cannot be cancelled.');
    finish();
    expect(await jobs.wait(job.id)).toMatchObject({ state: 'done', result: ref });
  });

  it('cancels any other job', async () => {
    const jobs = new Jobs(new EventBus());
    const job = jobs.start(
      'Creating g',
      (c) => new Promise((_r, reject) => c.signal.addEventListener('abort', () => reject(c.signal.reason))),
    );
    jobs.cancel(job.id);
    expect(await jobs.wait(job.id)).toMatchObject({ state: 'cancelled' });
  });
});
