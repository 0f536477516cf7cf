// vms.edit's processor and boot families against real libvirtd (qemu:///system) on a shut-off TCG guest,
// each checked with virsh dumpxml: topology, CPU mode (maximum, a named model from the domain
// capabilities), boot order, boot menu, and firmware BIOS -> UEFI -> BIOS by libvirt's autoselection
// (started once under UEFI: libvirt chose an OVMF build and made the guest's NVRAM file).
import { unlink } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GRUB_ISO, removeTestGuest, virsh, virshState, waitFor } from '../../../e2e/browser/test-guests';
import type { EditOutcome, HardwareEdit } from '../../../preload/contract';
import { startWithTestGuest, type TestBackend } from './backend';

const NAME = `kvmdesk-test-bootcpu-${process.pid}`;
// where libvirt 9.0 makes a guest's NVRAM file; the BIOS edit forgets it from the XML, so undefine
// --nvram no longer finds it: the test removes it itself
const NVRAM = `/var/lib/libvirt/qemu/nvram/${NAME}_VARS.fd`;
let t: TestBackend;
let ref: { connection: string; uuid: string };

const edit = (e: HardwareEdit): Promise<EditOutcome> => t.ok('vms.edit', { ...ref, edit: e });
const dumpxml = () => virsh('dumpxml', '--inactive', NAME);
const details = () => t.ok('vms.details', ref);

beforeAll(async () => {
  ({ t, ref } = await startWithTestGuest(NAME, { iso: GRUB_ISO }));
});
afterAll(async () => {
  await removeTestGuest(NAME);
  await unlink(NVRAM).catch(() => undefined);
  await t?.stop();
});

describe('processor and boot edits on a shut-off guest', () => {
  it('topology: sockets × cores × threads that make the maximum; others refused in words', async () => {
    // this machine has 2 processors: a guest may have at most 2
    await edit({ kind: 'vcpus', current: 2, maximum: 2 });
    expect(await edit({ kind: 'topology', sockets: 1, cores: 1, threads: 2 })).toMatchObject({
      applied: 'saved',
    });
    expect(await dumpxml()).toMatch(
      /<topology sockets=["']1["'] (dies=["']1["'] )?cores=["']1["'] threads=["']2["']\/>/,
    );
    expect((await details()).cpu.topology).toEqual({ sockets: 1, cores: 1, threads: 2 });
    const before = await dumpxml();
    const r = await t.call('vms.edit', {
      ...ref,
      edit: { kind: 'topology', sockets: 3, cores: 1, threads: 1 },
    });
    expect(r).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    if (!r.ok) expect(r.error.message).toMatch(/make 3 processors, but this guest has a maximum of 2/);
    expect(await dumpxml()).toBe(before);
  });

  it('CPU mode: maximum, then a named model the domain capabilities offer under TCG', async () => {
    const { cpu, domainType } = await details();
    expect(domainType).toBe('qemu');
    expect(cpu.offered?.maximum).toBe(true);
    expect(cpu.offered?.models).toContain('qemu64');
    await edit({ kind: 'cpuMode', mode: 'maximum' });
    expect(await dumpxml()).toMatch(/<cpu mode=["']maximum["']/);
    expect((await details()).cpu).toMatchObject({ mode: 'maximum', topology: { sockets: 1, threads: 2 } });
    await edit({ kind: 'cpuMode', mode: { custom: 'Nehalem' } });
    const xml = await dumpxml();
    expect(xml).toMatch(/<cpu mode=["']custom["'] match=["']exact["']/);
    expect(xml).toMatch(/<model fallback=["']allow["']>Nehalem<\/model>/);
    // the topology is kept through both
    expect(xml).toMatch(/cores=["']1["'] threads=["']2["']/);
    expect((await details()).cpu).toMatchObject({ mode: 'custom', model: 'Nehalem' });
  });

  it('boot order and boot menu: <os><boot dev> in the order given', async () => {
    expect((await details()).boot).toEqual({ order: ['cdrom', 'hd'], perDevice: false, menu: false });
    await edit({ kind: 'bootOrder', order: ['hd', 'network', 'cdrom'] });
    await edit({ kind: 'bootMenu', enabled: true });
    const xml = await dumpxml();
    expect([...xml.matchAll(/<boot dev=["'](\w+)["']\/>/g)].map((m) => m[1])).toEqual([
      'hd',
      'network',
      'cdrom',
    ]);
    expect(xml).toMatch(/<bootmenu enable=["']yes["']\/>/);
    expect((await details()).boot).toEqual({
      order: ['hd', 'network', 'cdrom'],
      perDevice: false,
      menu: true,
    });
  });

  it('firmware BIOS -> UEFI: libvirt picks OVMF and makes the NVRAM at start; -> BIOS again', async () => {
    expect(await edit({ kind: 'firmware', firmware: 'efi' })).toMatchObject({ applied: 'saved' });
    let xml = await dumpxml();
    expect(xml).toMatch(/<os firmware=["']efi["']>/);
    expect((await details()).firmware).toBe('efi');
    // libvirt's autoselection, seen on the running guest: an OVMF build from the descriptors, its NVRAM
    await t.ok('vms.start', ref);
    const live = await virsh('dumpxml', NAME);
    expect(live).toMatch(
      /<loader [^>]*type=["']pflash["'][^>]*>\/usr\/share\/OVMF\/OVMF_CODE[^<]*\.fd<\/loader>/,
    );
    expect(live).toContain(`<nvram`);
    expect(live).toContain(NVRAM);
    await virsh('destroy', NAME);
    await waitFor('the guest to stop', async () => (await virshState(NAME)) === 'shut off');
    // UEFI -> UEFI with Secure Boot needs Q35: this guest is pc (i440FX), refused in words
    const secure = await t.call('vms.edit', { ...ref, edit: { kind: 'firmware', firmware: 'efi-secure' } });
    expect(secure).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    if (!secure.ok) expect(secure.error.message).toMatch(/Secure Boot needs the Q35 chipset/);
    expect(await edit({ kind: 'firmware', firmware: 'bios' })).toMatchObject({ applied: 'saved' });
    xml = await dumpxml();
    expect(xml).not.toMatch(/firmware=["']efi["']/);
    expect(xml).not.toContain('<loader');
    expect(xml).not.toContain('<nvram');
    const d = await details();
    expect(d.firmware).toBe('bios');
    // everything else the edits made is still there
    expect(d.boot.order).toEqual(['hd', 'network', 'cdrom']);
    expect(d.cpu.model).toBe('Nehalem');
  });
});
