// Reading an ISO's primary volume descriptor from the host's files for model/iso.ts to match against
// osinfo-db. Only regular files and block devices (a DVD drive) are read: opening a FIFO would wait for
// a writer, reading a folder throws EISDIR, and a character device such as /dev/zero is no disc.
//
// Exports:
//   readPrimaryVolumeDescriptor(path): Promise<IsoVolumeInfo>   throws IsoError (not an ISO, unreadable)
//   detectIso(db, path): Promise<IsoDetection>                  the contract's answer
import { constants } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import type { IsoDetection } from '../../preload/contract';
import {
  IsoError,
  type IsoVolumeInfo,
  isoDetection,
  PVD_LENGTH,
  PVD_OFFSET,
  parsePrimaryVolumeDescriptor,
} from '../model/iso';
import type { OsinfoDb } from '../model/osinfo';

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
