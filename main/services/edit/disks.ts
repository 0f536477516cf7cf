// The disk edits that touch a file as well as the definition: a new qcow2 volume made in a pool then
// attached (deleted again when the guest's definition cannot take it), an existing file or volume attached
// (its format read from the file), a disk grown (live through QEMU's block resize, libvirt's volume resize
// when the guest is off; never shrunk), and a disk detached with its file deleted by guest delete's rules
// (delete-plan.ts: only a pool volume or regular file no other guest uses, checked again after the detach).
import type { EditOutcome, HardwareEdit } from '../../../preload/contract';
import type { DomainRef, LibvirtConnectionApi, VolumeRef } from '../../libvirt/facade';
import { addDisk, DomainEditError, freeDiskTarget, type NewDisk, removeDisk } from '../../model/domain-edit';
import { parseDomainXml } from '../../model/domain-xml';
import { formatSize } from '../../model/validate-create';
import { createQcow2Volume } from '../create/storage';
import { guestsUsing, otherUsers, planDelete } from '../delete-plan';
import { diskToAttach } from '../disk-format';
import { ApiFailure, isNotFound } from '../errors';
import { deleteFile } from '../vms';
import { definitionVersion } from './version';

type DiskFileEdit = Extract<HardwareEdit, { kind: 'newDisk' | 'attachDisk' | 'growDisk' | 'removeDisk' }>;
/** defines the patched XML and applies the edit live (hardware.ts saveAndApply); throws only if nothing was saved */
type Save = (next: string, newTarget: string | undefined) => Promise<EditOutcome>;

const MiB = 1024 ** 2;
const POOL_RUNNING = 2; // VIR_STORAGE_POOL_RUNNING

export function isDiskFileEdit(edit: HardwareEdit): edit is DiskFileEdit {
  return (
    edit.kind === 'newDisk' ||
    edit.kind === 'attachDisk' ||
    edit.kind === 'growDisk' ||
    (edit.kind === 'removeDisk' && edit.deleteFile === true)
  );
}

export function editDiskFile(
  c: LibvirtConnectionApi,
  dom: DomainRef,
  before: string,
  edit: DiskFileEdit,
  save: Save,
): Promise<EditOutcome> {
  switch (edit.kind) {
    case 'newDisk':
      return newDisk(c, dom, before, edit, save);
    case 'attachDisk':
      return attachDisk(c, dom, before, edit, save);
    case 'growDisk':
      return growDisk(c, dom, before, edit);
    case 'removeDisk':
      return removeWithFile(c, dom, before, edit.target, save);
  }
}

/** a pure edit's refusal in the user's words; anything else as it is */
function userWords<T>(f: () => T): T {
  try {
    return f();
  } catch (err) {
    if (err instanceof DomainEditError) throw new ApiFailure('INVALID_INPUT', err.message);
    throw err;
  }
}

async function runningPool(c: LibvirtConnectionApi, name: string) {
  try {
    const pool = await c.lookupStoragePoolByName(name);
    if ((await c.storagePoolGetInfo(pool)).state !== POOL_RUNNING)
      throw new ApiFailure('INVALID_INPUT', `Storage pool "${name}" is not running: start it first.`, {
        field: 'pool',
      });
    return pool;
  } catch (err) {
    if (isNotFound(err))
      throw new ApiFailure('NOT_FOUND', `There is no storage pool named "${name}".`, { field: 'pool' });
    throw err;
  }
}

async function newDisk(
  c: LibvirtConnectionApi,
  dom: DomainRef,
  before: string,
  edit: Extract<HardwareEdit, { kind: 'newDisk' }>,
  save: Save,
): Promise<EditOutcome> {
  const target = userWords(() => freeDiskTarget(before, edit.bus));
  // the volume's file, as virt-install and virt-manager attach it: a <source pool volume> disk keeps the
  // guest from starting while its pool is inactive, and libvirt 9.0 cannot size one while the guest is off
  const disk = (file: string): NewDisk => ({ source: { file }, format: 'qcow2', bus: edit.bus });
  // everything the definition would refuse is found before a volume exists
  userWords(() => addDisk(before, disk('/kvmdesk-check.qcow2')));
  const pool = await runningPool(c, edit.pool);
  // createQcow2Volume checks the pool's free space and never takes an existing name
  const { vol, path } = await createQcow2Volume(c, pool, `${dom.name}-${target}`, edit.sizeGiB);
  try {
    return await save(
      userWords(() => addDisk(before, disk(path))),
      target,
    );
  } catch (err) {
    // nothing half-made: the guest did not take the volume, so it goes again
    await c.volumeDelete(vol, 0).catch(() => undefined);
    throw err;
  }
}

async function attachDisk(
  c: LibvirtConnectionApi,
  dom: DomainRef,
  before: string,
  edit: Extract<HardwareEdit, { kind: 'attachDisk' }>,
  save: Save,
): Promise<EditOutcome> {
  const s = edit.source;
  let path: string;
  if ('file' in s) path = s.file;
  else {
    const pool = await runningPool(c, s.pool);
    try {
      path = await c.volumeGetPath(await c.lookupVolumeByName(pool, s.volume));
    } catch (err) {
      if (isNotFound(err))
        throw new ApiFailure('NOT_FOUND', `Storage pool "${s.pool}" has no volume "${s.volume}".`, {
          field: 'source',
        });
      throw err;
    }
  }
  const { format } = await diskToAttach(c, path);
  const next = userWords(() =>
    addDisk(before, { source: s, format, bus: edit.bus, readonly: edit.readonly }),
  );
  // two guests writing one disk corrupt it: shared only read-only
  const users = await guestsUsing(c, dom.uuid, {
    target: '',
    device: 'disk',
    path: 'file' in s ? s.file : `${s.pool}/${s.volume}`,
    ...('file' in s ? {} : { volume: { pool: s.pool, name: s.volume } }),
    readonly: edit.readonly ?? false,
    deletable: false,
  });
  if (users.length && !edit.readonly)
    throw new ApiFailure(
      'INVALID_INPUT',
      `${path} is a disk of ${users.join(', ')}: two guests writing one disk corrupt it. Attach it read-only, or detach it there first.`,
      { field: 'source' },
    );
  return save(next, freeDiskTarget(before, edit.bus));
}

