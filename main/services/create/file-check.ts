// Can the hypervisor read this file? On the system connection QEMU runs as libvirt-qemu (Debian's
// default), which needs search permission on every folder above the file; libvirt's dynamic ownership
// then gives it the file itself, so only the folders are checked. On a session connection QEMU runs as
// the user, like KVM Desk, so the file must be readable by us.
//
// Exports:
//   checkFileForQemu(path, { systemConnection, qemuUser? }): FileCheck   local files only
import { accessSync, constants, readFileSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import type { FileCheck } from '../../model/validate-create';

interface Account {
  uid: number;
  gids: number[];
}

function readTable(path: string): string[][] {
  try {
    return readFileSync(path, 'utf8')
      .split('\n')
      .filter((l) => l && !l.startsWith('#'))
      .map((l) => l.split(':'));
  } catch {
    return [];
  }
}

function account(user: string): Account | undefined {
  const pw = readTable('/etc/passwd').find((f) => f[0] === user);
  if (!pw) return undefined;
  const gids = [Number(pw[3])];
  for (const g of readTable('/etc/group')) {
    if ((g[3] ?? '').split(',').includes(user)) gids.push(Number(g[2]));
  }
  return { uid: Number(pw[2]), gids };
}

function userName(uid: number): string {
  return readTable('/etc/passwd').find((f) => Number(f[2]) === uid)?.[0] ?? `uid ${uid}`;
}

function canSearch(dir: string, who: Account): boolean {
  const s = statSync(dir);
  if (who.uid === 0) return true;
  if (s.uid === who.uid) return (s.mode & 0o100) !== 0;
  if (who.gids.includes(s.gid)) return (s.mode & 0o010) !== 0;
  return (s.mode & 0o001) !== 0;
}

export function checkFileForQemu(
  path: string,
  opts: { systemConnection: boolean; qemuUser?: string },
): FileCheck {
  let st: ReturnType<typeof statSync>;
  try {
    st = statSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR')
      return { exists: false, isFile: false, readableByQemu: false };
    return { exists: true, isFile: false, readableByQemu: false, reason: `it cannot be examined (${code})` };
  }
  if (!st.isFile()) {
    return {
      exists: true,
      isFile: false,
      readableByQemu: false,
      reason: st.isDirectory() ? 'it is a folder' : 'it is a device or other special file',
    };
  }
  if (!opts.systemConnection) {
    try {
      accessSync(path, constants.R_OK);
      return { exists: true, isFile: true, readableByQemu: true };
    } catch {
      return { exists: true, isFile: true, readableByQemu: false, reason: 'you may not read it' };
    }
  }
  const qemuUser = opts.qemuUser ?? 'libvirt-qemu';
  const who = account(qemuUser);
  if (!who) return { exists: true, isFile: true, readableByQemu: true }; // another distribution's user: let libvirt say
  const dirs: string[] = [];
  for (let d = dirname(path); ; d = dirname(d)) {
    dirs.unshift(d);
    if (d === '/') break;
  }
  for (const d of dirs) {
    if (!canSearch(d, who)) {
      const owner = userName(statSync(d).uid);
      return {
        exists: true,
        isFile: true,
        readableByQemu: false,
        reason: `the folder ${d} is private to ${owner}`,
      };
    }
  }
  return { exists: true, isFile: true, readableByQemu: true };
}
