// vms.edit: one hardware change (HardwareEdit), checked here in shape and range, saved and applied live
// by services/edit/hardware.ts; vms.getXml / vms.defineXml: the XML view and editor (services/edit/xml.ts).
import { z } from 'zod';
import { editHardware } from '../services/edit/hardware';
import { defineGuestXml, guestXml } from '../services/edit/xml';
import { handlers } from './registry';
import { absolutePath, connectionId, objectName, uuid } from './schemas';

const count = (what: string, max: number) =>
  z
    .number({ error: `must be a number of ${what}` })
    .int(`must be a whole number of ${what}`)
    .min(1, `must be at least 1`)
    .max(max, `must be at most ${max}`);
const kib = z
  .number({ error: 'must be an amount of memory in KiB' })
  .int('must be a whole number of KiB')
  .min(1024, 'must be at least 1 MiB')
  .max(2 ** 40, 'is more than any host has');
const target = z.string().regex(/^(hd|sd|vd|xvd|fd)[a-z]{1,3}$/, 'must be a drive name such as sda or vdb');
const mac = z
  .string()
  .regex(/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/i, 'must be a MAC address such as 52:54:00:12:34:56');
const nicSource = z.union([z.strictObject({ network: objectName }), z.strictObject({ bridge: objectName })]);
const nicModel = z.enum(['virtio', 'e1000e', 'e1000', 'rtl8139']);
const diskBus = z.enum(['virtio', 'sata', 'scsi'], { error: 'must be VirtIO, SATA or SCSI' });
// a disk's size in GiB: above 0, at most 64 TiB (far beyond any pool here; the pool's free space is checked)
const gib = z
  .number({ error: 'must be a size in GiB' })
  .gt(0, 'must be more than 0 GiB')
  .max(65536, 'must be at most 65536 GiB (64 TiB)');
const on = <K extends string>(kind: K) => z.strictObject({ kind: z.literal(kind), enabled: z.boolean() });

const hardwareEdit = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('vcpus'),
    current: count('processors', 4096),
    maximum: count('processors', 4096),
  }),
  z.strictObject({
    kind: z.literal('topology'),
    sockets: count('sockets', 4096),
    cores: count('cores', 4096),
    threads: count('threads', 4096),
  }),
  z.strictObject({
    kind: z.literal('cpuMode'),
    mode: z.union([
      z.enum(['host-passthrough', 'host-model', 'maximum']),
      z.strictObject({ custom: objectName }),
    ]),
  }),
  z.strictObject({ kind: z.literal('memory'), currentKiB: kib, maximumKiB: kib }),
  on('bootMenu'),
  z.strictObject({
    kind: z.literal('bootOrder'),
    order: z
      .array(z.enum(['hd', 'cdrom', 'network']))
      .min(1, 'must name at least one device')
      .max(3),
  }),
  z.strictObject({ kind: z.literal('firmware'), firmware: z.enum(['bios', 'efi', 'efi-secure']) }),
  z.strictObject({ kind: z.literal('cdromMedia'), target, path: absolutePath.optional() }),
  z.strictObject({ kind: z.literal('addCdrom'), bus: z.enum(['sata', 'scsi', 'ide', 'usb']) }),
  z.strictObject({ kind: z.literal('removeDisk'), target, deleteFile: z.boolean().optional() }),
  z.strictObject({ kind: z.literal('newDisk'), pool: objectName, sizeGiB: gib, bus: diskBus }),
  z.strictObject({
    kind: z.literal('attachDisk'),
    source: z.union([
      z.strictObject({ file: absolutePath }),
      z.strictObject({ pool: objectName, volume: objectName }),
    ]),
    bus: diskBus,
    readonly: z.boolean().optional(),
  }),
  z.strictObject({ kind: z.literal('growDisk'), target, sizeGiB: gib }),
  z.strictObject({
    kind: z.literal('diskSettings'),
    target,
    settings: z.strictObject({
      bus: diskBus.optional(),
      cache: z.enum(['default', 'none', 'writeback', 'writethrough', 'directsync', 'unsafe']).optional(),
      discard: z.enum(['default', 'unmap', 'ignore']).optional(),
      readonly: z.boolean().optional(),
    }),
  }),
  z.strictObject({ kind: z.literal('addNic'), source: nicSource, model: nicModel, mac: mac.optional() }),
  z.strictObject({ kind: z.literal('removeNic'), mac }),
  z.strictObject({ kind: z.literal('nicLink'), mac, up: z.boolean() }),
  z.strictObject({ kind: z.literal('nicModel'), mac, model: nicModel }),
  z.strictObject({ kind: z.literal('nicSource'), mac, source: nicSource }),
  on('tpm'),
  z.strictObject({ kind: z.literal('video'), model: z.enum(['virtio', 'qxl', 'vga', 'bochs', 'none']) }),
  z.strictObject({ kind: z.literal('sound'), model: z.enum(['ich9', 'ich6', 'none']) }),
  on('tablet'),
  on('guestAgent'),
  on('rng'),
  z.strictObject({
    kind: z.literal('watchdog'),
    watchdog: z.union([
      z.literal('none'),
      z.strictObject({
        model: z.enum(['i6300esb', 'itco']),
        action: z.enum(['reset', 'shutdown', 'poweroff', 'pause', 'none', 'dump', 'inject-nmi']),
      }),
    ]),
  }),
]);

const version = z.string().regex(/^[0-9a-f]{16}$/, 'must be the version the details gave');

export const hardwareHandlers = handlers({
  'vms.edit': {
    input: z.strictObject({
      connection: connectionId,
      uuid,
      edit: hardwareEdit,
      version: version.optional(),
    }),
    run: async (args, ctx) => {
      const c = ctx.connections.client(args.connection);
      const outcome = await editHardware(c, args);
      // a grown disk changes no definition, so no libvirt event says so: the details are read again here
      if (args.edit.kind === 'growDisk')
        await ctx.connections
          .get(args.connection)
          .store.refresh(await c.lookupDomainByUuid(args.uuid))
          .catch(() => undefined);
      return outcome;
    },
  },
  'vms.getXml': {
    input: z.strictObject({
      connection: connectionId,
      uuid,
      live: z.boolean({ error: 'must be true or false' }).optional(),
    }),
    run: (args, ctx) => guestXml(ctx.connections.client(args.connection), args.uuid, args.live),
  },
  'vms.defineXml': {
    input: z.strictObject({
      connection: connectionId,
      uuid,
      // a domain's XML is a few KB; libvirt refuses strings over 4 MiB anyway
      xml: z
        .string({ error: 'must be the domain XML' })
        .min(1, 'must not be empty')
        .max(2 ** 21, 'is too long for a domain definition'),
      version,
    }),
    run: (args, ctx) => defineGuestXml(ctx.connections.client(args.connection), args),
  },
});
