// The creation wizard's calls: the OS list and ISO detection (osinfo-db), the host's files, per-OS
// defaults, validation of a spec, and the create job. Validation problems are data (FieldProblem[]),
// so the spec schema accepts what a user can type (an empty name, 0 MiB) and leaves the wording to
// validate-create; only malformed input (wrong types, unknown fields) is INVALID_INPUT.
import { z } from 'zod';
import { loadOsinfoDb } from '../model/osinfo';
import { listFiles } from '../services/files';
import { handlers } from './registry';
import { absolutePath, connectionId, noArgs, objectName } from './schemas';

const text = (what: string, max = 4096) =>
  z
    .string({ error: `must be ${what}` })
    .max(max, 'is too long')
    .refine((s) => !s.includes('\0'), 'must not contain a NUL character');

const size = z.number({ error: 'must be a number' }).finite('must be a finite number');

const installSource = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.literal('iso'), path: text('a file path') }),
    z.strictObject({ kind: z.literal('import'), path: text('a file path') }),
    z.strictObject({ kind: z.literal('pxe') }),
    z.strictObject({
      kind: z.literal('kernel'),
      kernel: text('a file path'),
      initrd: text('a file path'),
      cmdline: text('a kernel command line').optional(),
    }),
  ],
  { error: 'must be an ISO, a disk image to import, network boot or a kernel' },
);

const network = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.literal('nat'), name: objectName }),
    z.strictObject({ kind: z.literal('bridge'), name: objectName }),
    z.strictObject({ kind: z.literal('none') }),
  ],
  { error: 'must be a NAT network, a bridge or none' },
);

export const createSpec = z.strictObject({
  connection: connectionId,
  name: text('a name', 1024),
  osId: text('an OS short id', 200).optional(),
  source: installSource,
  memoryMiB: size,
  vcpus: size,
  diskGiB: size,
  firmware: z.enum(['bios', 'uefi', 'uefi-secure'], { error: 'must be bios, uefi or uefi-secure' }),
  tpm: z.boolean({ error: 'must be true or false' }),
  network,
  virtioWinIso: text('a file path').optional(),
  pool: objectName.optional(),
  startAfterCreate: z.boolean({ error: 'must be true or false' }),
});

export const createHandlers = handlers({
  'osinfo.list': {
    input: noArgs,
    run: () => loadOsinfoDb().list(),
  },
  'files.list': {
    input: z.strictObject({ connection: connectionId, path: absolutePath }),
    run: (args) => listFiles(args.connection, args.path),
  },
});
