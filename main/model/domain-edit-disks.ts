// Disks and CD/DVD drives, added and removed in place in <devices>. A new drive takes the first free
// device name on its bus (vda.. for virtio; sda.. shared by SATA, SCSI and USB; hda.. for IDE), and a
// SCSI drive gets a virtio-scsi controller when the guest has none. Resizing is libvirt's
// (blockResize, volResize), not an XML edit.
//
// Exports:
//   DiskBus, CdromBus, NewDisk
//   freeDiskTarget(xml, bus): string          the device name a new drive on that bus would get
//   addDisk(xml, disk: NewDisk): string       a file or pool volume, qcow2 or raw
//   addCdrom(xml, bus): string                an empty CD/DVD drive (setCdromMedia inserts media)
//   removeDisk(xml, target): string           a disk or CD/DVD drive by its device name
//   diskDeviceXml(xml, target): string        that drive's <disk> alone, for a live attach or detach
//   setDiskSettings(xml, target, settings): string   bus, cache, discard, read-only of one disk
import type { DiskSettings } from '../../preload/hardware-edit';
import { addDevice, archOf, DomainEditError, devicesNamed, editDomain, isQ35 } from './domain-edit-core';
import {
  attr,
  child,
  h,
  insertTreeAfter,
  parseXml,
  removeElement,
  serializeXml,
  setAttr,
  type XmlElement,
  type XmlNode,
} from './xml';

export type DiskBus = 'virtio' | 'sata' | 'scsi' | 'usb';
export type CdromBus = 'sata' | 'scsi' | 'ide' | 'usb';

export interface NewDisk {
  source: { file: string } | { pool: string; volume: string };
  /** read from the file (disk-image.ts), never guessed: libvirt takes an unstated format as raw */
  format: 'qcow2' | 'raw';
  bus: DiskBus;
  readonly?: boolean;
}

const PREFIX: Record<DiskBus | CdromBus, string> = {
  virtio: 'vd',
  sata: 'sd',
  scsi: 'sd',
  usb: 'sd',
  ide: 'hd',
};
// two IDE channels of two drives each on PIIX (pc machines)
const IDE_DRIVES = 4;

/** 0 -> "a", 25 -> "z", 26 -> "aa": libvirt's virIndexToDiskName */
function suffix(index: number): string {
  let s = '';
  for (let i = index; i >= 0; i = Math.floor(i / 26) - 1) s = String.fromCharCode(97 + (i % 26)) + s;
  return s;
}

function targetOf(d: XmlElement): string | undefined {
  return attr(child(d, 'target'), 'dev');
}

function freeTarget(root: XmlElement, bus: DiskBus | CdromBus): string {
  if (!(bus in PREFIX)) throw new DomainEditError(`"${bus}" is not a disk bus KVM Desk can add.`);
  const used = new Set(devicesNamed(root, 'disk').map(targetOf));
  for (let i = 0; ; i++) {
    const dev = `${PREFIX[bus]}${suffix(i)}`;
    if (bus === 'ide' && i >= IDE_DRIVES) {
      throw new DomainEditError('The IDE bus holds 4 drives, and this guest has them all: use SATA.');
    }
    if (!used.has(dev)) return dev;
  }
}

export function freeDiskTarget(xml: string, bus: DiskBus | CdromBus): string {
  return freeTarget(parseXml(xml).documentElement!, bus);
}

function checkBus(root: XmlElement, bus: DiskBus | CdromBus): void {
  // AHCI (SATA) is a PC chipset's controller: libvirt adds one on pc and q35 machines only
  if (bus === 'sata' && !/^(x86_64|i686)$/.test(archOf(root))) {
    throw new DomainEditError(`A ${archOf(root)} guest has no SATA bus: use VirtIO or SCSI.`);
  }
  if (bus === 'ide' && isQ35(root)) {
    throw new DomainEditError('Q35 guests have no IDE bus: use SATA.');
  }
  const usb = devicesNamed(root, 'controller').filter((c) => attr(c, 'type') === 'usb');
  if (bus === 'usb' && usb.length > 0 && usb.every((c) => attr(c, 'model') === 'none')) {
    throw new DomainEditError('This guest has no USB controller, so it cannot have a USB drive.');
  }
  const scsi = devicesNamed(root, 'controller').some((c) => attr(c, 'type') === 'scsi');
  // without one libvirt adds its x86 default, an LSI controller: slower, and Windows has no driver for it
  if (bus === 'scsi' && !scsi) addDevice(root, h('controller', { type: 'scsi', model: 'virtio-scsi' }));
}

function sourceOf(disk: NewDisk): { type: string; source: XmlNode; says: string } {
  const s = disk.source;
  if ('file' in s) {
    if (!s.file.startsWith('/'))
      throw new DomainEditError(`A disk file is a full path (/...), not "${s.file}".`);
    return { type: 'file', source: h('source', { file: s.file }), says: s.file };
  }
  if (!s.pool || !s.volume || s.pool.includes('/')) {
    throw new DomainEditError('A pool volume needs the name of its pool and of the volume.');
  }
  return {
    type: 'volume',
    source: h('source', { pool: s.pool, volume: s.volume }),
    says: `${s.pool}/${s.volume}`,
  };
}

function sameSource(d: XmlElement, disk: NewDisk): boolean {
  const src = child(d, 'source');
  const s = disk.source;
  return 'file' in s
    ? attr(src, 'file') === s.file
    : attr(src, 'pool') === s.pool && attr(src, 'volume') === s.volume;
}

