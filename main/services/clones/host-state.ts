// What a guest keeps beside its disks, outside any storage pool: the UEFI variables (NVRAM file) and the
// software TPM's state (swtpm's directory, named after the guest's uuid). A clone gets copies, made
// with the owner and mode of the source's, on this machine; on a remote host KVM Desk cannot reach the
// files, and the clone's UEFI variables start from the firmware's template and its TPM starts empty.
import { execFile } from 'node:child_process';
import { access, chown, constants, copyFile, rm, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const SWTPM_DIR = '/var/lib/libvirt/swtpm';

const exists = (p: string) =>
  access(p, constants.F_OK).then(
    () => true,
    () => false,
  );

/**
 * Where libvirt keeps a guest's variables when its XML names no file: firmware autoselection
 * (<os firmware='efi'>) in libvirt 9.0 fills <nvram> only in the running guest's XML, from the name.
 */
export function defaultNvramPath(uri: string, guest: string): string {
  const dir = /\/session/.test(uri)
    ? join(homedir(), '.config/libvirt/qemu/nvram')
    : '/var/lib/libvirt/qemu/nvram';
  return join(dir, `${guest}_VARS.fd`);
}

/** libvirt's own name for a guest's variables file: NAME_VARS.fd beside the source's */
export function nvramPathFor(sourceNvram: string, clone: string): string {
  return join(dirname(sourceNvram), `${clone}_VARS.fd`);
}

/** copies the source's NVRAM file to `to` (never over an existing file); false when there is none */
export async function copyNvram(from: string, to: string): Promise<boolean> {
  if (!(await exists(from))) return false;
  await copyFile(from, to, constants.COPYFILE_EXCL);
  const st = await stat(from);
  await chown(to, st.uid, st.gid).catch(() => undefined);
  return true;
}

/** copies the source's swtpm state to the clone's uuid; false when the source has none yet */
export async function copyTpmState(fromUuid: string, toUuid: string): Promise<boolean> {
  const from = join(SWTPM_DIR, fromUuid);
  const to = join(SWTPM_DIR, toUuid);
  if (!(await exists(from)) || (await exists(to))) return false;
  // cp -a keeps the owner (tss or libvirt-qemu) and modes swtpm expects
  await run('cp', ['-a', '--', from, to]);
  return true;
}

export async function removeIfMade(path: string | undefined): Promise<void> {
  if (path) await rm(path, { recursive: true, force: true });
}
