// What the host offers: CPUs, memory, and whether KVM works. KVM is usable when libvirt's domain
// capabilities offer virttype kvm, the host CPU has VT-x/AMD-V (vmx/svm in libvirt's capabilities) and
// (for a local connection) /dev/kvm is accessible to us; otherwise
// guests run in software emulation (TCG), and the UI says so.
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import type { HostStatus } from '../../preload/contract';
import type { LibvirtConnectionApi } from '../libvirt/facade';
import { isLocalUri } from '../libvirt/uri';
import { hostHasVirtualization } from '../model/domain-caps';
import type { SettingsStore } from './settings';

/**
 * The host's whole memory in KiB, across all NUMA cells: the "total" of node memory stats for all cells
 * (VIR_NODE_MEMORY_STATS_ALL_CELLS), /proc/meminfo's MemTotal on Linux. Node info's memory can count one
 * cell only (6.1 GiB on a 23.5 GiB host here), so it is the fallback for drivers without memory stats
 * (libvirt's test driver). Every place that shows or checks the host's memory uses this figure.
 */
export async function hostMemoryKiB(c: LibvirtConnectionApi): Promise<number> {
  try {
    const total = (await c.nodeGetMemoryStats()).total;
    if (total !== undefined && total > 0n) return Number(total);
  } catch {
    // not supported by this driver: node info below
  }
  return Number((await c.nodeGetInfo()).memoryKiB);
}

export async function kvmSupport(c: LibvirtConnectionApi): Promise<{ usable: boolean; reason?: string }> {
  if (c.uri.startsWith('test')) return { usable: false, reason: "libvirt's test driver has no KVM." };
  if (isLocalUri(c.uri)) {
    try {
      await access('/dev/kvm', constants.R_OK | constants.W_OK);
    } catch (err) {
      const missing = (err as NodeJS.ErrnoException).code === 'ENOENT';
      return {
        usable: false,
        reason: missing
          ? 'This computer does not offer KVM (/dev/kvm is missing): virtualisation may be off in the firmware settings, or this is a virtual machine without nested virtualisation.'
          : 'KVM Desk may not use /dev/kvm (add your user to the kvm group).',
      };
    }
  }
  try {
    await c.getDomainCapabilities({ virttype: 'kvm' });
  } catch (err) {
    return { usable: false, reason: `libvirt cannot use KVM here: ${(err as Error).message}` };
  }
  // /dev/kvm can exist and open without hardware virtualisation (a VM without nested VT-x, or the
  // kvm_pvm module): libvirt then offers KVM, but ordinary guests cannot run under it
  if (!hostHasVirtualization(await c.getCapabilities())) {
    return {
      usable: false,
      reason:
        "This computer's processor does not offer hardware virtualisation (Intel VT-x or AMD-V) to KVM: it may be off in the firmware settings, or this is a virtual machine without nested virtualisation.",
    };
  }
  return { usable: true };
}

export async function hostStatus(
  c: LibvirtConnectionApi,
  connection: string,
  settings: SettingsStore,
): Promise<HostStatus> {
  const [hostname, node, memoryKiB, kvm] = await Promise.all([
    c.getHostname(),
    c.nodeGetInfo(),
    hostMemoryKiB(c),
    kvmSupport(c),
  ]);
  const force = settings.forceSoftwareEmulation();
  return {
    connection,
    hostname,
    cpus: node.cpus,
    memoryKiB,
    kvmUsable: kvm.usable,
    kvmReason: kvm.reason,
    forceSoftwareEmulation: force,
    accelerator: kvm.usable && !force ? 'kvm' : 'qemu',
  };
}
