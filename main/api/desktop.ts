// The desktop around KVM Desk: a guest's desktop shortcut (a .desktop file running `kvm-desk --console`).
// Only the desktop app makes them: the browser shell has no `kvm-desk` command for them to run.
import { z } from 'zod';
import { hasControlCharacters } from '../model/desktop-entry';
import { createShortcut } from '../services/desktop-files';
import { ApiFailure } from '../services/errors';
import { handlers } from './registry';
import { connectionId, uuid } from './schemas';

export const desktopHandlers = handlers({
  'vms.createShortcut': {
    input: z.strictObject({
      connection: connectionId,
      uuid,
      desktop: z.boolean({ error: 'must be true or false' }).optional(),
    }),
    run: async (args, ctx) => {
      const vm = ctx.connections.get(args.connection).store.get(args.uuid);
      if (!vm) throw new ApiFailure('NOT_FOUND', 'There is no such guest (any more).', { field: 'uuid' });
      if (ctx.shell.kind !== 'electron')
        throw new ApiFailure(
          'UNSUPPORTED',
          'Desktop shortcuts belong to the desktop app: they run the kvm-desk command, which the browser shell does not install.',
        );
      if (hasControlCharacters(vm.name, { tab: true }))
        throw new ApiFailure(
          'UNSUPPORTED',
          'A guest whose name holds control characters cannot have a shortcut.',
        );
      return { paths: await createShortcut(vm, { desktop: args.desktop === true }) };
    },
  },
});
