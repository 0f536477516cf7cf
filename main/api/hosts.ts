// hosts.*: the connections manager. Hosts are added over ssh from the dialog's fields (built into a
// qemu+ssh URI by libvirt/uri.ts); Test opens it for real; disconnect / reconnect / remove act on any
// connection, local ones included.
import { z } from 'zod';
import { buildSshUri } from '../libvirt/uri';
import { ApiFailure } from '../services/errors';
import { testHost } from '../services/hosts/test-host';
import { handlers } from './registry';
import { connectionId, connectionOnly } from './schemas';

const sshFields = {
  host: z.string({ error: 'must be a host name or address' }).max(255, 'is too long'),
  user: z.string({ error: 'must be a user name' }).max(64, 'is too long').optional(),
  port: z
    .number({ error: 'must be a port number' })
    .int('must be a whole number')
    .min(1, 'must be from 1 to 65535')
    .max(65535, 'must be from 1 to 65535')
    .optional(),
  daemon: z.enum(['system', 'session'], { error: 'must be system or session' }),
};
const sshHost = z.strictObject(sshFields);

function uriOf(args: z.infer<typeof sshHost>): string {
  const built = buildSshUri(args);
  if (!built.ok) {
    const p = built.problems[0];
    throw new ApiFailure('INVALID_INPUT', p.message, { field: p.field });
  }
  return built.uri;
}

export const hostsHandlers = handlers({
  'hosts.buildUri': {
    input: sshHost,
    run: (args) => {
      const built = buildSshUri(args);
      return built.ok ? { uri: built.uri, problems: [] } : { problems: built.problems };
    },
  },
  'hosts.test': {
    input: sshHost,
    run: (args, ctx) => testHost(uriOf(args), ctx.hosts.opener),
  },
  'hosts.add': {
    input: z.strictObject({
      ...sshFields,
      label: z.string({ error: 'must be text' }).max(200, 'is too long').optional(),
      connectAtStart: z.boolean({ error: 'must be true or false' }).optional(),
    }),
    run: (args, ctx) => ctx.hosts.list.add(args),
  },
  'hosts.remove': {
    input: connectionOnly,
    run: (args, ctx) => ctx.hosts.list.remove(args.connection),
  },
  'hosts.disconnect': {
    input: connectionOnly,
    run: (args, ctx) => ctx.connections.get(args.connection).disconnect(),
  },
  'hosts.reconnect': {
    input: connectionOnly,
    run: (args, ctx) => ctx.connections.get(args.connection).reconnect(),
  },
  'hosts.setConnectAtStart': {
    input: z.strictObject({
      connection: connectionId,
      enabled: z.boolean({ error: 'must be true or false' }),
    }),
    run: (args, ctx) => ctx.hosts.list.setConnectAtStart(args.connection, args.enabled),
  },
});
