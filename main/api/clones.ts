// vms.clone: a new guest from a shut-off one (or a running one it pauses for a full copy), as a job; vms.makeIndependent: a linked clone on copies. The schema checks shapes; the name's rules in
// the user's words are the service's (preload/guest-fields.ts guestNameProblem, as the wizard's).
import { z } from 'zod';
import { cloneGuest } from '../services/clones/clone';
import { makeIndependent } from '../services/clones/independent';
import { handlers } from './registry';
import { connectionId, uuid } from './schemas';

export const cloneHandlers = handlers({
  'vms.clone': {
    input: z.strictObject({
      connection: connectionId,
      uuid,
      name: z.string({ error: 'must be a guest name' }).max(1000, 'is too long'),
      mode: z.enum(['full', 'linked'], { error: 'must be full or linked' }),
      pauseSource: z.boolean({ error: 'must be true or false' }).optional(),
    }),
    run: (args, ctx) => cloneGuest({ client: ctx.connections.client(args.connection), jobs: ctx.jobs }, args),
  },
  'vms.makeIndependent': {
    input: z.strictObject({ connection: connectionId, uuid }),
    run: (args, ctx) =>
      makeIndependent({ client: ctx.connections.client(args.connection), jobs: ctx.jobs }, args),
  },
});
