// Room for a snapshot, checked before libvirt is asked. An internal snapshot is written into the disks'
// own files (qemu-img's tables; with memory, the guest's RAM too), and on a full disk qemu-img fails
// half-way having already changed the file's bookkeeping (a refcount; the data stays), so KVM Desk
// refuses first when a disk's pool has less free than the snapshot needs. Disks outside a pool are
// not checked (libvirt's own error, in the user's words by errors.ts, is what remains there).
import type { LibvirtConnectionApi, PoolRef } from '../../libvirt/facade';
import { formatSize } from '../../model/validate-create';
import { ApiFailure } from '../errors';

/** each disk's snapshot tables and their refcounts: a few 64 KiB clusters, with room to spare */
const TABLES = 1024 * 1024;

export async function checkSnapshotSpace(
  c: LibvirtConnectionApi,
  diskFiles: string[],
  memoryBytes: number,
): Promise<void> {
  const need = new Map<string, { pool: PoolRef; bytes: number }>();
  for (const [i, file] of diskFiles.entries()) {
    const vol = await c.lookupVolumeByPath(file).catch(() => undefined);
    if (!vol) continue;
    const pool = await c.lookupStoragePoolByName(vol.pool);
    // the memory state goes into the first disk's file (QEMU's vmstate)
    const bytes = TABLES + (i === 0 ? memoryBytes : 0);
    need.set(pool.name, { pool, bytes: (need.get(pool.name)?.bytes ?? 0) + bytes });
  }
  for (const [name, { pool, bytes }] of need) {
    await c.storagePoolRefresh(pool, 0).catch(() => undefined);
    const free = Number((await c.storagePoolGetInfo(pool)).available);
    if (free < bytes)
      throw new ApiFailure(
        'INVALID_INPUT',
        `There is not enough space in storage pool “${name}” for the snapshot: it has ${formatSize(free)} free and the snapshot needs about ${formatSize(bytes)}${memoryBytes ? ' (most of it for the guest’s memory)' : ''}. Free some space, then try again.`,
      );
  }
}
