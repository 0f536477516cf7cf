// Networks: list, start (the answer to NETWORK_INACTIVE), and create the NAT network 'default'.
import { z } from 'zod';
import { createDefaultNetwork, listNetworks, startNetwork } from '../services/networks';
import { handlers } from './registry';
import { connectionId, connectionOnly, objectName } from './schemas';

export const networkHandlers = handlers({
  'networks.list': {
    input: connectionOnly,
    run: (args, ctx) => listNetworks(ctx.connections.client(args.connection), args.connection),
  },
  'networks.start': {
    input: z.strictObject({ connection: connectionId, name: objectName }),
    run: (args, ctx) => startNetwork(ctx.connections.client(args.connection), args.name),
  },
  'networks.createDefault': {
    input: connectionOnly,
    run: (args, ctx) => createDefaultNetwork(ctx.connections.client(args.connection)),
  },
});
