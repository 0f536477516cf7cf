// A guest's external snapshots leave files that undefine's SNAPSHOTS_METADATA does not know: KVM Desk's
// snapshot-state folder (memory files, NVRAM and TPM copies, the sidecar) and the overlay files under the
// disks. Deleting the guest removes the folder (nothing but KVM Desk reads it, and without the guest it
// restores nothing); a disk the user chose to delete takes its snapshot layers along (model/
// snapshot-chain-delete.ts), each only when it is a regular file or pool volume no other guest uses. A
// disk the user keeps keeps its whole chain: its top needs every file under it.
import { lstat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { LibvirtConnectionApi } from '../../libvirt/facade';
import { isLocalUri, isSystemUri } from '../../libvirt/uri';
import { chainFilesToDelete } from '../../model/snapshot-chain-delete';
import { guestFileUses } from '../delete-plan';
import { backingChain } from './backing-chain';
import { exists, readSidecar, removeAll, STATE_ROOT } from './state-copies';

export interface SnapshotLeftovers {
  folder: string;
  /** per disk file the user chose to delete: the snapshot layers under it */
  layers: Map<string, string[]>;
}

/** Read before anything is deleted (the chains are read from the files that are about to go). */
export async function snapshotLeftovers(
  c: LibvirtConnectionApi,
  uuid: string,
  chosen: string[],
): Promise<SnapshotLeftovers | undefined> {
  if (!isLocalUri(c.uri) || !isSystemUri(c.uri)) return undefined;
  const folder = join(STATE_ROOT, uuid);
  if (!(await exists(folder))) return undefined;
  const { made } = await readSidecar(uuid);
  const layers = new Map<string, string[]>();
  for (const top of chosen) {
    const chain = await backingChain(top).catch(() => [top]);
    const below = chainFilesToDelete(chain, made);
    if (below.length) layers.set(top, below);
  }
  return { folder, layers };
}

/**
 * After the guest is undefined and the chosen disks are deleted: the snapshot layers of the disks that
 * did go, then the folder. Answers what went and what stayed, in deleteGuest's terms.
 */
export async function removeSnapshotLeftovers(
  c: LibvirtConnectionApi,
  lo: SnapshotLeftovers,
  deletedDisks: string[],
): Promise<{ deleted: string[]; remaining: { path: string; message: string }[] }> {
  const out = { deleted: [] as string[], remaining: [] as { path: string; message: string }[] };
  const files = deletedDisks.flatMap((d) => lo.layers.get(d) ?? []);
  if (files.length) {
    const others = await guestFileUses(c);
    for (const f of files) {
      const users = others.filter((g) => g.ids.has(`file:${f}`)).map((g) => g.name);
      if (users.length) {
        out.remaining.push({ path: f, message: `It was kept: also used by ${users.join(', ')}.` });
        continue;
      }
      try {
        await deleteLayer(c, f);
        out.deleted.push(f);
      } catch (err) {
        out.remaining.push({ path: f, message: `Could not delete it: ${(err as Error).message}` });
      }
    }
  }
  await removeAll(lo.folder);
  return out;
}

/** through libvirt when the file is a pool volume (the pool's view stays right), else a regular file */
async function deleteLayer(c: LibvirtConnectionApi, file: string): Promise<void> {
  const vol = await c.lookupVolumeByPath(file).catch(() => undefined);
  if (vol) return c.volumeDelete(vol, 0);
  const st = await lstat(file);
  if (!st.isFile()) throw new Error('it is not a regular file');
  await unlink(file);
}
