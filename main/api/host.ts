// host.status and the settings (force software emulation, shutdown timeout). Changing the setting pushes
// a 'host' event.
import { z } from 'zod';
import { hostStatus } from '../services/host';
import { SHUTDOWN_TIMEOUT_RANGE } from '../services/settings';
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
      notifications: z
        .strictObject({
          crashed: z.boolean({ error: 'must be true or false' }),
          stoppedOutside: z.boolean({ error: 'must be true or false' }),
          jobs: z.boolean({ error: 'must be true or false' }),
          connection: z.boolean({ error: 'must be true or false' }),
        })
        .optional(),
      shutdownTimeoutSeconds: z
        .number({ error: 'must be a number of seconds' })
        .int('must be a whole number of seconds')
        .min(SHUTDOWN_TIMEOUT_RANGE.min, `must be at least ${SHUTDOWN_TIMEOUT_RANGE.min} second`)
        .max(SHUTDOWN_TIMEOUT_RANGE.max, `must be at most ${SHUTDOWN_TIMEOUT_RANGE.max} seconds`)
        .optional(),
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
