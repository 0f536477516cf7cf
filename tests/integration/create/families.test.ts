// A guest of each OS family defined on qemu:///system by the create service, and the BIOS one and the
// UEFI + Secure Boot + TPM one started under TCG (holding the guest lock). Everything is removed after.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LibvirtConnection } from '../../../main/libvirt/index';
import { parseDomainXml } from '../../../main/model/domain-xml';
import { type CreateDeps, createGuest } from '../../../main/services/create/index';
import type { CreateVmSpec } from '../../../preload/contract';
import {
  connect,
  domainExists,
  removeGuest,
  removeVolume,
  takeGuestLock,
  testSpec,
  virsh,
  volumeNames,
  waitFor,
} from './support';

const ISO = '/var/lib/libvirt/images/kvmdesk-test-create-grub.iso';
const run = `${process.pid}`;
// a stand-in for the virtio-win driver ISO: any readable ISO 9660 image with its volume id
const VIRTIO_WIN = `/var/lib/libvirt/images/kvmdesk-test-virtio-win-${run}.iso`;
let conn: LibvirtConnection;
let deps: CreateDeps;
const made: string[] = [];

function spec(osId: string | undefined, over: Partial<CreateVmSpec> = {}): CreateVmSpec {
  const name = `kvmdesk-test-create-${(osId ?? 'unknown').replace(/\./g, '-')}-${run}`;
  made.push(name);
  return testSpec(name, { kind: 'iso', path: ISO }, { osId, ...over });
}

