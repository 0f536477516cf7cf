// The disk dialogs' rules, pure so they are tested apart: what a new disk's size may be (above 0, within
// the pool's free space), what a grow may be (above the current size: shrinking is refused with why),
// which settings changed (only those are sent), and the bus a new drive gets on this machine.
import type {
  DiskCache,
  DiskDiscard,
  DiskInfo,
  DiskSettings,
  NewDiskBus,
} from '../../../../preload/contract';
import { formatBytes } from '../../create-wizard/format';

const GiB = 1024 ** 3;

export const BUSES: { value: NewDiskBus; label: string }[] = [
  { value: 'virtio', label: 'VirtIO (fastest; Linux, BSD, Windows with virtio-win)' },
  { value: 'sata', label: 'SATA (every OS has a driver)' },
  { value: 'scsi', label: 'SCSI (virtio-scsi: many disks, discard)' },
];
export const CACHES: { value: DiskCache; label: string }[] = [
  { value: 'default', label: 'Hypervisor default' },
  { value: 'none', label: 'none (no host cache)' },
  { value: 'writeback', label: 'writeback' },
  { value: 'writethrough', label: 'writethrough' },
  { value: 'directsync', label: 'directsync' },
  { value: 'unsafe', label: 'unsafe (lost on a host crash)' },
];
export const DISCARDS: { value: DiskDiscard; label: string }[] = [
  { value: 'default', label: 'Hypervisor default' },
  { value: 'unmap', label: 'unmap (freed space returned)' },
  { value: 'ignore', label: 'ignore' },
];

/** why a new disk of this size cannot be made in that pool, or undefined */
export function newDiskSizeProblem(
  sizeGiB: number | string,
  freeBytes: number | undefined,
): string | undefined {
  if (typeof sizeGiB !== 'number' || !Number.isFinite(sizeGiB)) return 'Enter a size in GiB.';
  if (sizeGiB <= 0) return 'A disk must be more than 0 GiB.';
  if (freeBytes !== undefined && sizeGiB * GiB > freeBytes)
    return `The pool has ${formatBytes(freeBytes)} free: the disk must fit in it.`;
  return undefined;
}

/** why the disk cannot have this size, or undefined; `currentBytes` is its size now */
export function growProblem(sizeGiB: number | string, currentBytes: number | undefined): string | undefined {
  if (typeof sizeGiB !== 'number' || !Number.isFinite(sizeGiB)) return 'Enter a size in GiB.';
  if (currentBytes === undefined) return undefined;
  const bytes = Math.round(sizeGiB * 1024) * 1024 ** 2;
  if (bytes === currentBytes) return `It is ${formatBytes(currentBytes)} already.`;
  if (bytes < currentBytes)
    return `It is ${formatBytes(currentBytes)}: a disk can only grow. Shrinking would cut off what the guest keeps at its end.`;
  return undefined;
}

/** the settings the form changed from the disk's (nothing else is sent, so nothing else is touched) */
export function changedSettings(disk: DiskInfo, form: Required<DiskSettings>): DiskSettings {
  const out: DiskSettings = {};
  if (form.bus !== disk.bus) out.bus = form.bus;
  if (form.cache !== (disk.cache ?? 'default')) out.cache = form.cache;
  if (form.discard !== (disk.discard ?? 'default')) out.discard = form.discard;
  if (form.readonly !== disk.readonly) out.readonly = form.readonly;
  return out;
}

/** a CD/DVD drive's bus: SATA on Q35 (no IDE there), IDE on a PC while it has a free place, else SATA */
export function cdromBusFor(machine: string | undefined, disks: DiskInfo[]): 'sata' | 'ide' {
  if (!machine || /q35/.test(machine)) return 'sata';
  return disks.filter((d) => d.bus === 'ide').length < 4 ? 'ide' : 'sata';
}

/** a size in GiB for a field: one decimal at most */
export const gibOf = (bytes: number): number => Math.round((bytes / GiB) * 10) / 10;
