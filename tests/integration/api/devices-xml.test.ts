// The smaller devices and the XML editor against real libvirtd (qemu:///system), on a shut-off guest:
// each device added and removed through vms.edit and checked with virsh dumpxml (and the details'
// `devices` agree); the XML editor's define with libvirt's VALIDATE flag refusing invalid XML with
// libvirt's message and nothing written; its guard on name and uuid; and the "changed elsewhere" refusal.
import { unlink, writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GRUB_ISO, removeTestGuest, virsh } from '../../../e2e/browser/test-guests';
import type { HardwareEdit } from '../../../preload/contract';
import { startWithTestGuest, type TestBackend } from './backend';

const NAME = `kvmdesk-test-devxml-${process.pid}`;
let t: TestBackend;
let ref: { connection: string; uuid: string };

const dumpxml = () => virsh('dumpxml', '--inactive', NAME);
// libvirt's XML ends with a newline that virsh's output (trimmed) has not
const trimmed = (x: string) => x.trimEnd();
const edit = (e: HardwareEdit) => t.ok('vms.edit', { ...ref, edit: e });
const devices = async () => (await t.ok('vms.details', ref)).devices;

beforeAll(async () => {
  ({ t, ref } = await startWithTestGuest(NAME, { iso: GRUB_ISO }));
});
afterAll(async () => {
  await removeTestGuest(NAME);
  await t?.stop();
});

describe('devices on a shut-off guest', () => {
  // each: the edit that adds it, what dumpxml then has, the edit that removes it
  const cases: { what: string; add: HardwareEdit; xml: RegExp; remove: HardwareEdit }[] = [
    {
      what: 'a TPM 2.0 (swtpm)',
      add: { kind: 'tpm', enabled: true },
      xml: /<tpm model=.tpm-crb.>\s*<backend type=.emulator. version=.2\.0.\/>/,
      remove: { kind: 'tpm', enabled: false },
    },
    {
      what: 'a sound card',
      add: { kind: 'sound', model: 'ich6' },
      xml: /<sound model=.ich6.>/,
      remove: { kind: 'sound', model: 'none' },
    },
    {
      what: 'a USB tablet',
      add: { kind: 'tablet', enabled: true },
      xml: /<input type=.tablet. bus=.usb.>/,
      remove: { kind: 'tablet', enabled: false },
    },
    {
      what: 'the guest agent channel',
      add: { kind: 'guestAgent', enabled: true },
      xml: /<channel type=.unix.>[\s\S]*?<target type=.virtio. name=.org\.qemu\.guest_agent\.0.\/>/,
      remove: { kind: 'guestAgent', enabled: false },
    },
    {
      what: 'a random number generator',
      add: { kind: 'rng', enabled: true },
      xml: /<rng model=.virtio.>\s*<backend model=.random.>\/dev\/urandom<\/backend>/,
      remove: { kind: 'rng', enabled: false },
    },
    {
      what: 'a watchdog',
      add: { kind: 'watchdog', watchdog: { model: 'i6300esb', action: 'poweroff' } },
      xml: /<watchdog model=.i6300esb. action=.poweroff.>/,
      remove: { kind: 'watchdog', watchdog: 'none' },
    },
  ];
  for (const c of cases) {
    it(`adds and removes ${c.what}: dumpxml agrees each time`, async () => {
      const before = await dumpxml();
      expect(before).not.toMatch(c.xml);
      expect(await edit(c.add)).toMatchObject({ applied: 'saved' });
      expect(await dumpxml()).toMatch(c.xml);
      await edit(c.remove);
      expect(await dumpxml()).not.toMatch(c.xml);
    });
  }

  it('the details’ devices follow the saved definition', async () => {
    await edit({ kind: 'tpm', enabled: true });
    await edit({ kind: 'watchdog', watchdog: { model: 'i6300esb', action: 'reset' } });
    expect(await devices()).toMatchObject({
      tpm: { model: 'tpm-crb', version: '2.0' },
      video: 'vga',
      tablet: false,
      rng: false,
      watchdog: { model: 'i6300esb', action: 'reset' },
    });
  });
});

