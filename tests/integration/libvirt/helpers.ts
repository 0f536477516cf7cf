// Shared bits for the libvirt client's integration tests: virsh, the guest lock, waiting for conditions.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const PREFIX = 'kvmdesk-test-';
export const disturbHost = process.env.CI === 'true' || process.env.KVMDESK_DISTURB_HOST === '1';

export async function virsh(uri: string, ...args: string[]): Promise<string> {
  const { stdout } = await run('virsh', ['-c', uri, ...args], { timeout: 60_000 });
  return stdout;
}

export async function virshQuiet(uri: string, ...args: string[]): Promise<void> {
  await virsh(uri, ...args).catch(() => undefined);
}

/** Polls `check` until it returns a truthy value (or throws the last error after `ms`). */
export async function waitFor<T>(check: () => T | Promise<T>, ms = 30_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + ms;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await check();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
}

export { takeGuestLock as guestLock } from '../../support/guest-lock';

export const TCG_GUEST_XML = (name: string, iso: string) => `<domain type='qemu'>
  <name>${name}</name>
  <memory unit='MiB'>128</memory>
  <vcpu>1</vcpu>
  <os><type arch='x86_64' machine='pc'>hvm</type><boot dev='cdrom'/></os>
  <features><acpi/></features>
  <devices>
    <emulator>/usr/bin/qemu-system-x86_64</emulator>
    <disk type='file' device='cdrom'>
      <driver name='qemu' type='raw'/>
      <source file='${iso}'/>
      <target dev='hdc' bus='ide'/>
      <readonly/>
    </disk>
    <serial type='pty'/>
    <console type='pty'/>
    <graphics type='vnc' port='-1' listen='127.0.0.1'/>
    <video><model type='vga'/></video>
  </devices>
</domain>`;
