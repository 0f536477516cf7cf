// app.snapshot: the UI's starting picture (connections and every guest); events keep it current.
import type { VmSummary } from '../../preload/contract';
import { handlers } from './registry';
import { noArgs } from './schemas';

export const appHandlers = handlers({
  'app.snapshot': {
    input: noArgs,
    run: async (_args, ctx) => {
      // a shell that answers before its first connection is made (serve) has the page wait for it here
      await ctx.connections.started();
      const connections = ctx.connections.list();
      // a first load still under way is worth waiting for: the list appears whole, not row by row
      await Promise.all(connections.map((c) => c.ready()));
      const vms: VmSummary[] = ctx.connections.guests();
      return { connections: connections.map((c) => c.getStatus()), vms };
    },
  },
});
