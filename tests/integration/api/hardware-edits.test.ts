// vms.edit against real libvirtd (qemu:///system): each edit family on a shut-off guest checked with
// virsh dumpxml (and what it does not name kept); the "changed elsewhere" refusal; then on the same guest
// running GRUB under TCG: a CD inserted into an empty drive (domblklist), a NIC's link taken down
// (domif-getlink), a vCPU added live (vcpucount), and a next-start change listed as pending;
// memory taken back through the balloon of a Debian installer kernel's guest (dommemstat).
import { unlink, writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestNetwork,
  defineTestGuest,
  GRUB_ISO,
  LIBVIRT_GRUB_ISO,
  removeTestGuest,
  virsh,
  waitFor,
} from '../../../e2e/browser/test-guests';
import type { EditOutcome, HardwareEdit } from '../../../preload/contract';
import { startTestBackend, type TestBackend, URI } from './backend';

const NAME = `kvmdesk-test-hwedit-${process.pid}`;
const NET = `kvmdesk-test-hwnet-${process.pid}`;
let t: TestBackend;
let ref: { connection: string; uuid: string };

const edit = (e: HardwareEdit, version?: string): Promise<EditOutcome> =>
  t.ok('vms.edit', { ...ref, edit: e, ...(version ? { version } : {}) });
const dumpxml = () => virsh('dumpxml', '--inactive', NAME);

beforeAll(async () => {
  t = await startTestBackend();
  // an isolated network of our own (the host's 'default' may be inactive, and is not ours)
  await createTestNetwork(NET);
  const g = await defineTestGuest(NAME, { iso: GRUB_ISO, network: NET });
  ref = { connection: URI, uuid: g.uuid };
  await t.waitEvent('vm.changed', (vm) => vm.uuid === g.uuid);
});
afterAll(async () => {
  await removeTestGuest(NAME);
  await virsh('net-destroy', NET).catch(() => undefined);
  await t?.stop();
});

