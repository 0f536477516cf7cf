// host.status and the settings (force software emulation). Changing the setting pushes a 'host' event.
import { z } from 'zod';
import { hostStatus } from '../services/host';
import { handlers } from './registry';
import { connectionOnly, noArgs } from './schemas';

export const hostHandlers = handlers({
  'host.status': {
    input: connectionOnly,
    run: (args, ctx) => hostStatus(ctx.connections.client(args.connection), args.connection, ctx.settings),
  },
  'settings.get': {
    input: noArgs,
    run: (_args, ctx) => ctx.settings.get(),
  },
  'settings.set': {
    input: z.strictObject({
      forceSoftwareEmulation: z.boolean({ error: 'must be true or false' }).optional(),
      keepRunningInTray: z.boolean({ error: 'must be true or false' }).optional(),
    }),
    run: async (args, ctx) => {
      const settings = await ctx.settings.set(args);
      for (const c of ctx.connections.list()) {
        if (!c.client?.connected) continue;
        hostStatus(c.client, c.id, ctx.settings)
          .then((s) => ctx.events.emit('host', s))
          .catch(() => undefined);
      }
      return settings;
    },
  },
});
