// The host's CPU % and memory from libvirt's node stats (virNodeGetCPUStats, virNodeGetMemoryStats).
// CPU counters are cumulative ns summed over all CPUs (Linux: kernel = system + irq + softirq, user =
// user + nice, idle, iowait), so a share needs two readings: busy delta over total delta, as
// `virsh nodecpustats --percent` computes it. Counters stay bigint (ns over all CPUs pass 2^53 in days).
import type { HostStatsSample } from '../../preload/host';

export interface HostCpuReading {
  kernel: bigint;
  user: bigint;
  idle: bigint;
  iowait: bigint;
}

/** node CPU stats' fields -> a reading; undefined when the driver lacks one (not Linux's four) */
export function readHostCpu(fields: Record<string, bigint>): HostCpuReading | undefined {
  const { kernel, user, idle } = fields;
  if (kernel === undefined || user === undefined || idle === undefined) return undefined;
  return { kernel, user, idle, iowait: fields.iowait ?? 0n };
}

/**
 * CPU busy (kernel + user) and iowait as % of all the time that passed on all CPUs, 0..100; undefined
 * without a previous reading, when no time passed, or when a counter went back (a host reboot behind a
 * reconnect): no made-up numbers.
 */
export function hostCpuRate(
  prev: HostCpuReading | undefined,
  cur: HostCpuReading,
): { cpuPercent: number; iowaitPercent: number } | undefined {
  if (!prev) return undefined;
  const d = {
    kernel: cur.kernel - prev.kernel,
    user: cur.user - prev.user,
    idle: cur.idle - prev.idle,
    iowait: cur.iowait - prev.iowait,
  };
  if (d.kernel < 0n || d.user < 0n || d.idle < 0n || d.iowait < 0n) return undefined;
  const total = d.kernel + d.user + d.idle + d.iowait;
  if (total === 0n) return undefined;
  const pct = (part: bigint) => clamp((Number(part) / Number(total)) * 100);
  return { cpuPercent: pct(d.kernel + d.user), iowaitPercent: pct(d.iowait) };
}

/** node memory stats (KiB: total, free, buffers, cached) -> the sample's memory figures */
export function hostMemory(
  fields: Record<string, bigint>,
): Pick<HostStatsSample, 'memoryTotalKiB' | 'memoryFreeKiB' | 'memoryUsedKiB' | 'memoryCacheKiB'> {
  const n = (v: bigint | undefined) => (v === undefined ? undefined : Number(v));
  const total = n(fields.total);
  const free = n(fields.free);
  if (total === undefined || free === undefined) return { memoryTotalKiB: total, memoryFreeKiB: free };
  const cache = (n(fields.buffers) ?? 0) + (n(fields.cached) ?? 0);
  return {
    memoryTotalKiB: total,
    memoryFreeKiB: free,
    memoryCacheKiB: cache,
    memoryUsedKiB: Math.max(0, total - free - cache),
  };
}

/** the running guests' host shares summed; undefined when none of them has a share yet */
export function guestsShare(shares: Iterable<number | undefined>): number | undefined {
  let sum: number | undefined;
  for (const s of shares) if (s !== undefined) sum = (sum ?? 0) + s;
  return sum === undefined ? undefined : clamp(sum);
}

const clamp = (v: number) => Math.min(100, Math.max(0, v));
