// A clone's definition from its source's saved XML, pure: what a clone copies, what it shares, and the
// new guest's XML with only the elements a clone must change (virt-clone's rules):
// - the name; no <uuid> (libvirt makes one) and no SMBIOS uuid entry (libvirt refuses a mismatch);
// - no NIC <mac> (libvirt makes new ones, so two guests never answer on one address);
// - every writable disk (not CD/DVD or floppy, not read-only, not shareable, not an ISO) on its copy or
//   overlay; those others stay shared, as they are;
// - a UEFI guest's <nvram> on the new path (the service copies the file there).
// Everything else, the elements KVM Desk does not model included, stays as it was.
//
// Exports:
//   cloneDisks(xml): CloneDisk[]         each disk: copied (a writable file or volume) or shared, and why
//   cloneProblem(disks): string | undefined  why this guest cannot be cloned (a writable block/network disk)
//   cloneName(source, existing): string  NAME-clone, NAME-clone-2, ... not yet taken
//   nvramOf(xml): string | undefined     the UEFI variables file the XML names, when it names one
//   isUefi(xml): boolean                 UEFI firmware (its variables file may be named by libvirt's default)
//   hasTpmEmulator(xml): boolean         a software TPM (swtpm) whose state lives on the host
//   cloneDomainXml(xml, spec): string    the new guest's definition (a linked clone says whose, in
//                                        KVM Desk's metadata)
//   independentDomainXml(xml, disks)     a linked clone on full copies of its disks: no longer linked
import { editDomain } from './domain-edit-core';
import { replaceKvmDeskMetadata } from './domain-metadata';
import {
  attr,
  child,
  find,
  findAll,
  parseXml,
  removeElement,
  setAttr,
  setText,
  type XmlElement,
} from './xml';

export { cloneName } from '../../preload/guest-fields';

export interface CloneDisk {
  /** the guest's name for it: vda, sdb */
  target: string;
  /** the file (or pool/volume) as the XML names it */
  path?: string;
  volume?: { pool: string; name: string };
  format?: string;
  /** copied: gets its own copy (full) or overlay (linked); shared: the clone uses the same file */
  copied: boolean;
  /** why it is shared, or why it cannot be copied (then `problem`) */
  reason?: string;
  /** a writable disk KVM Desk cannot copy (a block device, a network disk) */
  problem?: string;
}

function diskFacts(d: XmlElement): CloneDisk {
  const device = attr(d, 'device') ?? 'disk';
  const type = attr(d, 'type') ?? 'file';
  const source = child(d, 'source');
  const pool = attr(source, 'pool');
  const volume = attr(source, 'volume');
  const path = attr(source, 'file') ?? attr(source, 'dev') ?? (volume ? `${pool}/${volume}` : undefined);
  const base = {
    target: attr(child(d, 'target'), 'dev') ?? '',
    ...(path ? { path } : {}),
    ...(pool && volume ? { volume: { pool, name: volume } } : {}),
    format: attr(child(d, 'driver'), 'type'),
  };
  const shared = (reason: string): CloneDisk => ({ ...base, copied: false, reason });
  if (device === 'cdrom' || device === 'floppy') return shared('removable media (shared)');
  if (child(d, 'readonly')) return shared('read-only (shared)');
  if (child(d, 'shareable')) return shared('shareable (shared)');
  if (!path) return shared('no file');
  if (/\.iso$/i.test(path)) return shared('an ISO image (shared)');
  if (type !== 'file' && type !== 'volume')
    return {
      ...base,
      copied: false,
      problem: `${base.target} is a ${type} disk, which KVM Desk cannot copy`,
    };
  if (path.startsWith('/dev/'))
    return {
      ...base,
      copied: false,
      problem: `${base.target} is a block device, which KVM Desk cannot copy`,
    };
  return { ...base, copied: true };
}

export function cloneDisks(xml: string): CloneDisk[] {
  return findAll(parseXml(xml).documentElement!, 'devices/disk').map(diskFacts);
}

export function cloneProblem(disks: CloneDisk[]): string | undefined {
  const problems = disks.flatMap((d) => (d.problem ? [d.problem] : []));
  return problems.length
    ? `This guest cannot be cloned: ${problems.join('; ')}. Sharing a writable disk between two guests would corrupt it.`
    : undefined;
}

export function nvramOf(xml: string): string | undefined {
  return find(parseXml(xml).documentElement!, 'os/nvram')?.textContent?.trim() || undefined;
}

export function isUefi(xml: string): boolean {
  const os = find(parseXml(xml).documentElement!, 'os');
  return attr(os, 'firmware') === 'efi' || attr(child(os, 'loader'), 'type') === 'pflash';
}

export function hasTpmEmulator(xml: string): boolean {
  return findAll(parseXml(xml).documentElement!, 'devices/tpm').some(
    (t) => attr(child(t, 'backend'), 'type') === 'emulator',
  );
}

export interface CloneSpec {
  name: string;
  /** each copied disk's new file, by target, and its format (qcow2 for an overlay) */
  disks: Record<string, { path: string; format: string }>;
  /** the copy of the source's NVRAM file */
  nvram?: string;
  /** a linked clone: the guest whose disks it overlays */
  linkedTo?: { uuid: string; name: string };
}

type NewDisks = CloneSpec['disks'];

/** each copied disk named in `disks` on its new file (a volume source becomes that volume's path) */
function retargetDisks(root: XmlElement, disks: NewDisks): void {
  for (const disk of findAll(root, 'devices/disk')) {
    const facts = diskFacts(disk);
    const to = disks[facts.target];
    if (!facts.copied || !to) continue;
    // a volume source becomes the new file: the copy is a volume of the same pool, known by its path
    setAttr(disk, 'type', 'file');
    const source = child(disk, 'source')!;
    for (const a of ['pool', 'volume', 'mode']) source.removeAttribute(a);
    setAttr(source, 'file', to.path);
    const driver = child(disk, 'driver');
    if (driver) setAttr(driver, 'type', to.format);
    // the live XML's chain of the old file does not describe the new one
    const backing = child(disk, 'backingStore');
    if (backing) removeElement(backing);
  }
}

export function cloneDomainXml(xml: string, spec: CloneSpec): string {
  return editDomain(xml, (root) => {
    setText(child(root, 'name')!, spec.name);
    const uuid = child(root, 'uuid');
    if (uuid) removeElement(uuid);
    for (const sysinfo of findAll(root, 'sysinfo')) {
      for (const entry of findAll(sysinfo, 'system/entry')) {
        if (attr(entry, 'name') === 'uuid') removeElement(entry);
      }
    }
    for (const nic of findAll(root, 'devices/interface')) {
      const mac = child(nic, 'mac');
      if (mac) removeElement(mac);
    }
    retargetDisks(root, spec.disks);
    // a clone of a linked clone is linked to its own source, a full copy to nobody
    replaceKvmDeskMetadata(root, { linkedCloneOf: spec.linkedTo });
    const nvram = find(root, 'os/nvram');
    if (nvram && spec.nvram) setText(nvram, spec.nvram);
  });
}

export function independentDomainXml(xml: string, disks: NewDisks): string {
  return editDomain(xml, (root) => {
    retargetDisks(root, disks);
    replaceKvmDeskMetadata(root, { linkedCloneOf: undefined });
  });
}
