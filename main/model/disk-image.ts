// What a disk image file is, as read from the file itself: its format and its backing chain. Pure: the
// reading (qemu-img, or libvirt's volume XML and the first bytes for a remote host) is in
// main/services/disk-format.ts; this file turns what they say into one type and says, in the user's
// words, why an image is not attached. KVM Desk attaches qcow2 and raw images as they are; any other
// format is refused until a conversion path exists (handing a VDI to QEMU as raw would let the guest
// write over its headers).
//
// Exports:
//   DiskImage { path, format, virtualSizeBytes?, backing: DiskLayer[] }   backing nearest first
//   ATTACHABLE_FORMATS                      'qcow2', 'raw'
//   parseQemuImgInfo(json, path): DiskImage qemu-img info --output=json [--backing-chain]
//   parseVolumeXml(xml): VolumeImage        libvirt's storage volume XML: path, format, one backing layer
//   poolTargetPath(xml): string | undefined a storage pool XML's folder
//   libvirtFormat(type): string             libvirt's volume format names -> qemu-img's ("ploop" -> "parallels")
//   sniffFormat(head): string | undefined   the format a file's first bytes announce (undefined: none, raw)
//   formatName(format): string              "a VirtualBox VDI image"
//   attachProblem(image): string | undefined   why the image is not attached, or undefined when it is
import { attr, child, find, parseXml, text } from './xml';

export interface DiskLayer {
  path: string;
  /** qemu-img's format name: qcow2, raw, vdi, vmdk, vpc, vhdx, qed, parallels, ... */
  format: string;
}

export interface DiskImage extends DiskLayer {
  virtualSizeBytes?: number;
  /** the backing files, the one this image names first, down to the base image */
  backing: DiskLayer[];
}

export const ATTACHABLE_FORMATS = ['qcow2', 'raw'] as const;
export type AttachableFormat = (typeof ATTACHABLE_FORMATS)[number];

export function isAttachable(format: string): format is AttachableFormat {
  return (ATTACHABLE_FORMATS as readonly string[]).includes(format);
}

interface QemuImgInfo {
  filename?: unknown;
  format?: unknown;
  'virtual-size'?: unknown;
  'backing-filename'?: unknown;
  'full-backing-filename'?: unknown;
  'backing-filename-format'?: unknown;
}

function layerOf(o: QemuImgInfo, fallbackPath: string): DiskLayer {
  if (typeof o.format !== 'string' || o.format === '')
    throw new Error('qemu-img did not say the image format');
  return { path: typeof o.filename === 'string' ? o.filename : fallbackPath, format: o.format };
}

/**
 * qemu-img info --output=json: one object, or with --backing-chain an array from the image down to its
 * base. `path` is the image's path as given (qemu-img names the top image as it was passed).
 */
export function parseQemuImgInfo(json: string, path: string): DiskImage {
  const parsed: unknown = JSON.parse(json);
  const list = (Array.isArray(parsed) ? parsed : [parsed]) as QemuImgInfo[];
  if (list.length === 0 || typeof list[0] !== 'object' || list[0] === null)
    throw new Error('qemu-img gave no image information');
  const top = list[0];
  const backing: DiskLayer[] = [];
  for (let i = 1; i < list.length; i++) {
    const above = list[i - 1];
    // the absolute path the layer above names, else qemu-img's own name for this layer
    const named = above['full-backing-filename'] ?? above['backing-filename'] ?? list[i].filename;
    if (typeof named !== 'string') throw new Error('qemu-img did not name a backing file');
    backing.push({ path: named, format: layerOf(list[i], named).format });
  }
  // without --backing-chain, the top image still says which file it is based on and in what format
  if (list.length === 1) {
    const named = top['full-backing-filename'] ?? top['backing-filename'];
    const fmt = top['backing-filename-format'];
    if (typeof named === 'string' && typeof fmt === 'string') backing.push({ path: named, format: fmt });
  }
  const size = top['virtual-size'];
  return {
    path,
    format: layerOf(top, path).format,
    virtualSizeBytes: typeof size === 'number' ? size : undefined,
    backing,
  };
}

export interface VolumeImage {
  path: string;
  format: string;
  virtualSizeBytes?: number;
  backing?: DiskLayer;
}

/** libvirt's names for formats where they differ from qemu-img's */
export function libvirtFormat(type: string): string {
  if (type === 'ploop') return 'parallels';
  if (type === 'vhd') return 'vpc';
  return type;
}