describe('the XML editor', () => {
  it('shows the saved XML with the details’ version; the live one of an off guest is the same', async () => {
    const saved = await t.ok('vms.getXml', ref);
    expect(trimmed(saved.xml)).toBe(await dumpxml());
    expect(saved.version).toBe((await t.ok('vms.details', ref)).version);
    expect((await t.ok('vms.getXml', { ...ref, live: true })).xml).toBe(saved.xml);
  });

  it('invalid XML is refused with libvirt’s message, and nothing is written', async () => {
    const { xml, version } = await t.ok('vms.getXml', ref);
    const bad = xml.replace('</devices>', '<bogus-device/></devices>');
    const r = await t.call('vms.defineXml', { ...ref, xml: bad, version });
    expect(r).toMatchObject({ ok: false, error: { code: 'LIBVIRT' } });
    if (!r.ok) expect(r.error.message).toMatch(/schema|validate|bogus/i);
    const unknownModel = xml.replace(/<model type=.vga./, "<model type='no-such-card'");
    const r2 = await t.call('vms.defineXml', { ...ref, xml: unknownModel, version });
    expect(r2).toMatchObject({ ok: false, error: { code: 'LIBVIRT' } });
    // libvirt 9.0's schema check names the element whose content failed, not the attribute
    if (!r2.ok) expect(r2.error.message).toMatch(/failed to validate against schema/);
    expect(await dumpxml()).toBe(trimmed(xml));
  });

  it('text that is not well-formed, another name or another uuid is refused before libvirt', async () => {
    const { xml, version } = await t.ok('vms.getXml', ref);
    const cut = await t.call('vms.defineXml', { ...ref, xml: xml.slice(0, -20), version });
    expect(cut).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', detail: { field: 'xml' } } });
    const renamed = xml.replace(`<name>${NAME}</name>`, `<name>${NAME}-other</name>`);
    const r = await t.call('vms.defineXml', { ...ref, xml: renamed, version });
    expect(r).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    if (!r.ok) expect(r.error.message).toMatch(/The <name> must stay/);
    const otherUuid = xml.replace(/<uuid>[^<]+<\/uuid>/, '<uuid>00000000-0000-4000-8000-00000000beef</uuid>');
    const r2 = await t.call('vms.defineXml', { ...ref, xml: otherUuid, version });
    if (!r2.ok) expect(r2.error.message).toMatch(/The <uuid> must stay/);
    expect(r2.ok).toBe(false);
    expect(await dumpxml()).toBe(trimmed(xml));
    await expect(virsh('dominfo', `${NAME}-other`)).rejects.toThrow();
  });

  it('a valid edit is defined; its answer carries the new version', async () => {
    const { xml, version } = await t.ok('vms.getXml', ref);
    const next = xml.replace('<on_crash>destroy</on_crash>', '<on_crash>restart</on_crash>');
    expect(next).not.toBe(xml);
    const done = await t.ok('vms.defineXml', { ...ref, xml: next, version });
    expect(await dumpxml()).toMatch(/<on_crash>restart<\/on_crash>/);
    expect(done.version).not.toBe(version);
    expect(done.version).toBe((await t.ok('vms.details', ref)).version);
  });

  it('refuses to overwrite a definition another tool changed since the editor read it', async () => {
    const { xml, version } = await t.ok('vms.getXml', ref);
    const file = `/tmp/${NAME}-outside.xml`;
    await writeFile(file, xml.replace('<on_crash>restart</on_crash>', '<on_crash>destroy</on_crash>'));
    await virsh('define', file);
    await unlink(file);
    const outside = await dumpxml();
    const r = await t.call('vms.defineXml', {
      ...ref,
      xml: xml.replace('<on_poweroff>destroy</on_poweroff>', '<on_poweroff>restart</on_poweroff>'),
      version,
    });
    expect(r).toMatchObject({ ok: false, error: { code: 'CHANGED_ELSEWHERE' } });
    expect(await dumpxml()).toBe(outside);
  });
});
