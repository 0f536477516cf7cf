// The CPU modes and named models a guest can have, from libvirt's domain capabilities for its domain
// type (kvm or qemu), architecture and machine. Asked once per connection and kind of guest and
// remembered: the details are read again on every event for the guest, the answer does not change.
import type { LibvirtConnectionApi } from '../libvirt/facade';
import { type CpuChoices, cpuChoicesFromDomainCaps } from '../model/domain-caps';

const remembered = new WeakMap<LibvirtConnectionApi, Map<string, Promise<CpuChoices>>>();

/** undefined when libvirt cannot say (an unknown machine, a remote host without QEMU): not remembered */
export async function cpuChoices(
  c: LibvirtConnectionApi,
  guest: { domainType: string; arch?: string; machine?: string },
): Promise<CpuChoices | undefined> {
  const key = `${guest.domainType}\n${guest.arch ?? ''}\n${guest.machine ?? ''}`;
  const byKind = remembered.get(c) ?? new Map<string, Promise<CpuChoices>>();
  remembered.set(c, byKind);
  let p = byKind.get(key);
  if (!p) {
    p = c
      .getDomainCapabilities({ virttype: guest.domainType, arch: guest.arch, machine: guest.machine })
      .then(cpuChoicesFromDomainCaps);
    byKind.set(key, p);
    p.catch(() => byKind.delete(key));
  }
  return p.catch(() => undefined);
}
