// A running guest's network addresses: `get` answers what is known (or asks libvirt when nothing is
// yet), `refresh` asks libvirt again. No watch: the page re-asks on its own slow timer while it shows
// a guest without a known address, so a hidden or closed window costs nothing and owns nothing.
import { handlers } from './registry';
import { vmRef } from './schemas';

export const addressHandlers = handlers({
  'addresses.get': {
    input: vmRef,
    run: (args, ctx) => ctx.addresses.get(args.connection, args.uuid),
  },
  'addresses.refresh': {
    input: vmRef,
    run: (args, ctx) => ctx.addresses.refresh(args.connection, args.uuid),
  },
});
