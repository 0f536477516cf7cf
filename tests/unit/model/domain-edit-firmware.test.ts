import { describe, expect, it } from 'vitest';
import {
  type Firmware,
  firmwareOf,
  nvramNeedsReset,
  setBootMenu,
  setFirmware,
} from '../../../main/model/domain-edit';
import { attr, child, children, find, findAll, text, type XmlElement } from '../../../main/model/xml';
import { expectOnlyChanged, rootOf } from '../../support/domain-xml-diff';
import { expectValidDomain } from '../../support/virt-xml-validate';
import { FIXTURES, fixture } from './domain-edit-fixtures';

const osOf = (r: XmlElement) => children(r, 'os');
const osAndSmm = (r: XmlElement) => [...osOf(r), ...findAll(r, 'features/smm')];
const features = (r: XmlElement) =>
  Object.fromEntries(findAll(r, 'os/firmware/feature').map((f) => [attr(f, 'name'), attr(f, 'enabled')]));

describe.each(FIXTURES)('boot menu of $name', ({ xml }) => {
  it('turns the boot menu on with a timeout, then off', () => {
    const on = setBootMenu(xml, true, 5000);
    expectOnlyChanged(xml, on, osOf);
    expect([
      attr(find(rootOf(on), 'os/bootmenu'), 'enable'),
      attr(find(rootOf(on), 'os/bootmenu'), 'timeout'),
    ]).toEqual(['yes', '5000']);
    expectValidDomain(on);
    const off = setBootMenu(on, false);
    expect(attr(find(rootOf(off), 'os/bootmenu'), 'enable')).toBe('no');
    expect(attr(find(rootOf(off), 'os/bootmenu'), 'timeout')).toBeUndefined();
    expectValidDomain(off);
    expect(() => setBootMenu(xml, true, 70000)).toThrow(/0 to 65 seconds/);
  });
});

describe.each(FIXTURES)('firmware of $name', ({ name, xml }) => {
  const q35 = !name.startsWith('fx2');

  for (const target of ['bios', 'efi', 'efi-secure'] as Firmware[]) {
    it(`switches to ${target}${target === 'efi-secure' && !q35 ? ' (refused: not Q35)' : ''}`, () => {
      if (target === 'efi-secure' && !q35) {
        expect(() => setFirmware(xml, target)).toThrow(
          /Secure Boot needs the Q35 chipset; this guest uses pc(-i440fx-7.2)? \(i440FX\)\./,
        );
        return;
      }
      const after = setFirmware(xml, target);
      expect(firmwareOf(after)).toBe(target);
      if (firmwareOf(xml) === target) {
        expect(after).toBe(xml);
        return;
      }
      expectOnlyChanged(xml, after, osAndSmm);
      const r = rootOf(after);
      // autoselection: no loader pinned, no template pinned
      expect(find(r, 'os/loader')).toBeUndefined();
      expect(attr(find(r, 'os/nvram'), 'template')).toBeUndefined();
      if (target === 'bios') {
        expect(attr(child(r, 'os'), 'firmware')).toBeUndefined();
        expect(find(r, 'os/firmware')).toBeUndefined();
        expect(find(r, 'os/nvram')).toBeUndefined();
      } else {
        expect(attr(child(r, 'os'), 'firmware')).toBe('efi');
        expect(features(r)).toEqual(
          target === 'efi-secure'
            ? { 'secure-boot': 'yes', 'enrolled-keys': 'yes' }
            : { 'secure-boot': 'no' },
        );
      }
      if (target === 'efi-secure') expect(attr(find(r, 'features/smm'), 'state')).toBe('on');
      // the other <os> children (boot order, menu, smbios) stay
      const others = (x: string) =>
        children(child(rootOf(x), 'os'))
          .map((e) => e.tagName)
          .filter((t) => !['firmware', 'loader', 'nvram'].includes(t));
      expect(others(after)).toEqual(others(xml));
      expectValidDomain(after);
    });
  }
});

describe('a guest whose OVMF was pinned by hand (fx3: loader + nvram with template)', () => {
  const xml = fixture('fx3.dumpxml');

  it('reads as UEFI, and unpins the loader but keeps its NVRAM file when Secure Boot is turned on', () => {
    expect(firmwareOf(xml)).toBe('efi');
    const after = setFirmware(xml, 'efi-secure');
    const nvram = find(rootOf(after), 'os/nvram');
    expect(text(nvram)).toBe('/var/lib/libvirt/qemu/nvram/kvmdesk-test-fx3_VARS.fd');
    expect(nvram?.attributes.length).toBe(0);
    // its variables came from the plain template: no keys enrolled until libvirt resets them
    expect(nvramNeedsReset(xml, after)).toBe(true);
    expect(nvramNeedsReset(xml, setBootMenu(xml, true))).toBe(false);
    expectValidDomain(after);
  });

  it('leaves the pinned firmware alone when asked for what it already is', () => {
    expect(setFirmware(xml, 'efi')).toBe(xml);
  });

  it('drops the NVRAM when going back to BIOS', () => {
    const after = setFirmware(xml, 'bios');
    expect(find(rootOf(after), 'os/nvram')).toBeUndefined();
    expect(nvramNeedsReset(xml, after)).toBe(false);
  });
});

describe('a UEFI Secure Boot guest from virt-install (fx1)', () => {
  it('turns Secure Boot off and keeps SMM (other things may rely on it)', () => {
    const xml = fixture('fx1.dumpxml');
    const after = setFirmware(xml, 'efi');
    expect(features(rootOf(after))).toEqual({ 'secure-boot': 'no' });
    expect(attr(find(rootOf(after), 'features/smm'), 'state')).toBe('on');
    expectValidDomain(after);
  });

  it('refuses a firmware it does not know, in the user’s words', () => {
    expect(() => setFirmware(fixture('fx1.print'), 'coreboot' as Firmware)).toThrow(
      '"coreboot" is not a firmware: choose BIOS, UEFI or UEFI with Secure Boot.',
    );
  });
});
