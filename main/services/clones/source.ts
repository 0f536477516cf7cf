// What a clone starts from, read and checked before its job starts (so the dialog answers at once):
// the source's saved definition, that it may be copied now (shut off; paused, or running and to be
// paused, for a full copy), the new name, and each disk to copy as the pool volume libvirt copies it
// through.
import type { CloneVmArgs } from '../../../preload/contract';
import { guestNameProblem } from '../../../preload/guest-fields';
import {
  DomainState,
  DomainXMLFlags,
  type LibvirtConnectionApi,
  type PoolRef,
  type VolumeRef,
} from '../../libvirt/facade';
import { isLocalUri } from '../../libvirt/uri';
import { type CloneDisk, cloneDisks, cloneProblem } from '../../model/clone-plan';
import { attr, find, parseXml } from '../../model/xml';
import { ApiFailure, isNotFound } from '../errors';
import { lookupGuest } from '../vms';

export interface SourceDisk extends CloneDisk {
  vol: VolumeRef;
  pool: PoolRef;
  /** the file, as libvirt resolves the volume */
  file: string;
  /** the volume's format (qcow2, raw), from its own XML */
  volFormat: string;
  capacity: bigint;
  allocation: bigint;
  /** the file this volume is an overlay on (a linked clone's disk), from its own XML */
  backing?: string;
}

export interface CloneSource {
  name: string;
  uuid: string;
  xml: string;
  disks: SourceDisk[];
  /** running or paused: QEMU holds its disks' locks, so they are read with qemu-img -U (volumes.ts) */
  active: boolean;
  /** running: the job pauses it for the copy and resumes it after */
  pause: boolean;
}

/**
 * virt-clone's rule: a disk is copied only while nothing writes to it, so a running source is paused
 * for a full copy (when the user agreed); an overlay is made only on a disk that stays as it is, so a
 * linked clone needs the source shut off (a running base would change what the clone reads).
 */
export function copyWhile(
  state: number,
  args: Pick<CloneVmArgs, 'mode' | 'pauseSource'>,
  local: boolean,
  name: string,
): { active: boolean; pause: boolean } {
  if (state === DomainState.SHUTOFF) return { active: false, pause: false };
  const running = state === DomainState.RUNNING || state === DomainState.BLOCKED;
  if (args.mode === 'linked')
    throw new ApiFailure(
      'WRONG_STATE',
      `Shut down “${name}” first: a linked clone reads its disks as they are, and a running guest would keep writing to them.`,
    );
  if (!running && state !== DomainState.PAUSED)
    throw new ApiFailure(
      'WRONG_STATE',
      `Shut down or pause “${name}” first: its disks are copied while nothing writes to them.`,
    );
  if (running && !args.pauseSource)
    throw new ApiFailure(
      'WRONG_STATE',
      `Shut down “${name}”, or let KVM Desk pause it during the copy: its disks are copied while nothing writes to them.`,
    );
  // the disks of a guest that runs are held by QEMU; only qemu-img on this machine may read them (-U)
  if (!local)
    throw new ApiFailure(
      'UNSUPPORTED',
      `Shut down “${name}” first: on a remote host KVM Desk copies the disks of a shut-off guest only.`,
    );
  return { active: true, pause: running };
}

async function volumeOf(c: LibvirtConnectionApi, d: CloneDisk): Promise<VolumeRef> {
  try {
    if (d.volume)
      return await c.lookupVolumeByName(await c.lookupStoragePoolByName(d.volume.pool), d.volume.name);
    return await c.lookupVolumeByPath(d.path!);
  } catch (err) {
    if (!isNotFound(err)) throw err;
    throw new ApiFailure(
      'UNSUPPORTED',
      `The disk ${d.target} (${d.path}) is not in a storage pool, and KVM Desk copies disks through libvirt’s storage pools. Add its folder as a pool first.`,
    );
  }
}

export async function sourceDisk(c: LibvirtConnectionApi, d: CloneDisk): Promise<SourceDisk> {
  const vol = await volumeOf(c, d);
  const [pool, file, info, xml] = await Promise.all([
    c.lookupStoragePoolByName(vol.pool),
    c.volumeGetPath(vol),
    c.volumeGetInfo(vol),
    c.volumeGetXML(vol, 0),
  ]);
  const root = parseXml(xml).documentElement!;
  const volFormat = attr(find(root, 'target/format'), 'type') ?? d.format ?? 'raw';
  const backing = find(root, 'backingStore/path')?.textContent?.trim() || undefined;
  return {
    ...d,
    vol,
    pool,
    file,
    volFormat,
    capacity: info.capacity,
    allocation: info.allocation,
    ...(backing ? { backing } : {}),
  };
}

export async function readCloneSource(c: LibvirtConnectionApi, args: CloneVmArgs): Promise<CloneSource> {
  const dom = await lookupGuest(c, args.uuid);
  const others = new Set((await c.listAllDomains(0)).map((d) => d.name));
  const problem = guestNameProblem(args.name, others);
  if (problem)
    throw new ApiFailure(others.has(args.name) ? 'NAME_TAKEN' : 'INVALID_INPUT', problem.message, {
      field: 'name',
    });
  const { state } = await c.domainGetState(dom);
  const how = copyWhile(state, args, isLocalUri(c.uri), dom.name);
  const xml = await c.domainGetXML(dom, DomainXMLFlags.INACTIVE | DomainXMLFlags.SECURE);
  const disks = cloneDisks(xml);
  const cannot = cloneProblem(disks);
  if (cannot) throw new ApiFailure('UNSUPPORTED', cannot);
  return {
    name: dom.name,
    uuid: dom.uuid,
    xml,
    disks: await Promise.all(disks.filter((d) => d.copied).map((d) => sourceDisk(c, d))),
    ...how,
  };
}
