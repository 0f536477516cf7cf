// Shared bits for the libvirt client's integration tests: virsh, the guest lock, waiting for conditions.
import { execFile, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
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

const GUEST_LOCK = '/tmp/kvmdesk-guest.lock';

function heldByAncestor(): boolean {
  let pid = process.ppid;
  for (let i = 0; i < 32 && pid > 1; i++) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      if (/(^|\/)flock$/.test(cmd[0] ?? '') && cmd.includes(GUEST_LOCK)) return true;
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      pid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    } catch {
      return false;
    }
  }
  return false;
}

/**
 * Takes the machine-wide guest lock (one TCG guest at a time) unless an ancestor `flock` holds it.
 * The lock is held by `flock ... cat`, which lives as long as its stdin: release() closes stdin, and if
 * this process dies the pipe closes too, so the lock can never be left behind by an orphan.
 */
export async function guestLock(timeoutMs = 20 * 60_000): Promise<() => void> {
  if (process.env.KVMDESK_GUEST_LOCKED === '1' || heldByAncestor()) return () => {};
  const wait = String(Math.ceil(timeoutMs / 1000));
  const child = spawn('flock', ['-w', wait, GUEST_LOCK, 'sh', '-c', 'echo locked; exec cat >/dev/null'], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout.once('data', () => resolve());
    child.once('exit', (code) => reject(new Error(`could not take ${GUEST_LOCK} (flock exited ${code})`)));
  });
  child.unref();
  (child.stdout as unknown as { unref(): void }).unref();
  (child.stdin as unknown as { unref(): void }).unref();
  return () => child.stdin.end();
}

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
