// Storage for new guests: the default pool (made when missing, as virt-install and virt-manager do) and
// a new qcow2 volume that never replaces an existing file or volume.
//
// Exports:
//   defaultPoolPath(system): string            /var/lib/libvirt/images, or ~/.local/share/libvirt/images
//   ensurePool(conn, name, { system }): Promise<PoolRef>   'default' is created when missing; others must exist
//   poolFreeBytes(conn, name): Promise<number | undefined>  after a refresh; undefined when the pool is missing
//   createQcow2Volume(conn, pool, baseName, sizeGiB): Promise<{ vol, path }>  "name.qcow2", else "name-1.qcow2" ...
//   listPools(conn): Promise<StoragePoolInfo[]>  every pool with its free space, 'default' first (even missing)
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { StoragePoolInfo } from '../../../preload/contract';
import type { LibvirtConnectionApi, PoolRef, VolumeRef } from '../../libvirt/facade';
import { formatSize } from '../../model/validate-create';
import { buildXml, h } from '../../model/xml';
import { ApiFailure, isNotFound } from '../errors';

const GiB = 1024 ** 3;
const POOL_RUNNING = 2; // VIR_STORAGE_POOL_RUNNING

export function defaultPoolPath(system: boolean): string {
  return system ? '/var/lib/libvirt/images' : join(homedir(), '.local/share/libvirt/images');
}

async function lookupPool(conn: LibvirtConnectionApi, name: string): Promise<PoolRef | undefined> {
  try {
    return await conn.lookupStoragePoolByName(name);
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

export async function ensurePool(
  conn: LibvirtConnectionApi,
  name: string,
  opts: { system: boolean },
): Promise<PoolRef> {
  let pool = await lookupPool(conn, name);
  if (!pool) {
    if (name !== 'default') {
      throw new ApiFailure('NOT_FOUND', `There is no storage pool named "${name}".`, { field: 'pool' });
    }
    const xml = buildXml(
      h(
        'pool',
        { type: 'dir' },
        h('name', {}, name),
        h('target', {}, h('path', {}, defaultPoolPath(opts.system))),
      ),
    );
    pool = await conn.storagePoolDefineXML(xml, 0);
    // BUILD makes the directory when it is missing (no-op when it exists)
    await conn.storagePoolBuild(pool, 0);
    await conn.storagePoolSetAutostart(pool, true).catch(() => undefined);
  }
  if (!(await conn.storagePoolIsActive(pool))) await conn.storagePoolCreate(pool, 0);
  return pool;
}

export async function poolFreeBytes(conn: LibvirtConnectionApi, name: string): Promise<number | undefined> {
  const pool = await lookupPool(conn, name);
  if (!pool) return undefined;
  const info = await conn.storagePoolGetInfo(pool);
  if (info.state !== POOL_RUNNING) return undefined;
  // a refresh picks up files made outside libvirt; its cost is a directory scan
  await conn.storagePoolRefresh(pool, 0).catch(() => undefined);
  return Number((await conn.storagePoolGetInfo(pool)).available);
}

export function qcow2VolumeXml(name: string, sizeGiB: number): string {
  return buildXml(
    h(
      'volume',
      {},
      h('name', {}, name),
      h('capacity', { unit: 'bytes' }, Math.round(sizeGiB * GiB)),
      // thin: space is taken as the guest writes; the pool's free space was checked before
      h('allocation', { unit: 'bytes' }, 0),
      h('target', {}, h('format', { type: 'qcow2' })),
    ),
  );
}

export async function createQcow2Volume(
  conn: LibvirtConnectionApi,
  pool: PoolRef,
  baseName: string,
  sizeGiB: number,
): Promise<{ vol: VolumeRef; path: string }> {
  await conn.storagePoolRefresh(pool, 0).catch(() => undefined);
  const info = await conn.storagePoolGetInfo(pool);
  if (sizeGiB * GiB > Number(info.available)) {
    throw new ApiFailure(
      'INVALID_INPUT',
      `The disk (${sizeGiB} GiB) does not fit in storage pool "${pool.name}": it has ${formatSize(Number(info.available))} free.`,
      { field: 'diskGiB' },
    );
  }
  const taken = new Set((await conn.listAllVolumes(pool, 0)).map((v) => v.name));
  for (let i = 0; i < 100; i++) {
    const name = i === 0 ? `${baseName}.qcow2` : `${baseName}-${i}.qcow2`;
    if (taken.has(name)) continue;
    // libvirt itself refuses an existing volume name (STORAGE_VOL_EXIST): nothing is overwritten even
    // if a file appeared since the refresh
    const vol = await conn.volumeCreateXML(pool, qcow2VolumeXml(name, sizeGiB), 0);
    return { vol, path: await conn.volumeGetPath(vol) };
  }
  throw new ApiFailure(
    'INVALID_INPUT',
    `Storage pool "${pool.name}" already has disks named ${baseName}.qcow2 to ${baseName}-99.qcow2.`,
  );
}

/** The connection's pools for the wizard's choice, 'default' first; 'default' is listed even when missing. */
export async function listPools(conn: LibvirtConnectionApi): Promise<StoragePoolInfo[]> {
  const refs = await conn.listAllStoragePools(0);
  const pools = await Promise.all(
    refs.map(async (ref): Promise<StoragePoolInfo> => {
      const info = await conn.storagePoolGetInfo(ref).catch(() => undefined);
      const active = info?.state === POOL_RUNNING;
      return {
        name: ref.name,
        active,
        availableBytes: active && info ? Number(info.available) : undefined,
        capacityBytes: active && info ? Number(info.capacity) : undefined,
      };
    }),
  );
  if (!pools.some((p) => p.name === 'default')) pools.push({ name: 'default', active: false, missing: true });
  return pools.sort((a, b) =>
    a.name === 'default' ? -1 : b.name === 'default' ? 1 : a.name.localeCompare(b.name),
  );
}
