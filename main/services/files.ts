// files.list: the wizard's file browser reads the libvirt host's folders. Only for connections to this
// machine: for a remote host these would be the wrong files, so we say so instead.
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { ConnectionId, FileEntry } from '../../preload/contract';
import { isLocalUri } from '../libvirt/uri';
import { ApiFailure } from './errors';

const MAX_ENTRIES = 5000;

export async function listFiles(connection: ConnectionId, path: string): Promise<FileEntry[]> {
  if (!isLocalUri(connection)) {
    throw new ApiFailure(
      'INVALID_INPUT',
      'Browsing the files of a remote host is not possible yet: type the path of the file on that host.',
      { field: 'connection' },
    );
  }
  let names: string[];
  try {
    names = await readdir(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT')
      throw new ApiFailure('NOT_FOUND', `There is no folder ${path} on this host.`, { path });
    if (code === 'ENOTDIR')
      throw new ApiFailure('INVALID_INPUT', `${path} is a file, not a folder.`, { path });
    if (code === 'EACCES' || code === 'EPERM') {
      throw new ApiFailure('PERMISSION', `KVM Desk may not read the folder ${path}.`, { path });
    }
    throw err;
  }
  const visible = names.filter((n) => !n.startsWith('.')).slice(0, MAX_ENTRIES);
  const entries = await Promise.all(
    visible.map(async (name): Promise<FileEntry | undefined> => {
      const full = join(path, name);
      try {
        const s = await stat(full); // follows symlinks: a link to an ISO is a file
        if (s.isDirectory()) return { name, path: full, kind: 'dir' };
        if (s.isFile()) return { name, path: full, kind: 'file', size: s.size };
        return undefined; // sockets, devices: nothing a guest boots from
      } catch {
        return undefined; // dangling link or unreadable: leave it out
      }
    }),
  );
  return entries.filter((e): e is FileEntry => e !== undefined);
}
