// What libvirt's capabilities and domain capabilities XML say the host offers new guests. Pure.
//
// Exports:
//   hostFeaturesFromDomainCaps(xml, accelerator): HostFeatures   UEFI, Secure Boot, CPU modes, TPM emulator
//   hostHasVirtualization(capabilitiesXml): boolean               the host CPU lists vmx (Intel) or svm (AMD)
//   hostCpuOfCapabilities(capabilitiesXml)                         the host CPU's model and vendor (host page)
//   cpuChoicesFromDomainCaps(xml): CpuChoices                       the CPU modes and the usable named models
import type { GuestCpu } from '../../preload/contract';
import type { Accelerator, HostFeatures } from './defaults';
import { attr, child, children, find, findAll, parseXml, text, type XmlElement } from './xml';

function enumValues(parent: XmlElement | undefined, name: string): string[] {
  const e = children(parent, 'enum').find((x) => attr(x, 'name') === name);
  return children(e, 'value').map((v) => text(v) ?? '');
}

export function hostFeaturesFromDomainCaps(xml: string, accelerator: Accelerator): HostFeatures {
  const root = parseXml(xml).documentElement!;
  const os = child(root, 'os');
  const loader = child(os, 'loader');
  const efi = attr(os, 'supported') === 'yes' && enumValues(os, 'firmware').includes('efi');
  const secure = enumValues(loader, 'secure').includes('yes');
  const mode = (name: string) =>
    findAll(root, 'cpu/mode').some((m) => attr(m, 'name') === name && attr(m, 'supported') === 'yes');
  const tpm = find(root, 'devices/tpm');
  return {
    accelerator,
    efi,
    secureBoot: efi && secure,
    cpuModes: {
      hostPassthrough: mode('host-passthrough'),
      maximum: mode('maximum'),
      hostModel: mode('host-model'),
    },
    tpmEmulator: attr(tpm, 'supported') === 'yes' && enumValues(tpm, 'backendModel').includes('emulator'),
  };
}

export function hostHasVirtualization(capabilitiesXml: string): boolean {
  const cpu = find(parseXml(capabilitiesXml).documentElement!, 'host/cpu');
  return children(cpu, 'feature').some((f) => ['vmx', 'svm'].includes(attr(f, 'name') ?? ''));
}

/** libvirt's names for the host CPU (capabilities' host <cpu>): model "Skylake-Client-IBRS", vendor "Intel" */
export function hostCpuOfCapabilities(capabilitiesXml: string): { model?: string; vendor?: string } {
  const cpu = find(parseXml(capabilitiesXml).documentElement!, 'host/cpu');
  return { model: text(child(cpu, 'model')) || undefined, vendor: text(child(cpu, 'vendor')) || undefined };
}

export type CpuChoices = NonNullable<GuestCpu['offered']>;

/** the CPU modes libvirt calls supported, and the named models it calls usable (on this host's CPU) */
export function cpuChoicesFromDomainCaps(xml: string): CpuChoices {
  const root = parseXml(xml).documentElement!;
  const mode = (name: string) => findAll(root, 'cpu/mode').find((m) => attr(m, 'name') === name);
  const supported = (name: string) => attr(mode(name), 'supported') === 'yes';
  const models = children(mode('custom'), 'model')
    .filter((m) => attr(m, 'usable') !== 'no')
    .map((m) => text(m) ?? '')
    .filter(Boolean);
  return {
    hostPassthrough: supported('host-passthrough'),
    hostModel: supported('host-model'),
    maximum: supported('maximum'),
    models: supported('custom') ? [...new Set(models)].sort((a, b) => a.localeCompare(b)) : [],
  };
}
