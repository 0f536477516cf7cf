// host.status, the host page (host.info and its live stats) and the settings (force software emulation, shutdown timeout). Changing the setting pushes
// a 'host' event.
import { z } from 'zod';
import type { Settings } from '../../preload/contract';
import { autostartEnabled, setAutostart } from '../services/desktop-files';
import { ApiFailure } from '../services/errors';
import { hostStatus } from '../services/host';
import { hostInfo } from '../services/host-info';
import { SHUTDOWN_TIMEOUT_RANGE } from '../services/settings';
import { handlers } from './registry';
import { connectionOnly, noArgs } from './schemas';
import { NO_CALLER } from './stats';

export const hostHandlers = handlers({
  'host.status': {
    input: connectionOnly,
    run: (args, ctx) => hostStatus(ctx.connections.client(args.connection), args.connection, ctx.settings),
  },
  'host.info': {
    input: connectionOnly,
    run: (args, ctx) => hostInfo(ctx.connections.client(args.connection), args.connection, ctx.settings),
  },
  // the host page's live CPU and memory: a watch owned by the calling window, like stats.watch
  'host.watchStats': {
    input: connectionOnly,
    run: (args, ctx, caller) => ctx.stats.host.watch(caller ?? NO_CALLER, args.connection),
  },
  'host.unwatchStats': {
    input: z.strictObject({ id: z.string({ error: 'must be a watch id' }).max(100, 'is too long') }),
    run: (args, ctx, caller) => ctx.stats.host.unwatch(caller ?? NO_CALLER, args.id),
  },
  'host.statsHistory': {
    input: connectionOnly,
    run: (args, ctx) => ctx.stats.host.history(args.connection),
  },
  'settings.get': {
    input: noArgs,
    run: async (_args, ctx): Promise<Settings> => ({
      ...ctx.settings.get(),
      // the browser shell is not started at login: it always answers false
      startAtLogin: ctx.shell.kind === 'electron' && (await autostartEnabled()),
    }),
  },
  'settings.set': {
    input: z.strictObject({
      forceSoftwareEmulation: z.boolean({ error: 'must be true or false' }).optional(),
      keepRunningInTray: z.boolean({ error: 'must be true or false' }).optional(),
      startAtLogin: z.boolean({ error: 'must be true or false' }).optional(),
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
    run: async ({ startAtLogin, ...args }, ctx): Promise<Settings> => {
      if (startAtLogin !== undefined) {
        if (ctx.shell.kind !== 'electron')
          throw new ApiFailure(
            'UNSUPPORTED',
            'Start at login belongs to the desktop app (kvm-desk); the browser shell is started by `npm run serve`.',
            { field: 'startAtLogin' },
          );
        await setAutostart(startAtLogin);
      }
      const settings = {
        ...(await ctx.settings.set(args)),
        startAtLogin: ctx.shell.kind === 'electron' && (await autostartEnabled()),
      };
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