beforeAll(async () => {
  // the real grub-rescue ISO where the hypervisor's user can read it
  copyFileSync(new URL('../../../fixtures/grub-rescue-cdrom.iso', import.meta.url), ISO);
  const dir = mkdtempSync(join(tmpdir(), 'kvmdesk-test-virtio-win-'));
  try {
    writeFileSync(join(dir, 'README.txt'), 'stand-in for the virtio-win drivers\n');
    execFileSync('xorriso', ['-as', 'mkisofs', '-quiet', '-V', 'virtio-win-0.1.240', '-o', VIRTIO_WIN, dir]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  ({ conn, deps } = await connect());
});

afterAll(async () => {
  for (const name of made) await removeGuest(name);
  for (const v of await volumeNames('default')) {
    if (made.some((n) => v.startsWith(n))) await removeVolume('default', v);
  }
  rmSync(ISO, { force: true });
  rmSync(VIRTIO_WIN, { force: true });
  await virsh('pool-refresh', 'default').catch(() => undefined);
  await conn?.close();
});

describe('defining a guest of each family on qemu:///system', () => {
  const families: [string, Partial<CreateVmSpec>, Record<string, unknown>][] = [
    ['win11', { firmware: 'uefi-secure', tpm: true }, { firmware: 'efi', secureBoot: true, tpm: true }],
    ['win10', { firmware: 'uefi' }, { firmware: 'efi', secureBoot: false, tpm: false }],
    ['debian12', {}, { firmware: 'bios', osFamily: 'linux' }],
    ['fedora37', {}, { firmware: 'bios', osFamily: 'linux' }],
    ['ubuntu22.10', {}, { firmware: 'bios', osFamily: 'linux' }],
    ['freebsd14.0', {}, { firmware: 'bios', osFamily: 'bsd' }],
    ['openbsd7.0', {}, { firmware: 'bios', osFamily: 'bsd' }],
  ];
  for (const [osId, over, expected] of families) {
    it(`defines a ${osId} guest with its disk in the default pool`, async () => {
      const s = spec(osId, over);
      const steps: string[] = [];
      const ref = await createGuest(conn, s, deps, (step) => steps.push(step));
      expect(steps).toEqual(['Preparing the storage pool', 'Allocating the disk', 'Defining the guest']);
      const xml = await virsh('dumpxml', '--inactive', s.name);
      const d = parseDomainXml(xml);
      expect(d).toMatchObject({ uuid: ref.uuid, name: s.name, osId, domainType: 'qemu', ...expected });
      expect(d.disks[0]).toMatchObject({
        device: 'disk',
        format: 'qcow2',
        path: `/var/lib/libvirt/images/${s.name}.qcow2`,
      });
      expect(d.disks[1]).toMatchObject({ device: 'cdrom', path: ISO, deletable: false });
      expect(await virsh('domstate', s.name)).toBe('shut off');
      // never started: the offer to eject the installer must not come before the guest ran
      expect(d.startedSinceInstall).toBeUndefined();
      const vol = await virsh('vol-info', '--pool', 'default', `${s.name}.qcow2`, '--bytes');
      expect(vol).toMatch(/Capacity:\s+1073741824 bytes/);
    });
  }
});

describe('a Windows guest with the virtio-win driver ISO', () => {
  it('defines win11 with a virtio disk and NIC and the drivers on a second CD-ROM', async () => {
    const s = spec('win11', {
      name: `kvmdesk-test-create-win11-virtio-${run}`,
      firmware: 'uefi-secure',
      tpm: true,
      network: { kind: 'nat', name: 'default' },
      virtioWinIso: VIRTIO_WIN,
    });
    made.push(s.name);
    await createGuest(conn, s, deps);
    const xml = await virsh('dumpxml', '--inactive', s.name);
    const d = parseDomainXml(xml);
    expect(d.disks.map((x) => [x.device, x.bus, x.path])).toEqual([
      ['disk', 'virtio', `/var/lib/libvirt/images/${s.name}.qcow2`],
      ['cdrom', 'sata', ISO],
      ['cdrom', 'sata', VIRTIO_WIN],
    ]);
    expect(d.nics).toHaveLength(1);
    expect(d.nics[0]).toMatchObject({ type: 'network', source: 'default', model: 'virtio' });
    expect(d).toMatchObject({ osId: 'win11', firmware: 'efi', secureBoot: true, tpm: true });
    expect(xml).toContain(`virtio-win="${VIRTIO_WIN}"`);
    expect(await virsh('domstate', s.name)).toBe('shut off');
  });
});

describe('starting the BIOS guest and the UEFI + TPM guest under TCG', () => {
  let release: () => void = () => {};
  beforeAll(async () => {
    release = await takeGuestLock();
  }, 20 * 60_000);
  afterAll(async () => {
    for (const name of made) await virsh('destroy', name).catch(() => undefined);
    release();
  });

  it('creates and starts a Debian guest (BIOS) that boots the ISO', async () => {
    const s = spec('debian12', { name: `kvmdesk-test-create-bios-${run}`, startAfterCreate: true });
    made.push(s.name);
    const steps: string[] = [];
    await createGuest(conn, s, deps, (step) => steps.push(step));
    expect(steps.at(-1)).toBe('Starting the guest');
    expect(await virsh('domstate', s.name)).toBe('running');
    // KVM Desk's metadata says it ran from its installer, live and in the persistent config: the eject
    // offer after its shutdown does not depend on libvirt's shut-off reason
    expect(parseDomainXml(await virsh('dumpxml', s.name)).startedSinceInstall).toBe(true);
    await virsh('destroy', s.name);
    const off = parseDomainXml(await virsh('dumpxml', '--inactive', s.name));
    expect(off).toMatchObject({ startedSinceInstall: true, installSource: ISO, osId: 'debian12' });
  });

  it('creates and starts a Windows 11 guest with UEFI, Secure Boot and an emulated TPM 2.0', async () => {
    const s = spec('win11', {
      name: `kvmdesk-test-create-uefi-${run}`,
      firmware: 'uefi-secure',
      tpm: true,
      memoryMiB: 512,
      startAfterCreate: true,
    });
    made.push(s.name);
    await createGuest(conn, s, deps);
    expect(await virsh('domstate', s.name)).toBe('running');
    const live = await virsh('dumpxml', s.name);
    // libvirt's autoselection picked the Secure Boot OVMF build, and swtpm runs for the guest
    expect(live).toMatch(/<loader[^>]*secure='yes'[^>]*>[^<]*OVMF[^<]*<\/loader>/);
    expect(parseDomainXml(live)).toMatchObject({ firmware: 'efi', secureBoot: true, tpm: true });
    await waitFor('swtpm for the guest', async () =>
      (await virsh('qemu-monitor-command', s.name, '--hmp', 'info tpm').catch(() => '')).includes('tpm-crb'),
    );
    await virsh('destroy', s.name);
    expect(await domainExists(s.name)).toBe(true);
  });
});
