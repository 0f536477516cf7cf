// jobs.cancel: long work (creating a guest, ...) stops and undoes what it made.
import { z } from 'zod';
import { handlers } from './registry';

export const jobHandlers = handlers({
  'jobs.cancel': {
    input: z.strictObject({
      id: z.string({ error: 'must be a job id' }).min(1, 'must not be empty').max(100),
    }),
    run: (args, ctx) => ctx.jobs.cancel(args.id),
  },
});
