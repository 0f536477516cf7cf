// Reading an ISO's primary volume descriptor on the guest's host for model/iso.ts to match against
// osinfo-db. On this machine from the file: only regular files and block devices (a DVD drive) are read
// (opening a FIFO would wait for a writer, reading a folder throws EISDIR, and a character device such
// as /dev/zero is no disc). On a remote host, and for a pool volume here that KVM Desk may not read
// (libvirt makes an uploaded volume 0600 root), the one sector is read through libvirt's volume download
// stream (STORAGE_VOL_DOWNLOAD with offset and length: 2 KiB cross the connection, not the image).
//
// Exports:
//   readPrimaryVolumeDescriptor(path): Promise<IsoVolumeInfo>   throws IsoError (not an ISO, unreadable)
//   readVolumeDescriptor(conn, path): Promise<IsoVolumeInfo>    the same through the pool volume at path
//   detectIso(db, path): Promise<IsoDetection>                  the contract's answer, from this machine's file
//   detectIsoOnHost(db, conn, path): Promise<IsoDetection>      the contract's answer, on the connection's host
import { constants } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import type { IsoDetection } from '../../preload/contract';
import type { LibvirtConnectionApi } from '../libvirt/facade';
import { isLocalUri } from '../libvirt/uri';
import {
  IsoError,
  type IsoVolumeInfo,
  isoDetection,
  PVD_LENGTH,
  PVD_OFFSET,
  parsePrimaryVolumeDescriptor,
} from '../model/iso';
import type { OsinfoDb } from '../model/osinfo';
import { isNotFound } from './errors';

function whyNot(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'it does not exist';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'it is a folder';
  if (code === 'ENOTDIR') return 'a part of the path is not a folder';
  if (code === 'ENAMETOOLONG') return 'the path is too long';
  return code ?? (err instanceof Error ? err.message : String(err));
}

export async function readPrimaryVolumeDescriptor(path: string): Promise<IsoVolumeInfo> {
  let st: Awaited<ReturnType<typeof stat>>;
  try {
    st = await stat(path);
  } catch (err) {
    throw new IsoError(`${path} could not be opened: ${whyNot(err)}.`);
  }
  if (st.isDirectory()) throw new IsoError(`${path} is a folder, not an ISO image.`);
  if (!st.isFile() && !st.isBlockDevice()) throw new IsoError(`${path} is not a file, so not an ISO image.`);
  let fh: Awaited<ReturnType<typeof open>>;
  try {
    fh = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    throw new IsoError(`${path} could not be opened: ${whyNot(err)}.`);
  }
  try {
    const buf = Buffer.alloc(PVD_LENGTH);
    const { bytesRead } = await fh.read(buf, 0, PVD_LENGTH, PVD_OFFSET).catch((err: unknown) => {
      throw new IsoError(`${path} could not be read: ${whyNot(err)}.`);
    });
    return parsePrimaryVolumeDescriptor(buf.subarray(0, bytesRead), path);
  } finally {
    await fh.close();
  }
}

export async function detectIso(db: OsinfoDb, path: string): Promise<IsoDetection> {
  return isoDetection(db, path, await readPrimaryVolumeDescriptor(path));
}

/** The descriptor of the pool volume whose file is `path` on the connection's host. */
export async function readVolumeDescriptor(conn: LibvirtConnectionApi, path: string): Promise<IsoVolumeInfo> {
  let vol: Awaited<ReturnType<LibvirtConnectionApi['lookupVolumeByPath']>>;
  try {
    vol = await conn.lookupVolumeByPath(path);
  } catch (err) {
    if (!isNotFound(err)) throw err;
    throw new IsoError(
      `${path} is in none of this host's storage pools, and KVM Desk reads another host's ISOs through its pools: choose it from a pool, or choose the OS below.`,
    );
  }
  const bytes = await conn.volumeDownload(vol, BigInt(PVD_OFFSET), BigInt(PVD_LENGTH));
  return parsePrimaryVolumeDescriptor(bytes.subarray(0, PVD_LENGTH), path);
}

/**
 * This machine's file where KVM Desk can read it; else (a remote host, or a volume here that is not ours
 * to read) the pool volume through libvirt. The test driver has no download stream: files only.
 */
export async function detectIsoOnHost(
  db: OsinfoDb,
  conn: LibvirtConnectionApi,
  path: string,
): Promise<IsoDetection> {
  const uri = conn.uri;
  if (isLocalUri(uri)) {
    try {
      return await detectIso(db, path);
    } catch (err) {
      const unreadable =
        err instanceof IsoError && / could not be (opened|read): permission denied/.test(err.message);
      if (!unreadable || uri.startsWith('test')) throw err;
      // a volume libvirt owns: read through the daemon, which may; a path in no pool keeps the first answer
      return isoDetection(db, path, await readVolumeDescriptor(conn, path).catch(() => Promise.reject(err)));
    }
  }
  return isoDetection(db, path, await readVolumeDescriptor(conn, path));
}