const SATA_READONLY = new DomainEditError(
  'A SATA disk cannot be read-only (QEMU does not offer that): use VirtIO or SCSI for a read-only disk.',
);

export function addDisk(xml: string, disk: NewDisk): string {
  if (disk.format !== 'qcow2' && disk.format !== 'raw') {
    throw new DomainEditError(`KVM Desk attaches qcow2 and raw disks, not ${disk.format}.`);
  }
  if (!['virtio', 'sata', 'scsi', 'usb'].includes(disk.bus)) {
    throw new DomainEditError(`"${disk.bus}" is not a disk bus: choose VirtIO, SATA, SCSI or USB.`);
  }
  // libvirt 9.0: "readonly sata disks are not supported" (QEMU's AHCI drives cannot be read-only)
  if (disk.readonly && disk.bus === 'sata') throw SATA_READONLY;
  const { type, source, says } = sourceOf(disk);
  return editDomain(xml, (root) => {
    const twin = devicesNamed(root, 'disk').find((d) => sameSource(d, disk));
    if (twin) throw new DomainEditError(`This guest already uses ${says} (as ${targetOf(twin)}).`);
    const dev = freeTarget(root, disk.bus);
    checkBus(root, disk.bus);
    addDevice(
      root,
      h(
        'disk',
        { type, device: 'disk' },
        // discard=unmap: space the guest frees is given back to the host's file
        h('driver', { name: 'qemu', type: disk.format, discard: 'unmap' }),
        source,
        h('target', { dev, bus: disk.bus }),
        disk.readonly && h('readonly'),
      ),
    );
  });
}

export function addCdrom(xml: string, bus: CdromBus): string {
  if (!['sata', 'scsi', 'ide', 'usb'].includes(bus)) {
    throw new DomainEditError(`A CD/DVD drive goes on SATA, SCSI, IDE or USB, not ${bus}.`);
  }
  return editDomain(xml, (root) => {
    const dev = freeTarget(root, bus);
    checkBus(root, bus);
    addDevice(
      root,
      h(
        'disk',
        { type: 'file', device: 'cdrom' },
        h('driver', { name: 'qemu', type: 'raw' }),
        h('target', { dev, bus }),
        h('readonly'),
      ),
    );
  });
}

function diskAt(root: XmlElement, target: string): XmlElement {
  const disk = devicesNamed(root, 'disk').find((d) => targetOf(d) === target);
  if (!disk) throw new DomainEditError(`This guest has no disk or CD/DVD drive ${target}.`);
  return disk;
}

export function removeDisk(xml: string, target: string): string {
  return editDomain(xml, (root) => removeElement(diskAt(root, target)));
}

export function diskDeviceXml(xml: string, target: string): string {
  return serializeXml(diskAt(parseXml(xml).documentElement!, target));
}

const CACHES = ['default', 'none', 'writeback', 'writethrough', 'directsync', 'unsafe'];
const DISCARDS = ['default', 'unmap', 'ignore'];

/**
 * One disk's bus, cache and discard modes and read-only flag. A new bus gives the disk a device name on
 * that bus (vda -> sda) and drops its <address>, which was for the old bus (libvirt assigns a new one).
 * 'default' removes the attribute (libvirt's and QEMU's default). Only what `settings` names changes.
 */
export function setDiskSettings(xml: string, target: string, settings: DiskSettings): string {
  const { bus, cache, discard, readonly } = settings;
  if (bus !== undefined && !['virtio', 'sata', 'scsi'].includes(bus)) {
    throw new DomainEditError(`"${bus}" is not a disk bus: choose VirtIO, SATA or SCSI.`);
  }
  if (cache !== undefined && !CACHES.includes(cache)) {
    throw new DomainEditError(`"${cache}" is not a cache mode: choose ${CACHES.join(', ')}.`);
  }
  if (discard !== undefined && !DISCARDS.includes(discard)) {
    throw new DomainEditError(`"${discard}" is not a discard mode: choose default, unmap or ignore.`);
  }
  return editDomain(xml, (root) => {
    const disk = diskAt(root, target);
    if ((attr(disk, 'device') ?? 'disk') !== 'disk') {
      throw new DomainEditError(`${target} is not a disk: only a disk's bus, cache and discard can be set.`);
    }
    const tgt = child(disk, 'target')!;
    if (bus !== undefined && bus !== attr(tgt, 'bus')) {
      checkBus(root, bus);
      // its own name counts as free when the new bus shares the prefix (sata <-> scsi keep sdX)
      const dev = PREFIX[bus] === target.slice(0, 2) ? target : freeTarget(root, bus);
      setAttr(tgt, 'dev', dev);
      setAttr(tgt, 'bus', bus);
      const address = child(disk, 'address');
      if (address) removeElement(address);
    }
    if (cache !== undefined || discard !== undefined) {
      // libvirt writes <driver> first in a <disk>
      const driver = child(disk, 'driver') ?? insertTreeAfter(disk, h('driver', { name: 'qemu' }), undefined);
      if (cache !== undefined) setAttr(driver, 'cache', cache === 'default' ? undefined : cache);
      if (discard !== undefined) setAttr(driver, 'discard', discard === 'default' ? undefined : discard);
    }
    const ro = child(disk, 'readonly');
    const finalBus = attr(tgt, 'bus');
    if ((readonly === true || (readonly === undefined && ro)) && finalBus === 'sata') throw SATA_READONLY;
    // libvirt writes <readonly/> after <target> (and before <alias>, <address>)
    if (readonly === true && !ro) insertTreeAfter(disk, h('readonly'), tgt);
    if (readonly === false && ro) removeElement(ro);
  });
}
