// Storage pools and volumes of any connection (the storage browser): list, create, start/stop/refresh,
// autostart, delete; volumes create/delete/grow, upload and download as jobs. Each input checked here.
import { z } from 'zod';
import type { StorageVolume } from '../../preload/storage';
import {
  createStoragePool,
  deleteStoragePool,
  poolTypes,
  refreshStoragePool,
  setStoragePoolAutostart,
  startStoragePool,
  stopStoragePool,
} from '../services/storage/pools';
import { startDownload, startUpload } from '../services/storage/transfer';
import { createVolume, deleteVolume, listVolumes, resizeVolume } from '../services/storage/volumes';
import { handlers } from './registry';
import { connectionId, connectionOnly, objectName } from './schemas';

const TiB = 1024 ** 4;
const sizeBytes = z
  .number({ error: 'must be a size in bytes' })
  .int('must be a whole number of bytes')
  .min(1024 * 1024, 'must be at least 1 MiB')
  .max(64 * TiB, 'must be at most 64 TiB');
const absolutePath = z
  .string({ error: 'must be a path' })
  .min(2, 'must be a full path')
  .max(4096, 'is too long')
  .refine((s) => s.startsWith('/') && !s.includes('\0'), 'must be a full path (starting with "/")');
const hostName = z
  .string({ error: 'must be a host name' })
  .min(1, 'must not be empty')
  .max(253, 'is too long')
  .regex(/^[A-Za-z0-9.:[\]-]+$/, 'must be a host name or an IP address');

const pool = z.strictObject({ connection: connectionId, pool: objectName });
const volume = z.strictObject({ connection: connectionId, pool: objectName, name: objectName });

export const storageHandlers = handlers({
  'storage.listPools': {
    input: connectionOnly,
    run: (a, ctx) => ctx.storage.listPools(a.connection),
  },
  'storage.poolTypes': {
    input: connectionOnly,
    run: (a, ctx) => poolTypes(ctx.storage.client(a.connection)),
  },
  'storage.createPool': {
    input: z.strictObject({
      connection: connectionId,
      name: objectName,
      type: z.enum(['dir', 'netfs', 'logical'], { error: 'must be dir, netfs or logical' }),
      path: absolutePath.optional(),
      sourceHost: hostName.optional(),
      sourcePath: absolutePath.optional(),
      volumeGroup: objectName.optional(),
      autostart: z.boolean({ error: 'must be true or false' }).optional(),
    }),
    run: async (a, ctx) => {
      const made = await createStoragePool(ctx.storage.client(a.connection), a.connection, a);
      ctx.storage.changed(a.connection);
      return made;
    },
  },
  'storage.startPool': {
    input: pool,
    run: (a, ctx) => startStoragePool(ctx.storage.client(a.connection), a.pool),
  },
  'storage.stopPool': {
    input: pool,
    run: (a, ctx) => stopStoragePool(ctx.storage.client(a.connection), a.pool),
  },
  'storage.refreshPool': {
    input: pool,
    run: (a, ctx) => refreshStoragePool(ctx.storage.client(a.connection), a.pool),
  },
  'storage.setPoolAutostart': {
    input: z.strictObject({ connection: connectionId, pool: objectName, enabled: z.boolean() }),
    run: async (a, ctx) => {
      await setStoragePoolAutostart(ctx.storage.client(a.connection), a.pool, a.enabled);
      ctx.storage.changed(a.connection, a.pool); // libvirt sends no event for autostart
    },
  },
  'storage.deletePool': {
    input: pool,
    run: (a, ctx) => deleteStoragePool(ctx.storage.client(a.connection), a.pool),
  },
  'storage.listVolumes': {
    input: pool,
    run: async (a, ctx): Promise<StorageVolume[]> => {
      const [vols, incomplete] = await Promise.all([
        listVolumes(ctx.storage.client(a.connection), a.connection, a.pool),
        ctx.storage.incomplete(a.connection, a.pool),
      ]);
      return vols.map((v) => (incomplete.has(v.name) ? { ...v, incompleteUpload: true } : v));
    },
  },
  'storage.createVolume': {
    input: volume.extend({ format: z.enum(['qcow2', 'raw'], { error: 'must be qcow2 or raw' }), sizeBytes }),
    run: async (a, ctx) => {
      const made = await createVolume(ctx.storage.client(a.connection), a.connection, a);
      ctx.storage.changed(a.connection, a.pool);
      return made;
    },
  },
  'storage.deleteVolume': {
    input: volume,
    run: async (a, ctx) => {
      await deleteVolume(ctx.storage.client(a.connection), a.pool, a.name);
      ctx.storage.changed(a.connection, a.pool);
    },
  },
  'storage.resizeVolume': {
    input: volume.extend({ sizeBytes }),
    run: async (a, ctx) => {
      await resizeVolume(ctx.storage.client(a.connection), a.pool, a.name, a.sizeBytes);
      ctx.storage.changed(a.connection, a.pool);
    },
  },
  'storage.upload': {
    input: volume.extend({
      from: z.union(
        [
          z.strictObject({ path: absolutePath }),
          z.strictObject({
            browser: z.strictObject({
              sizeBytes: z
                .number()
                .int()
                .min(1, 'must not be empty')
                .max(64 * TiB, 'must be at most 64 TiB'),
            }),
          }),
        ],
        { error: 'must be { path } or { browser: { sizeBytes } }' },
      ),
    }),
    run: (a, ctx) => {
      if ('browser' in a.from && ctx.shell.kind !== 'browser')
        return Promise.reject(new Error('Uploads from the page exist only in the browser shell.'));
      return startUpload(ctx.storage.client(a.connection), a.connection, a, ctx.storage.deps(a.connection));
    },
  },
  'storage.download': {
    input: volume.extend({
      to: z.union([z.strictObject({ path: absolutePath }), z.strictObject({ browser: z.literal(true) })], {
        error: 'must be { path } or { browser: true }',
      }),
    }),
    run: (a, ctx) => startDownload(ctx.storage.client(a.connection), a, ctx.storage.deps(a.connection)),
  },
});

/** the browser shell's PUT/GET tickets (shells/browser/transfers.ts serves them over HTTP) */
export type { BrowserTransfers } from '../services/storage/browser-transfers';
