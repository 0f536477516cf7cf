// The Overview's edits (rename, title/description/OS, autostart). The schemas check only shapes and
// sizes; the rules in the user's words (preload/guest-fields.ts) are the service's, so the field's own
// message reaches the UI unprefixed.
import { z } from 'zod';
import { renameGuest, setGuestAutostart, setGuestInfo } from '../services/edit/overview';
import { loadOsinfoDb } from '../services/osinfo-db';
import { handlers } from './registry';
import { connectionId, uuid } from './schemas';

const text = (what: string, max: number) => z.string({ error: `must be ${what}` }).max(max, 'is too long');

async function osById(id: string) {
  const db = await loadOsinfoDb();
  const os = db.get(id);
  return os && db.entry(os);
}

export const editHandlers = handlers({
  'vms.rename': {
    input: z.strictObject({ connection: connectionId, uuid, name: text('a name', 1024) }),
    run: (args, ctx) => renameGuest(ctx.connections.client(args.connection), args.uuid, args.name),
  },
  'vms.setInfo': {
    input: z.strictObject({
      connection: connectionId,
      uuid,
      title: text('a title', 4096).optional(),
      description: text('a description', 65_536).optional(),
      osId: text('an osinfo-db short id such as debian12', 200).min(1, 'must not be empty').optional(),
    }),
    run: (args, ctx) =>
      setGuestInfo(
        ctx.connections.client(args.connection),
        args.uuid,
        { title: args.title, description: args.description, osId: args.osId },
        osById,
      ),
  },
  'vms.setAutostart': {
    input: z.strictObject({
      connection: connectionId,
      uuid,
      enabled: z.boolean({ error: 'must be true or false' }),
    }),
    run: (args, ctx) =>
      setGuestAutostart(
        ctx.connections.client(args.connection),
        args.uuid,
        args.enabled,
        ctx.connections.get(args.connection).store,
      ),
  },
});
