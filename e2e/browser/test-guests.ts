// Test guests and the browser shell's process, for the e2e fixtures and the integration tests (no
// Playwright here). Everything made is named kvmdesk-test-* and removed afterwards (only those).
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { copyFile, mkdir, readdir, stat, unlink, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { buildXml, h } from '../../main/model/xml';

const run = promisify(execFile);
export const ROOT = resolve(import.meta.dirname, '../..');
export const URI = 'qemu:///system';
export const IMAGES = '/var/lib/libvirt/images';
export const GRUB_ISO = join(ROOT, 'fixtures/grub-rescue-cdrom.iso');
/** the ISO where libvirt-qemu may read it (files under /work or /root may not be) */
export const LIBVIRT_GRUB_ISO = join(IMAGES, 'kvmdesk-test-grub.iso');
/** iPXE's ISO (Debian's ipxe package): it asks for DHCP on every NIC seconds after boot */
export const IPXE_ISO = join(ROOT, 'fixtures/ipxe.iso');
/** the Debian installer's kernel and initrd (scripts/fetch-fixtures.sh) */
export const INSTALLER_DIR = join(ROOT, 'fixtures/debian-installer');
/** where libvirt-qemu may read them: virt-install's own folder for kernels (no storage pool) */
const LIBVIRT_BOOT = '/var/lib/libvirt/boot';
export const PREFIX = 'kvmdesk-test-';
export const ARTIFACTS = join(ROOT, 'e2e/artifacts');
/** marks guests this fixture made, so the sweep never removes another suite's guests running meanwhile */
const MARK = 'made by the KVM Desk e2e fixture';
const DISK_PREFIX = `${PREFIX}e2e-disk-`;

export interface Server {
  /** http://127.0.0.1:PORT/?token=... */
  url: string;
  origin: string;
  token: string;
  port: number;
  /** what serve printed so far (stdout and stderr), for failure messages */
  log: string[];
}

export interface TestGuestOptions {
  /** a CD-ROM with this ISO (fixtures/grub-rescue-cdrom.iso is copied where libvirt can read it) */
  iso?: string;
  /** a qcow2 disk of this many MiB in /var/lib/libvirt/images (the 'default' pool), named after the guest */
  diskMiB?: number;
  memoryMiB?: number;
  /** start it right away (hold the guest lock: `npm run test:e2e` does) */
  start?: boolean;
  /** a NIC on this libvirt network */
  network?: string;
  /** the disk's path instead of the default one (created only when diskMiB is given too) */
  diskPath?: string;
  /** made with `virsh create`: running at once, not defined, gone when it stops (hold the guest lock) */
  transient?: boolean;
  /** a VNC display (and a VGA card); true unless false */
  graphics?: boolean;
  /** a serial port on a pty, which is also the guest's text console */
  serial?: boolean;
  /** boot the Debian installer's kernel and initrd directly, with this kernel command line */
  kernelCmdline?: string;
  /** UEFI (OVMF by libvirt's autoselection, no Secure Boot) on q35 instead of BIOS on pc */
  firmware?: 'efi';
  /** an emulated TPM 2.0 (swtpm; its state in /var/lib/libvirt/swtpm/<uuid>) */
  tpm?: boolean;
}

export interface TestGuest {
  name: string;
  uuid: string;
  /** disk files it has: the qcow2 (if any), then the ISO */
  disk?: string;
  iso?: string;
}

export type Virsh = (...args: string[]) => Promise<string>;

/** virsh against qemu:///system; rejects with virsh's stderr */
export const virsh: Virsh = async (...args) => {
  try {
    const { stdout } = await run('virsh', ['-c', URI, ...args], { timeout: 60_000 });
    return stdout.trim();
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new Error(`virsh ${args.join(' ')}: ${(e.stderr || e.message).trim()}`);
  }
};

/** a guest's state as virsh says it: "running", "shut off", "paused", or undefined when it is gone */
export async function virshState(name: string): Promise<string | undefined> {
  try {
    return await virsh('domstate', name);
  } catch {
    return undefined;
  }
}

/** polls until `check` returns true (or a value), failing with `what` after `timeoutMs` */
export async function waitFor<T>(what: string, check: () => Promise<T> | T, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > end)
      throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** a fixture ISO copied where libvirt-qemu may read it (kept between runs, replaced when it changed) */
async function ensureLibvirtIso(src: string): Promise<string> {
  const dst = src === GRUB_ISO ? LIBVIRT_GRUB_ISO : join(IMAGES, `${PREFIX}${basename(src)}`);
  const [a, b] = await Promise.all([stat(src), stat(dst).catch(() => undefined)]);
  if (b?.size !== a.size) {
    await mkdir(IMAGES, { recursive: true });
    const tmp = `${dst}.${process.pid}.tmp`;
    await copyFile(src, tmp);
    await run('chmod', ['0644', tmp]);
    await run('mv', ['-f', tmp, dst]);
  }
  return dst;
}

/** The installer's kernel and initrd copied where libvirt-qemu may read them (kept between runs). */
async function ensureLibvirtKernel(): Promise<{ kernel: string; initrd: string }> {
  await mkdir(LIBVIRT_BOOT, { recursive: true });
  const out = { kernel: '', initrd: '' };
  for (const [key, file] of [
    ['kernel', 'linux'],
    ['initrd', 'initrd.gz'],
  ] as const) {
    const src = join(INSTALLER_DIR, file);
    const dst = join(LIBVIRT_BOOT, `${PREFIX}installer-${file}`);
    const [a, b] = await Promise.all([stat(src), stat(dst).catch(() => undefined)]);
    if (b?.size !== a.size) {
      const tmp = `${dst}.${process.pid}.tmp`;
      await copyFile(src, tmp);
      await run('chmod', ['0644', tmp]);
      await run('mv', ['-f', tmp, dst]);
    }
    out[key] = dst;
  }
  return out;
}

function guestXml(
  name: string,
  o: TestGuestOptions,
  iso?: string,
  disk?: string,
  boot?: { kernel: string; initrd: string },
): string {
  const cdrom =
    iso &&
    h(
      'disk',
      { type: 'file', device: 'cdrom' },
      h('driver', { name: 'qemu', type: 'raw' }),
      h('source', { file: iso }),
      h('target', { dev: 'sdb', bus: 'sata' }),
      h('readonly'),
    );
  const hd =
    disk &&
    h(
      'disk',
      { type: 'file', device: 'disk' },
      h('driver', { name: 'qemu', type: 'qcow2' }),
      h('source', { file: disk }),
      h('target', { dev: 'vda', bus: 'virtio' }),
    );
  return buildXml(
    h(
      'domain',
      { type: 'qemu' },
      h('name', {}, name),
      h('description', {}, MARK),
      h('memory', { unit: 'MiB' }, o.memoryMiB ?? 256),
      h('vcpu', {}, 1),
      h(
        'os',
        o.firmware === 'efi' ? { firmware: 'efi' } : {},
        h('type', { arch: 'x86_64', machine: o.firmware === 'efi' ? 'q35' : 'pc' }, 'hvm'),
        o.firmware === 'efi' && h('firmware', {}, h('feature', { enabled: 'no', name: 'secure-boot' })),
        boot && h('kernel', {}, boot.kernel),
        boot && h('initrd', {}, boot.initrd),
        boot && h('cmdline', {}, o.kernelCmdline ?? ''),
        h('boot', { dev: 'cdrom' }),
        h('boot', { dev: 'hd' }),
      ),
      h('features', {}, h('acpi')),
      h('on_poweroff', {}, 'destroy'),
      h('on_reboot', {}, 'restart'),
      h(
        'devices',
        {},
        hd,
        cdrom,
        o.network &&
          h(
            'interface',
            { type: 'network' },
            h('source', { network: o.network }),
            h('model', { type: 'e1000' }),
          ),
        o.serial && h('serial', { type: 'pty' }, h('target', { port: 0 })),
        o.serial && h('console', { type: 'pty' }, h('target', { type: 'serial', port: 0 })),
        o.graphics !== false && h('graphics', { type: 'vnc', autoport: 'yes', listen: '127.0.0.1' }),
        o.graphics !== false && h('video', {}, h('model', { type: 'vga' })),
        o.tpm && h('tpm', { model: 'tpm-crb' }, h('backend', { type: 'emulator', version: '2.0' })),
      ),
    ),
  );
}

/** Defines a kvmdesk-test-* guest with virsh (domain type qemu, 256 MiB by default), or creates it transient. */
export async function defineTestGuest(name: string, o: TestGuestOptions = {}): Promise<TestGuest> {
  if (!name.startsWith(PREFIX)) throw new Error(`test guests must be named ${PREFIX}*, not ${name}`);
  const iso =
    o.iso === undefined
      ? undefined
      : [GRUB_ISO, IPXE_ISO].includes(o.iso)
        ? await ensureLibvirtIso(o.iso)
        : o.iso;
  let disk = o.diskPath;
  if (o.diskMiB) {
    disk ??= join(
      IMAGES,
      `${DISK_PREFIX}${name.slice(PREFIX.length).replace(/[^A-Za-z0-9._-]/g, '_')}.qcow2`,
    );
    await run('qemu-img', ['create', '-q', '-f', 'qcow2', disk, `${o.diskMiB}M`]);
    await virsh('pool-refresh', 'default').catch(() => undefined); // so libvirt knows it as a volume
  }
  const file = join('/tmp', `${PREFIX}${process.pid}-${Date.now()}.xml`);
  const boot = o.kernelCmdline === undefined ? undefined : await ensureLibvirtKernel();
  await writeFile(file, guestXml(name, o, iso, disk, boot));
  try {
    await virsh(o.transient ? 'create' : 'define', file);
  } finally {
    await unlink(file).catch(() => undefined);
  }
  const uuid = await virsh('domuuid', name);
  if (o.start && !o.transient) await virsh('start', name);
  return { name, uuid, disk, iso };
}

export interface TestNetwork {
  name: string;
  bridge: string;
  /** the host's address on it and the DHCP range, when made with dhcp */
  hostAddress?: string;
  dhcpRange?: [string, string];
  /** destroys it (transient: gone at once); safe to call twice */
  remove(): Promise<void>;
}

let networkCount = 0;

/**
 * A transient kvmdesk-test-* network of the test's own (tests never start or change the host's networks):
 * isolated, or with `dhcp` a /24 in 10.214.0.0/16 chosen from the pid, where libvirt runs dnsmasq; with
 * `nat` too, NAT to the host's networks (libvirt's iptables rules), as the `default` network a user has.
 */
export async function createTestNetwork(
  name: string,
  o: { dhcp?: boolean; nat?: boolean } = {},
): Promise<TestNetwork> {
  if (o.nat && !o.dhcp) throw new Error('a NAT test network needs an address range: pass dhcp too');
  if (!name.startsWith(PREFIX)) throw new Error(`test networks must be named ${PREFIX}*, not ${name}`);
  // bridge names are at most 15 characters; the pid and a counter keep parallel files apart
  const bridge = `kvmdt${process.pid % 100000}n${(networkCount++ % 100).toString()}`;
  const third = (process.pid + networkCount) % 250;
  const net: TestNetwork = {
    name,
    bridge,
    ...(o.dhcp && {
      hostAddress: `10.214.${third}.1`,
      dhcpRange: [`10.214.${third}.10`, `10.214.${third}.100`] as [string, string],
    }),
    remove: () =>
      virsh('net-destroy', name).then(
        () => undefined,
        () => undefined,
      ),
  };
  const ip =
    net.dhcpRange &&
    h(
      'ip',
      { address: net.hostAddress, netmask: '255.255.255.0' },
      h('dhcp', {}, h('range', { start: net.dhcpRange[0], end: net.dhcpRange[1] })),
    );
  const file = join('/tmp', `${name}-${process.pid}.xml`);
  const forward = o.nat ? h('forward', { mode: 'nat' }) : undefined;
  await writeFile(
    file,
    buildXml(h('network', {}, h('name', {}, name), forward, h('bridge', { name: bridge }), ip)),
  );
  try {
    await virsh('net-create', file);
  } finally {
    await unlink(file).catch(() => undefined);
  }
  return net;
}

/** Removes a test guest whatever its state, and its qcow2 disk (never the ISO). */
export async function removeTestGuest(nameOrUuid: string): Promise<void> {
  if (!nameOrUuid.startsWith(PREFIX) && !/^[0-9a-f-]{36}$/.test(nameOrUuid)) return;
  await virsh('destroy', nameOrUuid).catch(() => undefined);
  await virsh('undefine', nameOrUuid, '--managed-save', '--snapshots-metadata', '--nvram').catch(() =>
    virsh('undefine', nameOrUuid).catch(() => undefined),
  );
}

/**
 * Every kvmdesk-test-* guest this fixture made and its qcow2 disks, left behind by this or an earlier,
 * crashed run. Guests of other suites (running at the same time on a shared machine) are left alone.
 */
export async function cleanupTestGuests(): Promise<void> {
  const names = (await virsh('list', '--all', '--name').catch(() => ''))
    .split('\n')
    .map((s) => s.trim())
    .filter((n) => n.startsWith(PREFIX));
  for (const n of names) {
    const desc = await virsh('desc', n).catch(() => '');
    if (desc.includes(MARK)) await removeTestGuest(n);
  }
  for (const f of await readdir(IMAGES).catch(() => [] as string[])) {
    if (f.startsWith(DISK_PREFIX) && f.endsWith('.qcow2'))
      await unlink(join(IMAGES, f)).catch(() => undefined);
  }
  await virsh('pool-refresh', 'default').catch(() => undefined);
}

/** Starts `serve --port 0` and resolves with the URL it prints. */
export async function startServe(
  env: NodeJS.ProcessEnv = {},
): Promise<{ server: Server; child: ChildProcess }> {
  const child = spawn(join(ROOT, 'node_modules/.bin/tsx'), ['main/shells/browser/serve.ts', '--port', '0'], {
    cwd: ROOT,
    env: { ...process.env, KVMDESK_URI: URI, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log: string[] = [];
  createInterface({ input: child.stderr! }).on('line', (l) => log.push(l));
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`serve printed no URL in 60 s:\n${log.join('\n')}`)),
      60_000,
    );
    createInterface({ input: child.stdout! }).on('line', (line) => {
      log.push(line);
      const m = /^KVM Desk: (http:\/\/\S+)/.exec(line);
      if (m) {
        clearTimeout(timer);
        resolveUrl(m[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited (${code}) before printing its URL:\n${log.join('\n')}`));
    });
  });
  const u = new URL(url);
  return {
    child,
    server: { url, origin: u.origin, token: u.searchParams.get('token') ?? '', port: Number(u.port), log },
  };
}

export async function stopServe(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}
