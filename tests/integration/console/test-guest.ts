// A real guest for console tests: boots the GRUB rescue ISO under TCG with a VNC display on loopback
// (and QEMU's own WebSocket for the bridge benchmark). Everything is named kvmdesk-test-console-*.
import { execFile } from 'node:child_process';
import { copyFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const URI = 'qemu:///system';
const ISO = join(import.meta.dirname, '../../../fixtures/grub-rescue-cdrom.iso');

export async function virsh(...args: string[]): Promise<string> {
  const { stdout } = await run('virsh', ['-c', URI, ...args], { maxBuffer: 16 * 1024 * 1024 });
  return stdout;
}

export interface TestGuest {
  name: string;
  uuid: string;
  iso: string;
  destroy(): Promise<void>;
}

export function guestXml(name: string, iso: string): string {
  return `<domain type='qemu'>
  <name>${name}</name>
  <memory unit='MiB'>128</memory>
  <vcpu>1</vcpu>
  <os><type arch='x86_64' machine='pc'>hvm</type><boot dev='cdrom'/></os>
  <features><acpi/></features>
  <on_reboot>restart</on_reboot>
  <devices>
    <disk type='file' device='cdrom'>
      <driver name='qemu' type='raw'/><source file='${iso}'/><target dev='hdc' bus='ide'/><readonly/>
    </disk>
    <graphics type='vnc' autoport='yes' listen='127.0.0.1' websocket='-1'>
      <listen type='address' address='127.0.0.1'/>
    </graphics>
    <video><model type='vga'/></video>
  </devices>
</domain>`;
}

/** Defines and starts a persistent guest (persistent so tests can force it off and start it again). */
export async function startTestGuest(label = 'console'): Promise<TestGuest> {
  const name = `kvmdesk-test-${label}-${process.pid}-${Date.now().toString(36)}`;
  const iso = `/var/lib/libvirt/images/${name}.iso`; // where the qemu user may read it
  copyFileSync(ISO, iso);
  const xmlPath = `/tmp/${name}.xml`;
  const { writeFileSync } = await import('node:fs');
  writeFileSync(xmlPath, guestXml(name, iso));
  await virsh('define', xmlPath);
  rmSync(xmlPath, { force: true });
  await virsh('start', name);
  const uuid = (await virsh('domuuid', name)).trim();
  return {
    name,
    uuid,
    iso,
    async destroy() {
      await virsh('destroy', name).catch(() => {});
      await virsh('undefine', name).catch(() => {});
      rmSync(iso, { force: true });
    },
  };
}

/** Removes leftovers of earlier runs that died before their teardown (only kvmdesk-test-console-*). */
export async function removeStaleTestGuests(label = 'console'): Promise<void> {
  const names = (await virsh('list', '--all', '--name')).split('\n').map((s) => s.trim());
  for (const n of names) {
    const m = new RegExp(`^kvmdesk-test-${label}-(\\d+)-`).exec(n);
    if (!m) continue;
    try {
      process.kill(Number(m[1]), 0);
      continue; // its test process still runs
    } catch {}
    await virsh('destroy', n).catch(() => {});
    await virsh('undefine', n).catch(() => {});
    rmSync(`/var/lib/libvirt/images/${n}.iso`, { force: true });
  }
}

export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 60_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < until) {
    try {
      const v = await probe();
      if (v !== undefined && v !== false) return v;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
}
