// Deleting guests: forced off first, undefined with snapshot metadata, managed save, NVRAM and TPM
// state, exactly the listed disks deleted (pool volumes through libvirt, other files directly), ISOs
// never, and a file that cannot go is named. Some tests start guests: they hold the guest lock.
import { existsSync } from 'node:fs';
import { unlink, writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  defineTestGuest,
  GRUB_ISO,
  LIBVIRT_GRUB_ISO,
  removeTestGuest,
  virsh,
  virshState,
  waitFor,
} from '../../../e2e/browser/test-guests';
import { takeGuestLock } from '../../support/guest-lock';
import { startTestBackend, type TestBackend, URI } from './backend';

const P = `kvmdesk-test-delete-${process.pid}`;
let t: TestBackend;
let release: (() => void) | undefined;
const made: string[] = [];

async function guest(suffix: string, o: Parameters<typeof defineTestGuest>[1]) {
  const g = await defineTestGuest(`${P}-${suffix}`, o);
  made.push(g.name);
  await t.waitEvent('vm.changed', (vm) => vm.uuid === g.uuid);
  return g;
}

async function gone(uuid: string) {
  await t.waitEvent('vm.removed', (r) => r.uuid === uuid);
  expect((await t.ok('app.snapshot', {})).vms.some((v) => v.uuid === uuid)).toBe(false);
}

beforeAll(async () => {
  release = await takeGuestLock();
  t = await startTestBackend();
}, 20 * 60_000);
afterAll(async () => {
  for (const n of made) {
    await removeTestGuest(n);
    // what removeTestGuest does not undefine (a test that failed before deleting its guest)
    await virsh('undefine', n, '--managed-save', '--nvram', '--tpm').catch(() => undefined);
  }
  await t?.stop();
  release?.();
});

/** A UEFI guest (q35, OVMF without secure boot) with an emulated TPM 2.0, defined with virsh. */
async function uefiTpmGuest(name: string) {
  const file = `/tmp/${name}.xml`;
  await writeFile(
    file,
    `<domain type='qemu'>
  <name>${name}</name>
  <memory unit='MiB'>256</memory>
  <vcpu>1</vcpu>
  <os firmware='efi'>
    <type arch='x86_64' machine='q35'>hvm</type>
    <firmware><feature enabled='no' name='secure-boot'/></firmware>
  </os>
  <features><acpi/></features>
  <devices>
    <tpm model='tpm-crb'><backend type='emulator' version='2.0'/></tpm>
    <graphics type='vnc' autoport='yes' listen='127.0.0.1'/>
  </devices>
</domain>`,
  );
  try {
    await virsh('define', file);
  } finally {
    await unlink(file).catch(() => undefined);
  }
  made.push(name);
  const uuid = await virsh('domuuid', name);
  await t.waitEvent('vm.changed', (vm) => vm.uuid === uuid);
  return uuid;
}

