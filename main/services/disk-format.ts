// Reads a disk image's format and backing chain from the file itself. Every place that attaches an
// existing file as a guest's disk goes through here, so nothing is ever handed to QEMU in a format it
// was not written in (a VDI attached as raw would have its headers overwritten by the guest).
//
// On this machine: `qemu-img info --output=json --backing-chain -U` (async execFile, never on the main
// loop synchronously; -U reads an image a running guest holds). On a remote host, or when qemu-img cannot
// read the file here: libvirt's storage volume XML for the file (it must be in a storage pool there), its
// backing layers volume by volume, and its first bytes where libvirt says raw (libvirt 9.0 does not know
// VHDX and reports it as raw).
//
// Exports:
//   readDiskImage(conn, path, { via? }): Promise<DiskImage>     throws DiskImageError (user's words)
//   checkDiskImage(conn, path): Promise<{ image?, problem? }>    for validation: the refusal as text
//   diskToAttach(conn, path): Promise<AttachDisk>               throws ApiFailure INVALID_INPUT on source.path
//   DiskImageError
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { LibvirtConnectionApi, VolumeRef } from '../libvirt/facade';
import { isLocalUri } from '../libvirt/uri';
import {
  type AttachableFormat,
  attachProblem,
  type DiskImage,
  type DiskLayer,
  isAttachable,
  parseQemuImgInfo,
  parseVolumeXml,
  poolTargetPath,
  sniffFormat,
} from '../model/disk-image';
import { ApiFailure, isNotFound } from './errors';

const run = promisify(execFile);
const MAX_CHAIN = 64;

export class DiskImageError extends Error {
  override name = 'DiskImageError';
}

/** A disk KVM Desk attaches: qcow2 or raw, with each backing layer's format declared. */
export interface AttachDisk {
  path: string;
  format: AttachableFormat;
  backing: { path: string; format: AttachableFormat }[];
}

async function viaQemuImg(path: string): Promise<DiskImage> {
  const { stdout } = await run('qemu-img', ['info', '--output=json', '--backing-chain', '-U', path], {
    timeout: 60_000,
    maxBuffer: 16 * 1024 * 1024,
  });
  return parseQemuImgInfo(stdout, path);
}

function qemuImgReason(err: unknown): string {
  const e = err as { stderr?: string; message?: string };
  const line = (e.stderr ?? e.message ?? String(err))
    .trim()
    .split('\n')
    .pop()
    ?.replace(/^qemu-img: /, '');
  return line || 'qemu-img failed';
}

async function lookupVolume(conn: LibvirtConnectionApi, path: string): Promise<VolumeRef | undefined> {
  try {
    return await conn.lookupVolumeByPath(path);
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
  // a file copied into a pool's folder is a volume only after that pool is refreshed (only the pools
  // whose folder holds the file)
  const pools = await conn.listAllStoragePools(0);
  await Promise.all(
    pools.map(async (p) => {
      const target = await conn
        .storagePoolGetXML(p, 0)
        .then((xml) => poolTargetPath(xml))
        .catch(() => undefined);
      if (!target || !path.startsWith(`${target.replace(/\/+$/, '')}/`)) return;
      if (await conn.storagePoolIsActive(p).catch(() => false))
        await conn.storagePoolRefresh(p, 0).catch(() => undefined);
    }),
  );
  try {
    return await conn.lookupVolumeByPath(path);
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

async function volumeLayer(
  conn: LibvirtConnectionApi,
  vol: VolumeRef,
): Promise<{ layer: DiskLayer; size?: number; backing?: DiskLayer }> {
  const v = parseVolumeXml(await conn.volumeGetXML(vol, 0));
  let format = v.format;
  if (format === 'raw') {
    const head = v.virtualSizeBytes === 0 ? Buffer.alloc(0) : await conn.volumeDownload(vol, 0n, 512n);
    format = sniffFormat(head) ?? 'raw';
  }
  return { layer: { path: v.path, format }, size: v.virtualSizeBytes, backing: v.backing };
}

async function viaLibvirt(conn: LibvirtConnectionApi, path: string): Promise<DiskImage> {
  const vol = await lookupVolume(conn, path);
  if (!vol)
    throw new DiskImageError(
      `KVM Desk cannot read the format of ${path}: on this connection it can read only disks in a storage pool. Put the file in a storage pool's folder (such as /var/lib/libvirt/images) and try again.`,
    );
  const top = await volumeLayer(conn, vol);
  const backing: DiskLayer[] = [];
  let next = top.backing;
  while (next && backing.length < MAX_CHAIN) {
    const bvol = await lookupVolume(conn, next.path);
    if (!bvol) {
      // not a volume: keep what the layer above says of it (libvirt reads further down itself)
      backing.push(next);
      break;
    }
    const b = await volumeLayer(conn, bvol);
    backing.push({ path: next.path, format: b.layer.format });
    next = b.backing;
  }
  return { path, format: top.layer.format, virtualSizeBytes: top.size, backing };
}

/** The image's format and backing chain, read from the file. Throws DiskImageError, in the user's words. */
export async function readDiskImage(
  conn: LibvirtConnectionApi,
  path: string,
  opts: { via?: 'qemu-img' | 'libvirt' } = {},
): Promise<DiskImage> {
  const via = opts.via ?? (isLocalUri(conn.uri) ? 'qemu-img' : 'libvirt');
  if (via === 'libvirt') return viaLibvirt(conn, path);
  try {
    return await viaQemuImg(path);
  } catch (err) {
    const reason = qemuImgReason(err);
    // qemu-img missing here, or the file readable only by the hypervisor: ask libvirt; any other failure
    // (a missing backing file, a damaged image) is the answer
    const missing = (err as NodeJS.ErrnoException).code === 'ENOENT';
    if (!missing && !/permission denied/i.test(reason))
      throw new DiskImageError(`KVM Desk could not read the disk image ${path}: ${reason}`);
    try {
      return await viaLibvirt(conn, path);
    } catch {
      throw new DiskImageError(`KVM Desk could not read the disk image ${path}: ${reason}`);
    }
  }
}

/** For validation: the image, or why it is not attached (a format KVM Desk refuses, or unreadable). */
export async function checkDiskImage(
  conn: LibvirtConnectionApi,
  path: string,
): Promise<{ image?: DiskImage; problem?: string }> {
  try {
    const image = await readDiskImage(conn, path);
    return { image, problem: attachProblem(image) };
  } catch (err) {
    if (err instanceof DiskImageError) return { problem: err.message };
    throw err;
  }
}

/** The disk to attach for this file; refuses (INVALID_INPUT on source.path) anything but qcow2 and raw. */
export async function diskToAttach(conn: LibvirtConnectionApi, path: string): Promise<AttachDisk> {
  const { image, problem } = await checkDiskImage(conn, path);
  if (problem || !image)
    throw new ApiFailure('INVALID_INPUT', problem ?? `${path} cannot be read.`, { field: 'source.path' });
  const attachable = (f: string): AttachableFormat => {
    if (!isAttachable(f)) throw new Error(`unexpected format ${f}`); // attachProblem refused these
    return f;
  };
  return {
    path,
    format: attachable(image.format),
    backing: image.backing.map((l) => ({ path: l.path, format: attachable(l.format) })),
  };
}
