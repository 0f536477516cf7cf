// Disks through vms.edit against real libvirtd (qemu:///system) and one TCG guest booted into GRUB, in a
// storage pool of the test's own: a new volume made while the guest is off and grown through the pool; then
// running, a disk hot-added (virsh domblklist), grown live (virsh domblkinfo), a shrink refused; an existing
// file attached on SCSI (which QEMU unplugs without asking the guest) and detached with its file kept, then
// deleted; a virtio disk the guest does not release shown as removed at next start; a failed attach that
// leaves no volume behind.
import { execFile } from 'node:child_process';
import { access, mkdir, rm } from 'node:fs/promises';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineTestGuest, GRUB_ISO, removeTestGuest, virsh, waitFor } from '../../../e2e/browser/test-guests';
import type { LibvirtConnectionApi } from '../../../main/libvirt/facade';
import { editHardware } from '../../../main/services/edit/hardware';
import type { EditOutcome, HardwareEdit } from '../../../preload/contract';
import { startTestBackend, type TestBackend, URI } from './backend';

const run = promisify(execFile);
const NAME = `kvmdesk-test-disks-${process.pid}`;
const POOL = `kvmdesk-test-pool-${process.pid}`;
const DIR = `/var/lib/libvirt/images/${POOL}`;
const GiB = 1024 ** 3;
let t: TestBackend;
let ref: { connection: string; uuid: string };

const edit = (e: HardwareEdit): Promise<EditOutcome> => t.ok('vms.edit', { ...ref, edit: e });
const refused = async (e: HardwareEdit) => {
  const r = await t.call('vms.edit', { ...ref, edit: e });
  if (r.ok) throw new Error(`${e.kind} was not refused`);
  return r.error;
};
const volumes = async () =>
  (await virsh('vol-list', POOL))
    .split('\n')
    .slice(2)
    .map((l) => l.trim().split(/\s+/)[0])
    .filter(Boolean);
const capacity = async (target: string) =>
  Number(/Capacity:\s+(\d+)/.exec(await virsh('domblkinfo', NAME, target))?.[1]);
const details = () => t.ok('vms.details', ref);
const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

beforeAll(async () => {
  t = await startTestBackend();
  await mkdir(DIR, { recursive: true });
  await virsh('pool-create-as', POOL, 'dir', '--target', DIR);
  const g = await defineTestGuest(NAME, { iso: GRUB_ISO });
  ref = { connection: URI, uuid: g.uuid };
  await t.waitEvent('vm.changed', (vm) => vm.uuid === g.uuid);
});
afterAll(async () => {
  await removeTestGuest(NAME);
  await virsh('pool-destroy', POOL).catch(() => undefined);
  await rm(DIR, { recursive: true, force: true });
  await t?.stop();
});

