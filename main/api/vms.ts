// Guest calls: details and every lifecycle action. Replies carry little: the guest list updates from
// the libvirt event that follows.
import { z } from 'zod';
import { editHardware } from '../services/edit/hardware';
import { ApiFailure } from '../services/errors';
import { discardSavedState, saveState } from '../services/saved-state';
import {
  changeState,
  deleteGuest,
  deletePlan,
  guestDetails,
  type LifecycleAction,
  makePermanent,
  type RequestTracking,
  screenshot,
} from '../services/vms';
import type { ApiContext } from './context';
import { type Handler, handlers } from './registry';
import { absolutePath, connectionId, uuid, vmRef } from './schemas';

/** Shut down and Reboot are remembered in the connection's guest list until the guest acts on them */
export function requestTracking(ctx: ApiContext, connection: string): RequestTracking {
  return { store: ctx.connections.get(connection).store, timeoutMs: ctx.settings.shutdownTimeoutMs() };
}

// every lifecycle call has the same shape: (VmRef) => void
function lifecycle(action: LifecycleAction): Handler<'vms.start'> {
  return {
    input: vmRef,
    run: (args, ctx: ApiContext) =>
      changeState(
        ctx.connections.client(args.connection),
        args.uuid,
        action,
        action === 'shutdown' || action === 'reboot' ? requestTracking(ctx, args.connection) : undefined,
      ),
  };
}

export const vmHandlers = handlers({
  'vms.details': {
    input: vmRef,
    run: (args, ctx) => guestDetails(ctx.connections.client(args.connection), args.connection, args.uuid),
  },
  'vms.start': lifecycle('start'),
  'vms.shutdown': lifecycle('shutdown'),
  'vms.forceOff': lifecycle('forceOff'),
  'vms.reboot': lifecycle('reboot'),
  'vms.reset': lifecycle('reset'),
  'vms.pause': lifecycle('pause'),
  'vms.resume': lifecycle('resume'),
  'vms.saveState': {
    input: vmRef,
    run: (args, ctx) => saveState(ctx.connections.client(args.connection), args.uuid),
  },
  'vms.discardSavedState': {
    input: vmRef,
    run: async (args, ctx) => {
      const dom = await discardSavedState(ctx.connections.client(args.connection), args.uuid);
      await ctx.connections.get(args.connection).store.refresh(dom);
    },
  },
  'vms.makePermanent': {
    input: vmRef,
    run: (args, ctx) => makePermanent(ctx.connections.client(args.connection), args.uuid),
  },
  'vms.deletePlan': {
    input: vmRef,
    run: (args, ctx) => deletePlan(ctx.connections.client(args.connection), args.uuid),
  },
  'vms.delete': {
    input: z.strictObject({
      connection: connectionId,
      uuid,
      deleteDisks: z
        .array(absolutePath, { error: 'must be a list of file paths' })
        .max(256, 'lists too many files'),
    }),
    run: (args, ctx) => deleteGuest(ctx.connections.client(args.connection), args),
  },
  'vms.ejectMedia': {
    input: z.strictObject({
      connection: connectionId,
      uuid,
      target: z
        .string({ error: 'must be a drive name such as sda' })
        .regex(/^[a-z]{2,3}[a-z0-9]{0,6}$/, 'must be a drive name such as sda or hdc'),
    }),
    // the post-install prompt's eject is the Hardware tab's change: saved, and live when running
    run: async (args, ctx) => {
      try {
        await editHardware(ctx.connections.client(args.connection), {
          ...args,
          edit: { kind: 'cdromMedia', target: args.target },
        });
      } catch (err) {
        // the only input the model can refuse here is the drive's name
        if (err instanceof ApiFailure && err.code === 'INVALID_INPUT' && !err.detail)
          throw new ApiFailure('INVALID_INPUT', err.message, { field: 'target' });
        throw err;
      }
    },
  },
  'vms.screenshot': {
    input: vmRef,
    run: (args, ctx) => screenshot(ctx.connections.client(args.connection), args.uuid),
  },
});
