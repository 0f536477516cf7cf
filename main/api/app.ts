// app.snapshot: the UI's starting picture (connections and every guest); events keep it current.
import type { VmSummary } from '../../preload/contract';
import { isLocalUri } from '../libvirt/uri';
import { handlers } from './registry';
import { noArgs } from './schemas';

export const appHandlers = handlers({
  'app.snapshot': {
    input: noArgs,
    run: async (_args, ctx) => {
      // a shell that answers before its connections are made (serve) has the page wait for the list here
      await ctx.connections.listed();
      const connections = ctx.connections.list();
      // a local first load still under way is worth waiting for: the list appears whole, not row by row.
      // A remote host's is not: this computer's guests would wait for ssh (0.8 s of a 2.5 s start with
      // one loopback ssh host; a far host's handshake more). It is sent as connecting; once it says
      // connected the page takes one more snapshot (renderer/app/feed.ts) with its guests.
      await Promise.all(connections.filter((c) => isLocalUri(c.id)).map((c) => c.ready()));
      const vms: VmSummary[] = ctx.connections.guests();
      return { connections: connections.map((c) => c.getStatus()), vms };
    },
  },
});
