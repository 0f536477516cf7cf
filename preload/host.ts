// The contract's host-page types (contract.ts re-exports them): what the host is (host.info) and its
// live CPU and memory (host.watchStats / host.unwatchStats / host.statsHistory, the `host.stats` event).
// Types only.
import type { ConnectionId, HostStatus } from './contract';

export interface HostInfo {
  connection: ConnectionId;
  hostname: string;
  /** libvirt's name for the host CPU model (capabilities' host <cpu><model>), e.g. "Skylake-Client-IBRS" */
  cpuModel?: string;
  cpuVendor?: string;
  /** node info's model: the architecture, e.g. "x86_64" */
  arch: string;
  cpus: number;
  mhz: number;
  sockets: number;
  cores: number;
  threads: number;
  /** all NUMA cells (see services/host.ts hostMemoryKiB) */
  memoryKiB: number;
  /** "9.0.0" (the libvirt daemon's library) */
  libvirtVersion: string;
  /** the hypervisor's version, e.g. "7.2.0" for QEMU; undefined when the driver has none */
  hypervisorVersion?: string;
  /** 'QEMU' for qemu:///..., the driver's name otherwise */
  hypervisor: string;
  /** KVM usable or why not, and what new guests use: the same figures as the KVM banner */
  status: HostStatus;
}

export interface HostStatsSample {
  /** ms since the epoch */
  t: number;
  /** kernel + user time over all CPUs, 0..100; absent on the first sample (a rate needs two) */
  cpuPercent?: number;
  /** time waiting for I/O, 0..100 */
  iowaitPercent?: number;
  /** KiB */
  memoryTotalKiB?: number;
  memoryFreeKiB?: number;
  /** total less free, buffers and page cache: what programs hold (as `free` counts "used") */
  memoryUsedKiB?: number;
  memoryCacheKiB?: number;
  /** the running guests' CPU time as a share of all host CPUs, summed (from the guests' stats) */
  guestsCpuPercent?: number;
  /** how many guests ran at the sample */
  runningGuests?: number;
}

export interface HostStatsBatch {
  connection: ConnectionId;
  sample: HostStatsSample;
}