describe('deleting a guest', () => {
  it('forces a running guest off and deletes its disk volume, but never the ISO', async () => {
    const g = await guest('running', { iso: GRUB_ISO, diskMiB: 16, start: true });
    expect(await virshState(g.name)).toBe('running');
    const r = await t.ok('vms.delete', { connection: URI, uuid: g.uuid, deleteDisks: [g.disk!, g.iso!] });
    expect(r.deleted).toEqual([g.disk]);
    expect(r.remaining).toEqual([{ path: g.iso, message: expect.stringMatching(/never deleted/) }]);
    await gone(g.uuid);
    expect(await virshState(g.name)).toBeUndefined();
    expect(existsSync(g.disk!)).toBe(false);
    expect(existsSync(LIBVIRT_GRUB_ISO)).toBe(true);
    await expect(virsh('vol-info', g.disk!)).rejects.toThrow();
  });

  it('keeps every disk when none is listed', async () => {
    const g = await guest('keep', { diskMiB: 16 });
    const r = await t.ok('vms.delete', { connection: URI, uuid: g.uuid, deleteDisks: [] });
    expect(r).toEqual({ deleted: [], remaining: [] });
    await gone(g.uuid);
    expect(existsSync(g.disk!)).toBe(true);
    await removeTestGuest(g.name);
    await virsh('vol-delete', g.disk!);
  });

  it('deletes a disk outside any storage pool, and removes snapshot metadata with the guest', async () => {
    const disk = `/tmp/${P}-nopool.qcow2`;
    const g = await guest('snap', { diskMiB: 16, diskPath: disk });
    await virsh('snapshot-create-as', g.name, 'kvmdesk-test-snap');
    const r = await t.ok('vms.delete', { connection: URI, uuid: g.uuid, deleteDisks: [disk] });
    expect(r).toEqual({ deleted: [disk], remaining: [] });
    await gone(g.uuid);
    expect(existsSync(disk)).toBe(false);
  });

  it('removes a UEFI guest’s NVRAM file and its TPM state', async () => {
    const name = `${P}-uefi-tpm`;
    const uuid = await uefiTpmGuest(name);
    await virsh('start', name);
    const nvram = (await virsh('dumpxml', name)).match(/<nvram[^>]*>([^<]+)<\/nvram>/)?.[1];
    expect(nvram).toBe(`/var/lib/libvirt/qemu/nvram/${name}_VARS.fd`);
    const tpmState = `/var/lib/libvirt/swtpm/${uuid}`;
    // libvirt makes both while starting the guest
    await waitFor('the NVRAM file and TPM state', () => existsSync(nvram!) && existsSync(tpmState));
    expect(await virshState(name)).toBe('running');

    const r = await t.ok('vms.delete', { connection: URI, uuid, deleteDisks: [] });
    expect(r).toEqual({ deleted: [], remaining: [] });
    await gone(uuid);
    expect(await virshState(name)).toBeUndefined();
    expect(existsSync(nvram!)).toBe(false);
    expect(existsSync(tpmState)).toBe(false);
  });

  it('removes a managed save image', async () => {
    const g = await guest('managedsave', { iso: GRUB_ISO, start: true });
    await virsh('managedsave', g.name);
    const image = `/var/lib/libvirt/qemu/save/${g.name}.save`;
    expect(existsSync(image)).toBe(true);
    expect(await virsh('domstate', '--reason', g.name)).toBe('shut off (saved)');

    const r = await t.ok('vms.delete', { connection: URI, uuid: g.uuid, deleteDisks: [] });
    expect(r).toEqual({ deleted: [], remaining: [] });
    await gone(g.uuid);
    expect(await virshState(g.name)).toBeUndefined();
    expect(existsSync(image)).toBe(false);
  });

  it('removes the guest even when a disk file cannot be deleted, and names the file', async () => {
    const missing = `/tmp/${P}-missing.qcow2`; // never created: unlink fails
    const g = await guest('missing', { diskPath: missing });
    const r = await t.ok('vms.delete', {
      connection: URI,
      uuid: g.uuid,
      deleteDisks: [missing, '/etc/passwd'],
    });
    expect(r.deleted).toEqual([]);
    expect(r.remaining).toEqual([
      { path: missing, message: expect.stringMatching(/^Could not delete it: .*ENOENT/) },
      { path: '/etc/passwd', message: expect.stringMatching(/not a disk of this guest/) },
    ]);
    await gone(g.uuid);
    expect(existsSync('/etc/passwd')).toBe(true);
  });

  it('destroys a transient guest (there is nothing to undefine)', async () => {
    const g = await guest('transient', { iso: GRUB_ISO });
    const xml = await virsh('dumpxml', g.name);
    await virsh('undefine', g.name);
    await t.waitEvent('vm.removed', (r) => r.uuid === g.uuid);
    const { writeFile, unlink } = await import('node:fs/promises');
    const file = `/tmp/${P}-transient.xml`;
    await writeFile(file, xml);
    await virsh('create', file);
    await unlink(file);
    const vm = await t.waitEvent('vm.changed', (v) => v.uuid === g.uuid && v.state === 'running');
    expect(vm.payload.persistent).toBe(false);
    const r = await t.ok('vms.delete', { connection: URI, uuid: g.uuid, deleteDisks: [] });
    expect(r).toEqual({ deleted: [], remaining: [] });
    await t.waitEvent('vm.removed', (ref) => ref.uuid === g.uuid, { since: vm.at });
    expect(await virshState(g.name)).toBeUndefined();
  });
});
