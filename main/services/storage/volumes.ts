// Volumes of one pool: list them with format, sizes and the guests that use each; create (qcow2 or raw, the
// size checked against the pool's free space; libvirt refuses an existing name, so nothing is overwritten);
// delete with guest delete's safety (refused while any guest's saved or live definition, or a backing
// chain, uses the file, naming the guests); grow (never shrink, never under a running guest: QEMU holds it).
import type { CreateVolumeArgs, StorageVolume } from '../../../preload/storage';
import type { LibvirtConnectionApi, PoolRef, VolumeRef } from '../../libvirt/facade';
import { formatSize } from '../../model/validate-create';
import { attr, buildXml, find, h, parseXml } from '../../model/xml';
import { guestFileUses } from '../delete-plan';
import { ApiFailure, isNotFound } from '../errors';
import { findPool } from './pools';

type Uses = Awaited<ReturnType<typeof guestFileUses>>;

export async function requireRunning(c: LibvirtConnectionApi, pool: PoolRef): Promise<void> {
  if (!(await c.storagePoolIsActive(pool)))
    throw new ApiFailure('WRONG_STATE', `Storage pool "${pool.name}" is not running. Start it first.`, {
      field: 'pool',
    });
}

export async function findVolume(c: LibvirtConnectionApi, pool: PoolRef, name: string): Promise<VolumeRef> {
  try {
    return await c.lookupVolumeByName(pool, name);
  } catch (err) {
    if (isNotFound(err))
      throw new ApiFailure('NOT_FOUND', `There is no volume "${name}" in pool "${pool.name}".`, {
        field: 'name',
      });
    throw err;
  }
}

function usersOf(uses: Uses, vol: VolumeRef, path: string): Uses {
  const ids = [`vol:${vol.pool}/${vol.name}`, `file:${path}`];
  return uses.filter((g) => ids.some((id) => g.ids.has(id)));
}

async function volumeFacts(
  c: LibvirtConnectionApi,
  connection: string,
  vol: VolumeRef,
  uses: Uses,
): Promise<StorageVolume> {
  const [info, xml, path] = await Promise.all([
    c.volumeGetInfo(vol),
    c.volumeGetXML(vol, 0),
    c.volumeGetPath(vol),
  ]);
  const format = attr(find(parseXml(xml).documentElement!, 'target/format'), 'type') ?? 'raw';
  return {
    connection,
    pool: vol.pool,
    name: vol.name,
    path,
    format,
    capacityBytes: Number(info.capacity),
    allocationBytes: Number(info.allocation),
    usedBy: usersOf(uses, vol, path).map((g) => g.name),
  };
}

export async function listVolumes(
  c: LibvirtConnectionApi,
  connection: string,
  poolName: string,
): Promise<StorageVolume[]> {
  const pool = await findPool(c, poolName);
  await requireRunning(c, pool);
  const [refs, uses] = await Promise.all([c.listAllVolumes(pool, 0), guestFileUses(c)]);
  const vols = await Promise.all(refs.map((v) => volumeFacts(c, connection, v, uses).catch(() => undefined)));
  return vols.filter((v) => v !== undefined).sort((a, b) => a.name.localeCompare(b.name));
}

export function volumeXml(name: string, format: 'qcow2' | 'raw' | 'iso', sizeBytes: number): string {
  return buildXml(
    h(
      'volume',
      {},
      h('name', {}, name),
      h('capacity', { unit: 'bytes' }, sizeBytes),
      // thin (sparse): space is taken as it is written; the pool's free space was checked before
      h('allocation', { unit: 'bytes' }, 0),
      h('target', {}, h('format', { type: format })),
    ),
  );
}

/** Refuses a size that does not fit in the pool's free space (after a refresh: files made outside count). */
export async function checkFits(
  c: LibvirtConnectionApi,
  pool: PoolRef,
  bytes: number,
  field: string,
): Promise<void> {
  await c.storagePoolRefresh(pool, 0).catch(() => undefined);
  const free = Number((await c.storagePoolGetInfo(pool)).available);
  if (bytes > free)
    throw new ApiFailure(
      'INVALID_INPUT',
      `${formatSize(bytes)} does not fit in pool "${pool.name}": it has ${formatSize(free)} free.`,
      { field },
    );
}

export async function nameFree(c: LibvirtConnectionApi, pool: PoolRef, name: string): Promise<void> {
  const taken = await c
    .lookupVolumeByName(pool, name)
    .catch((e) => (isNotFound(e) ? undefined : Promise.reject(e)));
  if (taken)
    throw new ApiFailure('NAME_TAKEN', `Pool "${pool.name}" already has a volume named "${name}".`, {
      field: 'name',
    });
}

export async function createVolume(
  c: LibvirtConnectionApi,
  connection: string,
  a: CreateVolumeArgs,
): Promise<StorageVolume> {
  const pool = await findPool(c, a.pool);
  await requireRunning(c, pool);
  await nameFree(c, pool, a.name);
  await checkFits(c, pool, a.sizeBytes, 'sizeBytes');
  const vol = await c.volumeCreateXML(pool, volumeXml(a.name, a.format, a.sizeBytes), 0);
  return volumeFacts(c, connection, vol, []);
}

export async function deleteVolume(c: LibvirtConnectionApi, poolName: string, name: string): Promise<void> {
  const pool = await findPool(c, poolName);
  const vol = await findVolume(c, pool, name);
  const users = usersOf(await guestFileUses(c), vol, await c.volumeGetPath(vol));
  if (users.length)
    throw new ApiFailure(
      'WRONG_STATE',
      `"${name}" is used by ${users.map((g) => g.name).join(', ')}. Remove it from ${users.length > 1 ? 'them' : 'it'} first.`,
    );
  await c.volumeDelete(vol, 0);
}

export async function resizeVolume(
  c: LibvirtConnectionApi,
  poolName: string,
  name: string,
  sizeBytes: number,
): Promise<void> {
  const pool = await findPool(c, poolName);
  const vol = await findVolume(c, pool, name);
  const info = await c.volumeGetInfo(vol);
  if (sizeBytes <= Number(info.capacity))
    throw new ApiFailure(
      'INVALID_INPUT',
      `The new size must be larger than ${formatSize(Number(info.capacity))} (volumes only grow).`,
      { field: 'sizeBytes' },
    );
  const running = usersOf(await guestFileUses(c), vol, await c.volumeGetPath(vol)).filter((g) => g.running);
  if (running.length)
    throw new ApiFailure(
      'WRONG_STATE',
      `${running.map((g) => g.name).join(', ')} is running with "${name}": grow it from the guest's Hardware tab, or shut the guest down.`,
    );
  await c.volumeResize(vol, BigInt(sizeBytes), 0);
}
