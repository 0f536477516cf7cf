// A guest's snapshots: the tree, take / revert / delete (jobs), and a snapshot's description. The
// schemas check shapes and sizes; the name's rules in the user's words are the service's
// (model/snapshot-xml.ts snapshotNameProblem), so the dialog shows them unprefixed.
import { z } from 'zod';
import { listSnapshots } from '../services/snapshots/list';
import {
  deleteSnapshot,
  revertToSnapshot,
  setSnapshotDescription,
  takeSnapshot,
} from '../services/snapshots/operations';
import type { ApiContext } from './context';
import { handlers } from './registry';
import { connectionId, uuid, vmRef } from './schemas';

const name = z.string({ error: 'must be a snapshot name' }).max(1000, 'is too long');
const description = z.string({ error: 'must be a description' }).max(65_536, 'is too long');

const services = (ctx: ApiContext, connection: string) => ({
  client: ctx.connections.client(connection),
  jobs: ctx.jobs,
  events: ctx.events,
});

export const snapshotHandlers = handlers({
  'snapshots.list': {
    input: vmRef,
    run: (args, ctx) => listSnapshots(ctx.connections.client(args.connection), args.connection, args.uuid),
  },
  'snapshots.take': {
    input: z.strictObject({
      connection: connectionId,
      uuid,
      name,
      description: description.optional(),
      memory: z.boolean({ error: 'must be true or false' }).optional(),
    }),
    run: (args, ctx) => takeSnapshot(services(ctx, args.connection), args),
  },
  'snapshots.revert': {
    input: z.strictObject({ connection: connectionId, uuid, name }),
    run: (args, ctx) => revertToSnapshot(services(ctx, args.connection), args),
  },
  'snapshots.delete': {
    input: z.strictObject({
      connection: connectionId,
      uuid,
      name,
      children: z.boolean({ error: 'must be true or false' }).optional(),
    }),
    run: (args, ctx) => deleteSnapshot(services(ctx, args.connection), args),
  },
  'snapshots.setDescription': {
    input: z.strictObject({ connection: connectionId, uuid, name, description }),
    run: (args, ctx) => setSnapshotDescription(services(ctx, args.connection), args),
  },
});