describe('hardware edits on a shut-off guest', () => {
  it('processors and memory: only <vcpu>, <memory> and <currentMemory> change; the rest stays', async () => {
    const before = await dumpxml();
    expect(await edit({ kind: 'vcpus', current: 1, maximum: 2 })).toMatchObject({ applied: 'saved' });
    expect(await edit({ kind: 'memory', currentKiB: 256 * 1024, maximumKiB: 384 * 1024 })).toMatchObject({
      applied: 'saved',
    });
    const after = await dumpxml();
    expect((await t.ok('vms.details', ref)).resources).toEqual({
      vcpus: 1,
      maxVcpus: 2,
      memoryKiB: 262144,
      maxMemoryKiB: 393216,
    });
    expect(after).toMatch(/<vcpu placement=["']static["'] current=["']1["']>2<\/vcpu>/);
    expect(after).toMatch(/<memory unit=["']KiB["']>393216<\/memory>/);
    expect(after).toMatch(/<currentMemory unit=["']KiB["']>262144<\/currentMemory>/);
    // what the edit does not name is as it was: the fixture's description, the CD, the NIC
    const strip = (x: string) =>
      x.replace(/<(vcpu|memory|currentMemory)\b[^>]*>[^<]*<\/\1>/g, '').replace(/\s+/g, ' ');
    expect(strip(after)).toBe(strip(before));
  });

  it('devices: a second NIC, an empty CD drive, video, sound and boot menu; libvirt validates each', async () => {
    await edit({ kind: 'addNic', source: { network: NET }, model: 'virtio' });
    await edit({ kind: 'addCdrom', bus: 'sata' });
    await edit({ kind: 'video', model: 'virtio' });
    await edit({ kind: 'sound', model: 'ich9' });
    await edit({ kind: 'bootMenu', enabled: true });
    const d = await t.ok('vms.details', ref);
    expect(d.nics).toHaveLength(2);
    expect(d.nics.map((n) => n.model).sort()).toEqual(['e1000', 'virtio']);
    const cds = d.disks.filter((x) => x.device === 'cdrom');
    // libvirt keeps disks sorted by name: the new empty drive took the free sda
    expect(cds.map((x) => [x.target, x.path])).toEqual([
      ['sda', undefined],
      ['sdb', LIBVIRT_GRUB_ISO],
    ]);
    const xml = await dumpxml();
    expect(xml).toMatch(/<model type=["']virtio["'] heads=["']1["'] primary=["']yes["']\/>/);
    expect(xml).toMatch(/<sound model=["']ich9["']>/);
    expect(xml).toMatch(/<bootmenu enable=["']yes["']\/>/);
    expect(xml).toContain('made by the KVM Desk e2e fixture');
    // and back: the card goes, the sound goes
    const virtio = d.nics.find((n) => n.model === 'virtio')!;
    await edit({ kind: 'removeNic', mac: virtio.mac });
    await edit({ kind: 'sound', model: 'none' });
    const back = await dumpxml();
    expect(back).not.toContain(virtio.mac);
    expect(back).not.toContain('<sound');
  });

  it('refuses bad input in the user’s words and writes nothing', async () => {
    const before = await dumpxml();
    const tooMany = await t.call('vms.edit', { ...ref, edit: { kind: 'vcpus', current: 1, maximum: 4096 } });
    expect(tooMany).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    if (!tooMany.ok) expect(tooMany.error.message).toMatch(/This host has \d+ processors/);
    const noSuchMac = await t.call('vms.edit', {
      ...ref,
      edit: { kind: 'removeNic', mac: '52:54:00:00:00:01' },
    });
    expect(noSuchMac).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const badMac = await t.call('vms.edit', { ...ref, edit: { kind: 'nicLink', mac: 'nope', up: false } });
    expect(badMac).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    if (!badMac.ok) expect(badMac.error.message).toMatch(/MAC address/);
    expect(await dumpxml()).toBe(before);
  });

  it('refuses an edit made from details that another tool has since made stale', async () => {
    const { version } = await t.ok('vms.details', ref);
    const done = await edit({ kind: 'bootMenu', enabled: false }, version);
    expect(done).toMatchObject({ applied: 'saved' });
    const fresh = (await t.ok('vms.details', ref)).version;
    expect(fresh).not.toBe(version);
    // the answer carries the new version: an editor chains its next edit with it
    expect(done.version).toBe(fresh);
    // virsh changes the saved definition behind the editor's back
    const file = `/tmp/${NAME}-outside.xml`;
    await writeFile(
      file,
      (await dumpxml()).replace('<on_reboot>restart</on_reboot>', '<on_reboot>destroy</on_reboot>'),
    );
    await virsh('define', file);
    await unlink(file);
    const before = await dumpxml();
    const r = await t.call('vms.edit', { ...ref, edit: { kind: 'video', model: 'vga' }, version: fresh });
    expect(r).toMatchObject({ ok: false, error: { code: 'CHANGED_ELSEWHERE' } });
    if (!r.ok) expect(r.error.message).toMatch(/changed elsewhere.*reload/);
    expect(await dumpxml()).toBe(before);
  });
});

describe('hardware edits on the running guest', () => {
  beforeAll(async () => {
    // the empty drive from above takes the ISO later; the guest boots GRUB from sdb
    await t.ok('vms.start', ref);
  });

  it('has no pending changes right after it starts (libvirt’s live additions are no difference)', async () => {
    const d = await t.ok('vms.details', ref);
    expect(d.state).toBe('running');
    expect(d.pendingChanges).toEqual([]);
  });

  it('inserts a CD into the empty drive: QEMU has it at once', async () => {
    expect(await edit({ kind: 'cdromMedia', target: 'sda', path: LIBVIRT_GRUB_ISO })).toMatchObject({
      applied: 'live',
    });
    expect(await virsh('domblklist', NAME)).toMatch(new RegExp(`sda\\s+${LIBVIRT_GRUB_ISO}`));
    expect(await dumpxml()).toMatch(/target dev=["']sda["']/);
  });

  it('takes a NIC’s link down and up: domif-getlink follows', async () => {
    const [nic] = (await t.ok('vms.details', ref)).nics;
    expect(await edit({ kind: 'nicLink', mac: nic.mac, up: false })).toMatchObject({ applied: 'live' });
    expect(await virsh('domif-getlink', NAME, nic.mac)).toMatch(/down/);
    expect(await virsh('domif-getlink', NAME, nic.mac, '--config')).toMatch(/down/);
    await edit({ kind: 'nicLink', mac: nic.mac, up: true });
    expect(await virsh('domif-getlink', NAME, nic.mac)).toMatch(/up/);
  });

  it('adds a processor live, up to the maximum set while it was off', async () => {
    expect(await edit({ kind: 'vcpus', current: 2, maximum: 2 })).toMatchObject({ applied: 'live' });
    expect((await virsh('vcpucount', NAME, '--live', '--current')).trim()).toBe('2');
    expect((await virsh('vcpucount', NAME, '--config', '--current')).trim()).toBe('2');
  });

  it('a change the hypervisor cannot make live is saved for the next start and listed as pending', async () => {
    expect(await edit({ kind: 'video', model: 'bochs' })).toMatchObject({ applied: 'nextStart' });
    const d = await t.ok('vms.details', ref);
    expect(d.pendingChanges).toEqual(['Video: virtio now, bochs at next start']);
  });
});

// GRUB has no balloon driver (QEMU accepts the new size, the guest never gives memory back): the
// Debian installer's kernel loads virtio_balloon from its initrd, so it shows the change
describe('memory on a running Linux guest', () => {
  const LINUX = `kvmdesk-test-hwballoon-${process.pid}`;
  let linux: { connection: string; uuid: string };
  beforeAll(async () => {
    const g = await defineTestGuest(LINUX, {
      kernelCmdline: 'console=ttyS0 priority=critical',
      memoryMiB: 512,
      serial: true,
      graphics: false,
      start: true,
    });
    linux = { connection: URI, uuid: g.uuid };
  });
  afterAll(async () => {
    await removeTestGuest(LINUX);
  });

  it('takes memory back live through the balloon: dommemstat’s actual follows', async () => {
    const r = await t.ok('vms.edit', {
      ...linux,
      edit: { kind: 'memory', currentKiB: 384 * 1024, maximumKiB: 512 * 1024 },
    });
    expect(r).toMatchObject({ applied: 'live' });
    const actual = async () => Number(/^actual (\d+)/m.exec(await virsh('dommemstat', LINUX))?.[1]);
    // the driver takes the new size once udev has loaded it (~10 s into the boot under TCG; measured
    // over 90 s on a machine loaded 9x its cores, so the wait is generous)
    await waitFor('the balloon to reach 384 MiB', async () => (await actual()) === 384 * 1024, 180_000);
    expect(await virsh('dumpxml', '--inactive', LINUX)).toMatch(
      /<currentMemory unit=["']KiB["']>393216<\/currentMemory>/,
    );
  }, 200_000);
});