describe('disks of a shut-off guest', () => {
  it('makes a new qcow2 volume on SCSI in the chosen pool, and grows it through the pool', async () => {
    expect(await edit({ kind: 'newDisk', pool: POOL, sizeGiB: 1, bus: 'scsi' })).toMatchObject({
      applied: 'saved',
    });
    expect(await volumes()).toEqual([`${NAME}-sda.qcow2`]);
    const xml = await virsh('dumpxml', '--inactive', NAME);
    expect(xml).toMatch(new RegExp(`<source file=["']${DIR}/${NAME}-sda.qcow2["']/>`));
    expect(xml).toMatch(/<controller type=["']scsi["'] index=["']0["'] model=["']virtio-scsi["']/);
    const sda = (await details()).disks.find((d) => d.target === 'sda')!;
    expect(sda).toMatchObject({ bus: 'scsi', format: 'qcow2', capacityBytes: GiB });
    // our block info reads what virsh reads
    expect(await capacity('sda')).toBe(GiB);

    const grown = await edit({ kind: 'growDisk', target: 'sda', sizeGiB: 1.5 });
    expect(grown).toMatchObject({ applied: 'saved', note: 'sda is now 1.5 GiB.' });
    expect(await capacity('sda')).toBe(1.5 * GiB);
    expect(
      (await virsh('vol-info', '--bytes', '--pool', POOL, `${NAME}-sda.qcow2`)).replace(/\s+/g, ' '),
    ).toMatch(`Capacity: ${1.5 * GiB} bytes`);
  });

  it('refuses a disk bigger than the pool’s free space, and a bus the machine has not, making nothing', async () => {
    const big = await refused({ kind: 'newDisk', pool: POOL, sizeGiB: 60000, bus: 'virtio' });
    expect(big.message).toMatch(new RegExp(`does not fit in storage pool "${POOL}": it has .* free`));
    const zero = await refused({ kind: 'newDisk', pool: POOL, sizeGiB: 0, bus: 'virtio' });
    expect(zero).toMatchObject({ code: 'INVALID_INPUT' });
    expect(zero.message).toMatch(/more than 0 GiB/);
    const ide = await refused({ kind: 'newDisk', pool: POOL, sizeGiB: 1, bus: 'ide' as 'sata' });
    expect(ide.message).toMatch(/VirtIO, SATA or SCSI/);
    const noPool = await refused({ kind: 'newDisk', pool: 'kvmdesk-test-nopool', sizeGiB: 1, bus: 'virtio' });
    expect(noPool).toMatchObject({ code: 'NOT_FOUND' });
    expect(await volumes()).toEqual([`${NAME}-sda.qcow2`]);
  });

  it('sets a disk’s cache, discard and read-only flag, and moves it to SATA; libvirt takes each', async () => {
    await edit({ kind: 'diskSettings', target: 'sda', settings: { cache: 'writeback', discard: 'unmap' } });
    let xml = await virsh('dumpxml', '--inactive', NAME);
    expect(xml).toMatch(
      /<driver name=["']qemu["'] type=["']qcow2["'] cache=["']writeback["'] discard=["']unmap["']\/>/,
    );
    await edit({ kind: 'diskSettings', target: 'sda', settings: { readonly: true } });
    xml = await virsh('dumpxml', '--inactive', NAME);
    expect(xml).toMatch(/<target dev=["']sda["'] bus=["']scsi["']\/>\s*<readonly\/>/);
    // libvirt refuses a read-only SATA disk: said before it is asked
    const roSata = await refused({ kind: 'diskSettings', target: 'sda', settings: { bus: 'sata' } });
    expect(roSata.message).toMatch(/A SATA disk cannot be read-only/);
    await edit({
      kind: 'diskSettings',
      target: 'sda',
      settings: { readonly: false, bus: 'sata', cache: 'default' },
    });
    xml = await virsh('dumpxml', '--inactive', NAME);
    // the CD holds sdb: the disk keeps sda on SATA
    expect(xml).toMatch(/<target dev=["']sda["'] bus=["']sata["']\/>/);
    await edit({ kind: 'diskSettings', target: 'sda', settings: { bus: 'scsi' } });
    xml = await virsh('dumpxml', '--inactive', NAME);
    expect(xml).toMatch(/<driver name=["']qemu["'] type=["']qcow2["'] discard=["']unmap["']\/>/);
    expect(xml).toMatch(/<target dev=["']sda["'] bus=["']scsi["']\/>/);
    expect((await details()).disks.find((d) => d.target === 'sda')).toMatchObject({
      discard: 'unmap',
      readonly: false,
    });
  });

  it('refuses to attach a file another guest writes, unless read-only', async () => {
    const other = `${NAME}-other`;
    const file = `${DIR}/kvmdesk-test-other.qcow2`;
    await defineTestGuest(other, { diskPath: file, diskMiB: 16 });
    try {
      const r = await refused({ kind: 'attachDisk', source: { file }, bus: 'virtio' });
      expect(r.message).toBe(
        `${file} is a disk of ${other}: two guests writing one disk corrupt it. Attach it read-only, or detach it there first.`,
      );
      // read-only it may be shared: attached, then detached again
      expect(
        await edit({ kind: 'attachDisk', source: { file }, bus: 'virtio', readonly: true }),
      ).toMatchObject({
        applied: 'saved',
      });
      await edit({ kind: 'removeDisk', target: 'vda' });
    } finally {
      await removeTestGuest(other);
      await rm(file, { force: true });
    }
  });

  it('deletes the new volume again when libvirt refuses the definition (nothing half-made)', async () => {
    const real = t.backend.ctx.connections.client(URI);
    const failing = new Proxy(real, {
      get(target, prop, receiver) {
        if (prop === 'domainDefineXML')
          return () => Promise.reject(new Error('libvirt said no (injected at define)'));
        const v = Reflect.get(target, prop, receiver);
        return typeof v === 'function' ? v.bind(target) : v;
      },
    }) as LibvirtConnectionApi;
    await expect(
      editHardware(failing, { ...ref, edit: { kind: 'newDisk', pool: POOL, sizeGiB: 1, bus: 'virtio' } }),
    ).rejects.toThrow('injected at define');
    expect(await volumes()).toEqual([`${NAME}-sda.qcow2`]);
    expect(await virsh('dumpxml', '--inactive', NAME)).not.toMatch(/target dev=["']vda["']/);
  });
});

describe('disks of the running guest', () => {
  beforeAll(async () => {
    await t.ok('vms.start', ref);
    await waitFor('the guest running', async () => (await details()).state === 'running');
  });

  it('hot-adds a new virtio disk: QEMU has it at once', async () => {
    expect(await edit({ kind: 'newDisk', pool: POOL, sizeGiB: 1, bus: 'virtio' })).toMatchObject({
      applied: 'live',
    });
    expect(await virsh('domblklist', NAME)).toMatch(new RegExp(`vda\\s+${DIR}/${NAME}-vda.qcow2`));
    expect(await virsh('dumpxml', '--inactive', NAME)).toMatch(/target dev=["']vda["'] bus=["']virtio["']/);
    expect((await details()).pendingChanges).toEqual([]);
  });

  it('grows it live (domblkinfo), refuses to shrink it, and the details show the new size', async () => {
    expect(await edit({ kind: 'growDisk', target: 'vda', sizeGiB: 2 })).toMatchObject({
      applied: 'live',
      note: 'vda is now 2 GiB.',
    });
    expect(await capacity('vda')).toBe(2 * GiB);
    const shrink = await refused({ kind: 'growDisk', target: 'vda', sizeGiB: 1 });
    expect(shrink.message).toBe(
      'vda is 2 GiB: a disk can only grow. Shrinking it would cut off what the guest keeps at its end.',
    );
    expect(await capacity('vda')).toBe(2 * GiB);
    expect((await details()).disks.find((d) => d.target === 'vda')?.capacityBytes).toBe(2 * GiB);
  });

  it('attaches an existing file on SCSI and detaches it keeping the file, then again deleting it', async () => {
    const file = `${DIR}/kvmdesk-test-existing.qcow2`;
    await run('qemu-img', ['create', '-q', '-f', 'qcow2', file, '64M']);
    await virsh('pool-refresh', POOL);
    const add = () => edit({ kind: 'attachDisk', source: { file }, bus: 'scsi' });
    expect(await add()).toMatchObject({ applied: 'live' });
    expect(await virsh('domblklist', NAME)).toMatch(new RegExp(`sdc\\s+${file}`));

    expect(await edit({ kind: 'removeDisk', target: 'sdc' })).toMatchObject({ applied: 'live' });
    expect(await virsh('domblklist', NAME)).not.toContain(file);
    expect(await exists(file)).toBe(true);

    expect(await add()).toMatchObject({ applied: 'live' });
    const gone = await edit({ kind: 'removeDisk', target: 'sdc', deleteFile: true });
    expect(gone).toMatchObject({ applied: 'live', note: `Detached, and ${file} was deleted.` });
    expect(await virsh('domblklist', NAME)).not.toContain(file);
    expect(await exists(file)).toBe(false);
  });

  it('refuses to delete a file that is not ours to delete (the install ISO), changing nothing', async () => {
    const before = await virsh('dumpxml', '--inactive', NAME);
    const iso = await refused({ kind: 'removeDisk', target: 'sdb', deleteFile: true });
    expect(iso.message).toMatch(/sdb's file is kept because read-only media/);
    expect(await virsh('dumpxml', '--inactive', NAME)).toBe(before);
  });

  it('a setting changed while running waits for the next start, and is listed as pending', async () => {
    expect(await edit({ kind: 'diskSettings', target: 'sda', settings: { cache: 'none' } })).toMatchObject({
      applied: 'nextStart',
    });
    expect((await details()).pendingChanges).toEqual([
      `Disk sda: ${DIR}/${NAME}-sda.qcow2 (scsi, discard unmap) now, ${DIR}/${NAME}-sda.qcow2 (scsi, cache none, discard unmap) at next start`,
    ]);
    await edit({ kind: 'diskSettings', target: 'sda', settings: { cache: 'default' } });
    expect((await details()).pendingChanges).toEqual([]);
  });

  it('a virtio disk the guest does not release is removed at next start, its file kept, no second Remove', async () => {
    const out = await edit({ kind: 'removeDisk', target: 'vda', deleteFile: true });
    expect(out.applied).toBe('nextStart');
    expect(out.note).toMatch(/is kept: the running guest still uses it/);
    expect(await exists(`${DIR}/${NAME}-vda.qcow2`)).toBe(true);
    const vda = (await details()).disks.find((d) => d.target === 'vda');
    expect(vda?.nextStart).toBe('removed');
    const again = await refused({ kind: 'removeDisk', target: 'vda' });
    expect(again.message).toBe('This guest has no disk or CD/DVD drive vda.');
  });
});