export async function volumeOfDisk(
  c: LibvirtConnectionApi,
  disk: { path?: string; volume?: { pool: string; name: string } },
): Promise<VolumeRef | undefined> {
  try {
    if (disk.volume)
      return await c.lookupVolumeByName(await c.lookupStoragePoolByName(disk.volume.pool), disk.volume.name);
    return disk.path?.startsWith('/') ? await c.lookupVolumeByPath(disk.path) : undefined;
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

/**
 * The size the guest sees: libvirt's block info, else the volume's (libvirt 9.0's modular daemons cannot
 * size a pool-volume disk of a shut-off guest: "missing storage backend for 'volume' storage").
 */
export async function capacityOf(
  c: LibvirtConnectionApi,
  dom: DomainRef,
  target: string,
  vol: VolumeRef | undefined,
): Promise<number> {
  try {
    return Number((await c.domainGetBlockInfo(dom, target)).capacity);
  } catch (err) {
    if (!vol) throw err;
    return Number((await c.volumeGetInfo(vol)).capacity);
  }
}

async function growDisk(
  c: LibvirtConnectionApi,
  dom: DomainRef,
  before: string,
  edit: Extract<HardwareEdit, { kind: 'growDisk' }>,
): Promise<EditOutcome> {
  const version = definitionVersion(before);
  const disk = parseDomainXml(before).disks.find((d) => d.target === edit.target);
  if (!disk)
    throw new ApiFailure('INVALID_INPUT', `This guest has no disk ${edit.target}.`, { field: 'target' });
  if (disk.device !== 'disk' || !disk.path)
    throw new ApiFailure('INVALID_INPUT', `${edit.target} is not a disk with a file: only disks can grow.`);
  // whole MiB: qcow2 and raw both take any multiple of 512 bytes, and the user thinks in GiB
  const bytes = Math.round(edit.sizeGiB * 1024) * MiB;
  const vol = await volumeOfDisk(c, disk);
  const current = await capacityOf(c, dom, edit.target, vol);
  if (bytes <= current)
    throw new ApiFailure(
      'INVALID_INPUT',
      bytes === current
        ? `${edit.target} is already ${formatSize(current)}.`
        : `${edit.target} is ${formatSize(current)}: a disk can only grow. Shrinking it would cut off what the guest keeps at its end.`,
      { field: 'sizeGiB' },
    );
  if (vol) {
    const pool = await c.lookupStoragePoolByName(vol.pool);
    const free = Number((await c.storagePoolGetInfo(pool)).available);
    if (bytes - current > free)
      throw new ApiFailure(
        'INVALID_INPUT',
        `Growing ${edit.target} by ${formatSize(bytes - current)} does not fit in storage pool "${vol.pool}": it has ${formatSize(free)} free.`,
        { field: 'sizeGiB' },
      );
  }
  const now = `${edit.target} is now ${formatSize(bytes)}.`;
  if (await c.domainIsActive(dom)) {
    // QEMU grows the image and tells the guest at once
    await c.domainBlockResize(dom, edit.target, bytes);
    return { applied: 'live', version, note: now };
  }
  if (!vol)
    throw new ApiFailure(
      'INVALID_INPUT',
      `${disk.path} is in no storage pool, so KVM Desk cannot grow it while the guest is off: start the guest and grow it then, or add its folder as a storage pool.`,
    );
  await c.volumeResize(vol, BigInt(bytes), 0);
  return { applied: 'saved', version, note: now };
}

async function removeWithFile(
  c: LibvirtConnectionApi,
  dom: DomainRef,
  before: string,
  target: string,
  save: Save,
): Promise<EditOutcome> {
  const planned = (await planDelete(c, dom)).find((d) => d.target === target);
  const keep = (why: string) =>
    new ApiFailure(
      'INVALID_INPUT',
      `Nothing was changed: ${target}'s file is kept because ${why}. Untick "Delete its file" to detach it and keep the file.`,
      { field: 'deleteFile' },
    );
  if (!planned) throw keep('KVM Desk cannot tell which file it is');
  if (!planned.deletable) throw keep(planned.keptReason ?? 'it is not a regular file');
  const outcome = await save(
    userWords(() => removeDisk(before, target)),
    undefined,
  );
  const path = planned.path ?? target;
  const kept = (why: string): EditOutcome => ({ ...outcome, note: `Detached; ${path} is kept: ${why}.` });
  // the running guest holds it until it lets go (or its next start): deleting now would pull it from under it
  if (outcome.applied === 'nextStart')
    return kept('the running guest still uses it; delete it once the guest has released the disk');
  // again now: this guest (attached twice) or another may use the file since the plan
  const still = (await planDelete(c, dom)).some((d) => d.ids.some((id) => planned.ids.includes(id)));
  if (still) return kept('this guest still uses it as another drive');
  const users = (await otherUsers(c, dom.uuid, [planned])).get(planned) ?? [];
  if (users.length) return kept(`it is also used by ${users.join(', ')}`);
  try {
    await deleteFile(c, planned);
  } catch (err) {
    return kept(`it could not be deleted (${(err as Error).message})`);
  }
  return { ...outcome, note: `Detached, and ${path} was deleted.` };
}
