// Console calls. console.open hands out a single-use URL of the console bridge (one bridge per process,
// on 127.0.0.1; the browser shell answers a '/console?token=...' path on serve's own port instead, see
// ConsoleService.serveOn); console.openWindow lets Electron open or focus the guest's console window,
// while the browser shell answers with the console route the page opens itself. console.devices says
// which consoles a guest has (displays, serial console), so the console pane can choose; a serial session
// is console.open with kind 'serial' (the same bridge and tokens, bytes from libvirt's console stream).
import { z } from 'zod';
import { consoleHash } from '../../preload/routes';
import { ConsoleService } from '../services/console/service';
import { ConsoleUnavailable } from '../services/console/vnc-target';
import type { ApiContext } from './context';
import { ApiFailure } from './errors';
import { handlers } from './registry';
import { connectionId, uuid, vmRef } from './schemas';

const consoleOpenArgs = z.strictObject({
  connection: connectionId,
  uuid,
  kind: z.enum(['vnc', 'serial']).optional(),
  force: z.boolean().optional(),
});

const services = new WeakMap<ApiContext, ConsoleService>();

/** The process's console service (and bridge) for this api context; shells stop it on exit. */
export function consoleServiceFor(ctx: ApiContext): ConsoleService {
  let s = services.get(ctx);
  if (!s) {
    s = new ConsoleService((id) => ctx.connections.client(id));
    services.set(ctx, s);
  }
  return s;
}

export async function stopConsole(ctx: ApiContext): Promise<void> {
  await services.get(ctx)?.stop();
  services.delete(ctx);
}

export const consoleHandlers = handlers({
  'console.open': {
    input: consoleOpenArgs,
    run: async (args, ctx) => {
      try {
        const session = await consoleServiceFor(ctx).open(args);
        // a console opened is a use of the guest (the tray lists the most recently used first)
        void ctx.recent.markUsed(args);
        return session;
      } catch (err) {
        if (err instanceof ConsoleUnavailable)
          throw new ApiFailure('NOT_FOUND', err.message, { console: 'unavailable' });
        throw err;
      }
    },
  },
  'console.devices': {
    input: vmRef,
    run: (args, ctx) => consoleServiceFor(ctx).devices(args),
  },
  'console.openWindow': {
    input: vmRef,
    run: async (args, ctx) => {
      if (ctx.shell.openConsoleWindow) {
        const name = ctx.connections.guests().find((v) => v.uuid === args.uuid)?.name;
        return ctx.shell.openConsoleWindow(args, name);
      }
      return { url: consoleHash(args.connection, args.uuid) };
    },
  },
});