/** A storage volume's XML (virStorageVolGetXMLDesc): its path, format and the one backing layer it names. */
export function parseVolumeXml(xml: string): VolumeImage {
  const vol = parseXml(xml).documentElement;
  if (!vol) throw new Error('empty volume XML');
  const path = text(find(vol, 'target/path'));
  if (!path) throw new Error('the volume XML has no path');
  const format = libvirtFormat(attr(find(vol, 'target/format'), 'type') ?? 'raw');
  const capacity = text(child(vol, 'capacity'));
  const bs = child(vol, 'backingStore');
  const bsPath = bs ? text(child(bs, 'path')) : undefined;
  return {
    path,
    format,
    virtualSizeBytes: capacity !== undefined ? Number(capacity) : undefined,
    backing:
      bs && bsPath
        ? { path: bsPath, format: libvirtFormat(attr(find(bs, 'format'), 'type') ?? 'raw') }
        : undefined,
  };
}

/** A storage pool's folder (target/path) from its XML; undefined for pools without one. */
export function poolTargetPath(xml: string): string | undefined {
  const pool = parseXml(xml).documentElement;
  return pool ? text(find(pool, 'target/path')) : undefined;
}

const MAGICS: { format: string; at: number; bytes: Buffer }[] = [
  { format: 'qcow2', at: 0, bytes: Buffer.from([0x51, 0x46, 0x49, 0xfb]) },
  { format: 'qed', at: 0, bytes: Buffer.from('QED\0', 'latin1') },
  { format: 'vhdx', at: 0, bytes: Buffer.from('vhdxfile', 'latin1') },
  { format: 'vpc', at: 0, bytes: Buffer.from('conectix', 'latin1') },
  { format: 'vmdk', at: 0, bytes: Buffer.from('KDMV', 'latin1') },
  { format: 'vmdk', at: 0, bytes: Buffer.from('# Disk DescriptorFile', 'latin1') },
  { format: 'vdi', at: 0x40, bytes: Buffer.from([0x7f, 0x10, 0xda, 0xbe]) },
  { format: 'parallels', at: 0, bytes: Buffer.from('WithoutFreeSpace', 'latin1') },
  { format: 'parallels', at: 0, bytes: Buffer.from('WithouFreSpacExt', 'latin1') },
  { format: 'luks', at: 0, bytes: Buffer.from([0x4c, 0x55, 0x4b, 0x53, 0xba, 0xbe]) },
  { format: 'bochs', at: 0, bytes: Buffer.from('Bochs Virtual HD Image', 'latin1') },
  { format: 'cloop', at: 0, bytes: Buffer.from('#!/bin/sh\n#V2.0 Format\nmodprobe cloop', 'latin1') },
];

/**
 * The format a file's first bytes (at least 512) announce, for the formats libvirt's own probe misses
 * (libvirt 9.0 reports a VHDX as raw). undefined: no known header, so the file is raw to QEMU too.
 */
export function sniffFormat(head: Buffer): string | undefined {
  for (const m of MAGICS) {
    if (head.length >= m.at + m.bytes.length && head.subarray(m.at, m.at + m.bytes.length).equals(m.bytes))
      return m.format === 'qcow2' && head.readUInt32BE(4) === 1 ? 'qcow' : m.format;
  }
  return undefined;
}

const NAMES: Record<string, string> = {
  qcow2: 'a QEMU qcow2 image',
  raw: 'a raw image',
  vdi: 'a VirtualBox VDI image',
  vmdk: 'a VMware VMDK image',
  vpc: 'a Virtual PC / Hyper-V VHD image',
  vhdx: 'a Hyper-V VHDX image',
  qed: 'a QEMU QED image',
  qcow: 'an old QEMU qcow (version 1) image',
  parallels: 'a Parallels image',
  luks: 'a LUKS-encrypted image',
  bochs: 'a Bochs image',
  cloop: 'a compressed loop (cloop) image',
  dmg: 'a macOS DMG image',
  vvfat: 'a virtual FAT folder',
};

export function formatName(format: string): string {
  return NAMES[format] ?? `a ${format} image`;
}

function convertCommand(path: string): string {
  const out = `${path.replace(/\.[A-Za-z0-9]{2,9}$/, '')}.qcow2`;
  return `qemu-img convert -p -O qcow2 ${shellWord(path)} ${shellWord(out === path ? `${path}.qcow2` : out)}`;
}

function shellWord(s: string): string {
  return /^[A-Za-z0-9_./:@%+=,-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** Why this image is not attached (in the user's words), or undefined when it is attached as it is. */
export function attachProblem(image: DiskImage): string | undefined {
  const only = 'KVM Desk attaches only qcow2 and raw images';
  if (image.format === 'luks')
    return `This disk is ${formatName('luks')}. ${only}; KVM Desk cannot use encrypted images yet.`;
  if (!isAttachable(image.format))
    return `This disk is ${formatName(image.format)}. ${only}; convert it first: ${convertCommand(image.path)}`;
  for (const layer of image.backing) {
    if (!isAttachable(layer.format))
      return `This disk is based on ${layer.path}, which is ${formatName(layer.format)}. ${only} (and their backing files); convert the disk first: ${convertCommand(image.path)}`;
  }
  return undefined;
}
