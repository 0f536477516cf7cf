// The creation wizard's calls: the OS list and ISO detection (osinfo-db), the host's files, per-OS
// defaults, validation of a spec, and the create job (files.pick: the Electron shell's native picker,
// through ShellHooks.pickFile). Validation problems are data (FieldProblem[]), so the spec schema
// accepts what a user can type (an empty name, 0 MiB) and leaves the wording to validate-create; only
// malformed input (wrong types, unknown fields) is INVALID_INPUT.
import { z } from 'zod';
import type { CreateVmSpec } from '../../preload/contract';
import type { LibvirtConnectionApi, NetworkRef } from '../libvirt/facade';
import { isLocalUri } from '../libvirt/uri';
import { IsoError } from '../model/iso';
import {
  type CreateDeps,
  createDefaults,
  createGuest,
  hostFeatures,
  listInstallMedia,
  listPools,
  validateForCreate,
} from '../services/create';
import { ApiFailure } from '../services/errors';
import { listFiles } from '../services/files';
import { detectIsoOnHost } from '../services/iso';
import { loadOsinfoDb, osinfoVersion } from '../services/osinfo-db';
import type { ApiContext } from './context';
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

/** the first step of the create job, before createGuest's own steps */
const CHECKING_STEP = 'Checking the settings against the host';

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
  startNetwork: z.boolean({ error: 'must be true or false' }).optional(),
  startAfterCreate: z.boolean({ error: 'must be true or false' }),
});

const firmware = z.enum(['bios', 'uefi', 'uefi-secure'], { error: 'must be bios, uefi or uefi-secure' });

/** the step reported while the chosen network is started */
export const networkStep = (name: string) => `Starting the network “${name}”`;

/** Starts the spec's NAT network when it is stopped; its ref when this call started it. */
async function startNetworkIfStopped(
  conn: LibvirtConnectionApi,
  spec: CreateVmSpec,
  report: (step: string, progress?: number) => void,
): Promise<NetworkRef | undefined> {
  if (spec.network.kind !== 'nat') return undefined;
  const net = await conn.lookupNetworkByName(spec.network.name);
  if (await conn.networkIsActive(net)) return undefined;
  report(networkStep(net.name), 0.02);
  await conn.networkCreate(net);
  return net;
}

/** what creating needs on this connection: osinfo-db and the host's features (KVM, UEFI, TPM) */
async function createDeps(ctx: ApiContext, connection: string) {
  const conn = ctx.connections.client(connection);
  const host = await hostFeatures(conn, { forceSoftwareEmulation: ctx.settings.forceSoftwareEmulation() });
  const deps: CreateDeps = { db: await loadOsinfoDb(), host };
  return { conn, deps };
}

export const createHandlers = handlers({
  'osinfo.list': {
    input: noArgs,
    run: async () => (await loadOsinfoDb()).list(),
  },
  'osinfo.detectIso': {
    input: z.strictObject({ connection: connectionId, path: absolutePath }),
    run: async (args, ctx) => {
      // on the guest's host: this machine's file, or the pool volume through libvirt (a remote host)
      try {
        return await detectIsoOnHost(
          await loadOsinfoDb(),
          ctx.connections.client(args.connection),
          args.path,
        );
      } catch (err) {
        if (err instanceof IsoError)
          throw new ApiFailure('INVALID_INPUT', err.message, { field: 'path', path: args.path });
        throw err;
      }
    },
  },
  'osinfo.nearest': {
    input: z.strictObject({ query: text('search text', 200) }),
    run: async (args) => {
      const db = await loadOsinfoDb();
      const hit = db.nearestOlder(args.query);
      if (!hit) return null;
      return {
        os: { ...db.newerEntry(hit.os, hit.version), id: hit.id },
        basedOn: db.entry(hit.os),
        dbVersion: await osinfoVersion(),
      };
    },
  },
  'storage.pools': {
    input: z.strictObject({ connection: connectionId }),
    run: (args, ctx) => listPools(ctx.connections.client(args.connection)),
  },
  'create.installMedia': {
    input: z.strictObject({
      connection: connectionId,
      kind: z.enum(['iso', 'disk'], { error: 'must be iso or disk' }),
    }),
    run: (args, ctx) => listInstallMedia(ctx.connections.client(args.connection), args.kind),
  },
  'files.list': {
    input: z.strictObject({ connection: connectionId, path: absolutePath }),
    run: (args) => listFiles(args.connection, args.path),
  },
  'files.pick': {
    input: z.strictObject({
      connection: connectionId,
      title: text('a title', 200),
      filters: z.enum(['iso', 'disk'], { error: 'must be iso or disk' }),
    }),
    run: async (args, ctx) => {
      if (!isLocalUri(args.connection)) {
        throw new ApiFailure(
          'NOT_FOUND',
          "The guest's host is another machine: choose the file in KVM Desk's file browser, which shows that host's files.",
          { picker: 'remote' },
        );
      }
      if (!ctx.shell.pickFile) {
        throw new ApiFailure(
          'NOT_FOUND',
          "The desktop's file picker is only in the KVM Desk app; choose the file in KVM Desk's file browser.",
          { picker: 'unavailable' },
        );
      }
      return ctx.shell.pickFile({ title: args.title, filters: args.filters });
    },
  },
  'create.defaults': {
    input: z.strictObject({
      connection: connectionId,
      osId: text('an OS short id', 200).optional(),
      source: installSource.optional(),
      virtioWin: z.boolean({ error: 'must be true or false' }).optional(),
      firmware: firmware.optional(),
      tpm: z.boolean({ error: 'must be true or false' }).optional(),
      pool: objectName.optional(),
    }),
    run: async (args, ctx) => {
      const { conn, deps } = await createDeps(ctx, args.connection);
      const { osId, source, virtioWin, firmware, tpm, pool } = args;
      return createDefaults(conn, { osId, source, virtioWin, firmware, tpm, pool }, deps);
    },
  },
  'create.validate': {
    input: createSpec,
    run: async (spec, ctx) => {
      const { conn, deps } = await createDeps(ctx, spec.connection);
      return validateForCreate(conn, spec, deps);
    },
  },
  'create.start': {
    input: createSpec,
    run: (spec, ctx) =>
      // the spec is checked again inside the job, just before anything is made: the host may have
      // changed since the wizard last validated (a pool filled up, a guest took the name)
      ctx.jobs.start(`Creating ${spec.name || 'the guest'}`, async (job) => {
        job.report(CHECKING_STEP);
        const { conn, deps } = await createDeps(ctx, spec.connection);
        const error = (await validateForCreate(conn, spec, deps)).find((p) => p.severity === 'error');
        if (error) throw new ApiFailure('INVALID_INPUT', error.message, { field: error.field });
        // the chosen network first: a network that will not start fails the job before any disk is made
        const started = spec.startNetwork ? await startNetworkIfStopped(conn, spec, job.report) : undefined;
        try {
          return await createGuest(conn, spec, deps, job.report, job.signal);
        } catch (err) {
          // undo: the network goes back to how it was (stopped)
          if (started) await conn.networkDestroy(started).catch(() => undefined);
          throw err;
        }
      }),
  },
});
