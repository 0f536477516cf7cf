// What KVM Desk keeps for an external snapshot outside libvirt's metadata, on this machine: a folder per
// snapshot under /var/lib/libvirt/qemu/snapshot-state/<uuid>/ with its memory file, a copy of the NVRAM
// file and of the swtpm state directory, and one JSON sidecar per guest (snapshots.json, keyed by the
// snapshot's name) that says where they are and which overlay files KVM Desk made. libvirt's snapshot XML
// has no room for an application's metadata (only <description>, which is the user's), hence the sidecar.
import { execFile } from 'node:child_process';
import { access, constants, copyFile, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fileSafe } from '../../model/snapshot-external';
import { SWTPM_DIR } from '../clones/host-state';

const run = promisify(execFile);
export const STATE_ROOT = '/var/lib/libvirt/qemu/snapshot-state';

export interface SnapshotState {
  /** the snapshot's folder */
  dir: string;
  memory?: string;
  /** the copy of the NVRAM file and where it goes back */
  nvram?: { copy: string; path: string };
  /** the copy of /var/lib/libvirt/swtpm/<uuid> */
  tpm?: { copy: string };
}

export interface Sidecar {
  version: 1;
  snapshots: Record<string, SnapshotState>;
  /** overlay files KVM Desk made for this guest (a take's, a revert's): only these are ever removed */
  made: string[];
}

export const exists = (p: string) =>
  access(p, constants.F_OK).then(
    () => true,
    () => false,
  );

const sidecarPath = (uuid: string) => join(STATE_ROOT, uuid, 'snapshots.json');

export async function readSidecar(uuid: string): Promise<Sidecar> {
  try {
    const s = JSON.parse(await readFile(sidecarPath(uuid), 'utf8')) as Sidecar;
    return { version: 1, snapshots: s.snapshots ?? {}, made: s.made ?? [] };
  } catch {
    return { version: 1, snapshots: {}, made: [] };
  }
}

/** written to a temporary file and renamed: a crash never leaves half a sidecar */
export async function writeSidecar(uuid: string, s: Sidecar): Promise<void> {
  const path = sidecarPath(uuid);
  await mkdir(join(STATE_ROOT, uuid), { recursive: true, mode: 0o700 });
  await writeFile(`${path}.tmp`, `${JSON.stringify(s, null, 2)}\n`, { mode: 0o600 });
  await rename(`${path}.tmp`, path);
}

/** a new folder for the snapshot's files (never one that exists: a name used before gets .2) */
export async function newSnapshotDir(uuid: string, name: string): Promise<string> {
  const base = join(STATE_ROOT, uuid, fileSafe(name));
  let dir = base;
  for (let n = 2; await exists(dir); n++) dir = `${base}.${n}`;
  await mkdir(dir, { recursive: true, mode: 0o700 });
  return dir;
}

export const tpmDir = (uuid: string) => join(SWTPM_DIR, uuid);

/** copies the NVRAM file and the swtpm directory into `dir`, those that exist */
export async function copyHostState(
  dir: string,
  uuid: string,
  nvramPath: string | undefined,
): Promise<Pick<SnapshotState, 'nvram' | 'tpm'>> {
  const out: Pick<SnapshotState, 'nvram' | 'tpm'> = {};
  if (nvramPath && (await exists(nvramPath))) {
    const copy = join(dir, 'nvram.fd');
    await copyFile(nvramPath, copy, constants.COPYFILE_EXCL);
    out.nvram = { copy, path: nvramPath };
  }
  if (await exists(tpmDir(uuid))) {
    const copy = join(dir, 'swtpm');
    // cp -a keeps the owner (tss or libvirt-qemu) and the modes swtpm expects
    await run('cp', ['-a', '--', tpmDir(uuid), copy]);
    out.tpm = { copy };
  }
  return out;
}

/** puts a copied NVRAM file back with the owner and mode the current one has */
export async function putNvramBack(copy: string, path: string): Promise<void> {
  const was = await stat(path).catch(() => undefined);
  await copyFile(copy, `${path}.kvmdesk-tmp`);
  await rename(`${path}.kvmdesk-tmp`, path);
  if (was) await run('chown', [`${was.uid}:${was.gid}`, path]).catch(() => undefined);
}

/** puts a copied swtpm directory back in place of the current one */
export async function putTpmBack(copy: string, uuid: string): Promise<void> {
  await rm(tpmDir(uuid), { recursive: true, force: true });
  await run('cp', ['-a', '--', copy, tpmDir(uuid)]);
}

export const removeAll = (path: string) => rm(path, { recursive: true, force: true });
