// Networks: list, start (the answer to NETWORK_INACTIVE), create the NAT network 'default', and the
// Networks panel's create / stop / autostart / delete and its lease table's watch.
import { z } from 'zod';
import { NETWORK_NAME_MAX } from '../../preload/network-fields';
import {
  createDefaultNetwork,
  createNetwork,
  deleteNetwork,
  listNetworks,
  networkCreateInfo,
  setNetworkAutostart,
  startNetwork,
  stopNetwork,
} from '../services/networks';
import { handlers } from './registry';
import { connectionId, connectionOnly, objectName } from './schemas';
import { NO_CALLER } from './stats';

const networkRef = z.strictObject({ connection: connectionId, name: objectName });
// the name's own rules (characters, length, taken) are checked by the service in the user's words
const newName = z.string({ error: 'must be a name' }).max(NETWORK_NAME_MAX * 4, 'is too long');
const address = z.string({ error: 'must be an IPv4 address' }).max(15, 'is not an IPv4 address');

export const networkHandlers = handlers({
  'networks.list': {
    input: z.strictObject({
      connection: connectionId,
      withGuests: z.boolean({ error: 'must be true or false' }).optional(),
    }),
    run: (args, ctx) =>
      listNetworks(ctx.connections.client(args.connection), args.connection, args.withGuests ?? false),
  },
  'networks.start': {
    input: networkRef,
    run: (args, ctx) => startNetwork(ctx.connections.client(args.connection), args.name),
  },
  'networks.createDefault': {
    input: connectionOnly,
    run: (args, ctx) => createDefaultNetwork(ctx.connections.client(args.connection)),
  },
  'networks.stop': {
    input: networkRef,
    run: (args, ctx) => stopNetwork(ctx.connections.client(args.connection), args.name),
  },
  'networks.setAutostart': {
    input: z.strictObject({
      connection: connectionId,
      name: objectName,
      enabled: z.boolean({ error: 'must be true or false' }),
    }),
    run: (args, ctx) => setNetworkAutostart(ctx.connections.client(args.connection), args.name, args.enabled),
  },
  'networks.delete': {
    input: networkRef,
    run: (args, ctx) => deleteNetwork(ctx.connections.client(args.connection), args.name),
  },
  'networks.createInfo': {
    input: connectionOnly,
    run: (args, ctx) => networkCreateInfo(ctx.connections.client(args.connection), args.connection),
  },
  'networks.create': {
    input: z.strictObject({
      connection: connectionId,
      name: newName,
      mode: z.enum(['nat', 'route', 'open', 'isolated', 'bridge'], {
        error: "must be 'nat', 'route', 'open', 'isolated' or 'bridge'",
      }),
      subnet: z
        .string({ error: 'must be a subnet such as 192.168.100.0/24' })
        .max(18, 'is not a subnet')
        .optional(),
      dhcp: z.strictObject({ start: address, end: address }).optional(),
      bridge: z.string({ error: 'must be a bridge name' }).max(64, 'is too long').optional(),
      start: z.boolean({ error: 'must be true or false' }).optional(),
      autostart: z.boolean({ error: 'must be true or false' }).optional(),
    }),
    run: (args, ctx) => createNetwork(ctx.connections.client(args.connection), args.connection, args),
  },
  'networks.watchLeases': {
    input: networkRef,
    run: (args, ctx, caller) => ctx.networks.watchLeases(caller ?? NO_CALLER, args),
  },
  'networks.unwatchLeases': {
    input: z.strictObject({ id: z.string({ error: 'must be a watch id' }).max(100, 'is too long') }),
    run: (args, ctx, caller) => ctx.networks.unwatch(caller ?? NO_CALLER, args.id),
  },
});
