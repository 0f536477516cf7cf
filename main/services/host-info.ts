// The host page's facts (host.info): what the host is (CPU, memory), what it runs (libvirt, the
// hypervisor) and whether KVM works, the last from hostStatus so the page and the KVM banner agree.
import type { HostInfo } from '../../preload/host';
import type { LibvirtConnectionApi } from '../libvirt/facade';
import { hostCpuOfCapabilities } from '../model/domain-caps';
import { versionString } from './connections';
import { hostStatus } from './host';
import type { SettingsStore } from './settings';

/** the driver's name as people know it, from the URI's scheme */
function hypervisorName(uri: string): string {
  const scheme = uri.split(':')[0].split('+')[0];
  return scheme === 'qemu' ? 'QEMU' : scheme;
}

export async function hostInfo(
  c: LibvirtConnectionApi,
  connection: string,
  settings: SettingsStore,
): Promise<HostInfo> {
  const [status, node, caps, lib, hv] = await Promise.all([
    hostStatus(c, connection, settings),
    c.nodeGetInfo(),
    c.getCapabilities(),
    c.getLibVersion(),
    // virConnectGetVersion: QEMU's version for the qemu driver; 0 when the driver cannot say
    c.getVersion().catch(() => 0n),
  ]);
  const cpu = hostCpuOfCapabilities(caps);
  return {
    connection,
    hostname: status.hostname,
    cpuModel: cpu.model,
    cpuVendor: cpu.vendor,
    arch: node.model,
    cpus: node.cpus,
    mhz: node.mhz,
    sockets: node.sockets,
    cores: node.cores,
    threads: node.threads,
    memoryKiB: status.memoryKiB,
    libvirtVersion: versionString(lib),
    hypervisor: hypervisorName(c.uri),
    hypervisorVersion: hv > 0n ? versionString(hv) : undefined,
    status,
  };
}
