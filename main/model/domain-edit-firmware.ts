// Boot menu and firmware, edited in place inside <os> (and <features><smm> for Secure Boot).
// Firmware is left to libvirt's autoselection (<os firmware='efi'> + <firmware><feature .../>), which
// picks the OVMF build and its variables template from the host's QEMU firmware descriptors
// (/usr/share/qemu/firmware/*.json): a pinned <loader> path, or an <nvram template>, would stop it
// choosing, so they go; the guest's own NVRAM file (its UEFI variables: boot entries, keys) stays.
//
// Exports:
//   setBootMenu(xml, enabled, timeoutMs?): string     <os><bootmenu enable=... timeout=...>
//   Firmware                                          'bios' | 'efi' | 'efi-secure'
//   firmwareOf(xml): Firmware                         what the guest starts with now
//   setFirmware(xml, firmware): string                <os firmware>, <firmware> features, smm
//   nvramNeedsReset(before, after): boolean           Secure Boot changed on a guest that keeps its NVRAM
//                                                     file: start it once with libvirt's RESET_NVRAM flag
//                                                     (its variables were made from the other template)
import {
  archOf,
  DOMAIN_ORDER,
  DomainEditError,
  editDomain,
  ensureInOrder,
  FEATURE_ORDER,
  insertInOrder,
  isQ35,
  machineOf,
} from './domain-edit-core';
import { attr, child, children, h, parseXml, removeElement, setAttr, text, type XmlElement } from './xml';

export type Firmware = 'bios' | 'efi' | 'efi-secure';

// the order libvirt writes <os>'s children in (the schema accepts any)
const OS_ORDER = [
  'type',
  'firmware',
  'loader',
  'nvram',
  'kernel',
  'initrd',
  'cmdline',
  'shim',
  'dtb',
  'acpi',
  'boot',
  'bootmenu',
  'smbios',
  'bios',
];

export function setBootMenu(xml: string, enabled: boolean, timeoutMs?: number): string {
  if (timeoutMs !== undefined && (!Number.isInteger(timeoutMs) || timeoutMs < 0 || timeoutMs > 65535)) {
    throw new DomainEditError('The boot menu waits from 0 to 65 seconds (0 to 65535 ms).');
  }
  return editDomain(xml, (root) => {
    const menu = ensureInOrder(ensureInOrder(root, 'os', DOMAIN_ORDER), 'bootmenu', OS_ORDER);
    setAttr(menu, 'enable', enabled ? 'yes' : 'no');
    // libvirt ignores a timeout on a disabled menu; a stale one would come back with the menu
    setAttr(menu, 'timeout', enabled ? (timeoutMs ?? attr(menu, 'timeout')) : undefined);
  });
}

function featureOn(os: XmlElement | undefined, name: string): boolean {
  const f = children(child(os, 'firmware'), 'feature').find((e) => attr(e, 'name') === name);
  return attr(f, 'enabled') === 'yes';
}

function firmwareOfRoot(root: XmlElement): Firmware {
  const os = child(root, 'os');
  const loader = child(os, 'loader');
  const efi =
    attr(os, 'firmware') === 'efi' ||
    attr(loader, 'type') === 'pflash' ||
    /ovmf|edk2|efi|aavmf/i.test(text(loader) ?? '');
  if (!efi) return 'bios';
  return featureOn(os, 'secure-boot') || attr(loader, 'secure') === 'yes' ? 'efi-secure' : 'efi';
}

export function firmwareOf(xml: string): Firmware {
  return firmwareOfRoot(parseXml(xml).documentElement!);
}

function setFeature(firmware: XmlElement, name: string, enabled: boolean | undefined): void {
  const existing = children(firmware, 'feature').filter((f) => attr(f, 'name') === name);
  if (enabled === undefined) {
    for (const f of existing) removeElement(f);
    return;
  }
  const value = enabled ? 'yes' : 'no';
  if (existing[0]) setAttr(existing[0], 'enabled', value);
  else insertInOrder(firmware, h('feature', { enabled: value, name }), ['feature']);
}

/** The pins that would stop autoselection: the loader, and the NVRAM's template (its path stays). */
function unpin(os: XmlElement): void {
  for (const l of children(os, 'loader')) removeElement(l);
  for (const n of children(os, 'nvram')) {
    if (!text(n)) removeElement(n);
    else for (const a of ['template', 'templateFormat', 'format']) setAttr(n, a, undefined);
  }
}

function checkFirmware(root: XmlElement, firmware: Firmware): void {
  const arch = archOf(root);
  const x86 = arch === 'x86_64' || arch === 'i686';
  if (firmware === 'bios' && !x86) {
    throw new DomainEditError(`Only x86 guests start from a BIOS; this guest is ${arch}.`);
  }
  if (firmware === 'efi-secure' && x86 && !isQ35(root)) {
    // OVMF's Secure Boot builds keep their variables in SMM, which i440FX (pc) machines lack for OVMF
    throw new DomainEditError(
      `Secure Boot needs the Q35 chipset; this guest uses ${machineOf(root) || 'pc'} (i440FX).`,
    );
  }
}

export function setFirmware(xml: string, firmware: Firmware): string {
  if (!['bios', 'efi', 'efi-secure'].includes(firmware)) {
    throw new DomainEditError(`"${firmware}" is not a firmware: choose BIOS, UEFI or UEFI with Secure Boot.`);
  }
  const doc = parseXml(xml);
  // already so: leave a hand-pinned firmware (a custom OVMF build, say) exactly as it is
  if (firmwareOfRoot(doc.documentElement!) === firmware) return xml;
  return editDomain(xml, (root) => {
    checkFirmware(root, firmware);
    const os = ensureInOrder(root, 'os', DOMAIN_ORDER);
    unpin(os);
    if (firmware === 'bios') {
      // no firmware attribute: BIOS is x86's default, and Debian ships no BIOS descriptor to select
      setAttr(os, 'firmware', undefined);
      for (const f of children(os, 'firmware')) removeElement(f);
      for (const n of children(os, 'nvram')) removeElement(n);
      return;
    }
    setAttr(os, 'firmware', 'efi');
    const features = ensureInOrder(os, 'firmware', OS_ORDER);
    const secure = firmware === 'efi-secure';
    setFeature(features, 'secure-boot', secure);
    // enrolled-keys: Microsoft's keys, so Windows' and shim's signed boot loaders are trusted
    setFeature(features, 'enrolled-keys', secure ? true : undefined);
    if (secure) {
      // OVMF's Secure Boot build keeps its variables safe in SMM; libvirt 9.0 wants it said explicitly
      const smm = ensureInOrder(ensureInOrder(root, 'features', DOMAIN_ORDER), 'smm', FEATURE_ORDER);
      setAttr(smm, 'state', 'on');
    }
  });
}

export function nvramNeedsReset(before: string, after: string): boolean {
  const a = firmwareOf(before);
  const b = firmwareOf(after);
  const keeps = child(child(parseXml(after).documentElement!, 'os'), 'nvram') !== undefined;
  return a !== 'bios' && b !== 'bios' && a !== b && keeps;
}
