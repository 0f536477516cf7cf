// Live stats: watch guests (a Performance tab at 1 s, list columns at 3 s), stop watching, and a
// guest's last 10 minutes. A watch belongs to the window or WebSocket that asked (its caller id), so
// closing it releases the watch even when the page could not say goodbye.
import { z } from 'zod';
import { handlers } from './registry';
import { connectionId, uuid, vmRef } from './schemas';

/** what a call without a window (tests, scripts in the main process) owns its watches as */
export const NO_CALLER = 'main';

export const statsHandlers = handlers({
  'stats.watch': {
    input: z.strictObject({
      connection: connectionId,
      uuids: z.array(uuid).max(20_000, 'lists too many guests'),
      interval: z.enum(['graph', 'list'], { error: "must be 'graph' or 'list'" }),
    }),
    run: (args, ctx, caller) => ctx.stats.watch(caller ?? NO_CALLER, args),
  },
  'stats.unwatch': {
    input: z.strictObject({ id: z.string({ error: 'must be a watch id' }).max(100, 'is too long') }),
    run: (args, ctx, caller) => ctx.stats.unwatch(caller ?? NO_CALLER, args.id),
  },
  'stats.history': {
    input: vmRef,
    run: (args, ctx) => ctx.stats.history(args.connection, args.uuid),
  },
});
