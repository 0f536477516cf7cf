// One guest's stats reading (libvirt's bulk-stats typed parameters) and the sample derived from two
// readings: rates need a previous reading, so a guest's first sample has levels (memory) but no rates.
// Counters are kept as bigint: cpu.time in ns passes 2^53 after ~104 days of one vCPU's time.
import type { StatsGuestState, VmStatsSample } from '../../preload/stats';

type Param = number | bigint | boolean | string;

/** the groups asked for (virDomainStatsTypes): state 1, cpu-total 2, balloon 4, vcpu 8, interface 16, block 32 */
export const STATS_GROUPS = 1 | 2 | 4 | 8 | 16 | 32;

export const NOT_REPORTED =
  'not reported by the guest (needs the virtio balloon driver or the guest agent in the guest)';
export const NO_BALLOON = 'not reported: the guest has no memory balloon device';

export interface StatsReading {
  /** process.hrtime in ns when the reply arrived: the wall clock of the rates */
  atNs: bigint;
  /** libvirt's virDomainState: 1 running, 2 blocked, 3 paused, ... (undefined: not asked) */
  state?: number;
  cpuTimeNs?: bigint;
  vcpus?: number;
  balloonCurrentKiB?: bigint;
  balloonUnusedKiB?: bigint;
  balloonRssKiB?: bigint;
  rdBytes?: bigint;
  wrBytes?: bigint;
  rxBytes?: bigint;
  txBytes?: bigint;
  disks?: number;
  nics?: number;
}

const big = (v: Param | undefined): bigint | undefined =>
  typeof v === 'bigint' ? v : typeof v === 'number' && Number.isFinite(v) ? BigInt(Math.trunc(v)) : undefined;

/** the sum of `prefix.N.suffix` over `prefix.count` entries; undefined when none of them has it */
function sum(p: Record<string, Param>, prefix: string, suffix: string): bigint | undefined {
  const count = Number(p[`${prefix}.count`] ?? 0);
  let total: bigint | undefined;
  for (let i = 0; i < count; i++) {
    const v = big(p[`${prefix}.${i}.${suffix}`]);
    if (v !== undefined) total = (total ?? 0n) + v;
  }
  return total;
}

const count = (v: Param | undefined) => (typeof v === 'number' && v >= 0 ? v : undefined);

export function readStats(p: Record<string, Param>, atNs: bigint): StatsReading {
  const state = p['state.state'];
  const vcpus = p['vcpu.current'];
  return {
    atNs,
    state: typeof state === 'number' ? state : undefined,
    cpuTimeNs: big(p['cpu.time']),
    vcpus: typeof vcpus === 'number' && vcpus > 0 ? vcpus : undefined,
    balloonCurrentKiB: big(p['balloon.current']),
    balloonUnusedKiB: big(p['balloon.unused']),
    balloonRssKiB: big(p['balloon.rss']),
    rdBytes: sum(p, 'block', 'rd.bytes'),
    wrBytes: sum(p, 'block', 'wr.bytes'),
    rxBytes: sum(p, 'net', 'rx.bytes'),
    txBytes: sum(p, 'net', 'tx.bytes'),
    disks: count(p['block.count']),
    nics: count(p['net.count']),
  };
}

/** libvirt's virDomainState -> what a sample says; only running (1) and blocked (2) have numbers */
export function statsState(state: number | undefined): StatsGuestState {
  if (state === 1 || state === 2) return 'running';
  if (state === 3 || state === 7) return 'paused'; // 7: pmsuspended, the guest sleeps
  return 'off';
}

export const clampPercent = (v: number): number => Math.min(100, Math.max(0, v));

/** per second of `wallNs`; undefined without both counters or when the counter went back (a restart) */
function rate(prev: bigint | undefined, cur: bigint | undefined, wallNs: bigint): number | undefined {
  if (prev === undefined || cur === undefined || wallNs <= 0n || cur < prev) return undefined;
  return (Number(cur - prev) * 1e9) / Number(wallNs);
}

const kib = (v: bigint | undefined) => (v === undefined ? undefined : Number(v));

/**
 * The sample for `cur`, with rates against `prev` (the same guest's previous reading, if any).
 * CPU % is virt-manager's: delta cpu.time / (delta wall x vCPUs), clamped 0..100; the host share divides
 * by the host's CPUs instead. `hasBalloon` false: the guest has no balloon device to report its use.
 */
export function deriveSample(
  cur: StatsReading,
  prev: StatsReading | undefined,
  opts: { t: number; hostCpus: number; hasBalloon?: boolean },
): VmStatsSample {
  const state = statsState(cur.state ?? 1);
  if (state !== 'running') return { t: opts.t, state };
  const s: VmStatsSample = { t: opts.t, state };
  const assigned = kib(cur.balloonCurrentKiB);
  if (assigned !== undefined) s.assignedKiB = assigned;
  if (assigned !== undefined && cur.balloonUnusedKiB !== undefined) {
    s.usedKiB = Math.max(0, assigned - Number(cur.balloonUnusedKiB));
  } else s.usedNote = opts.hasBalloon === false ? NO_BALLOON : NOT_REPORTED;
  const rss = kib(cur.balloonRssKiB);
  if (rss !== undefined) s.rssKiB = rss;
  if (cur.vcpus !== undefined) s.vcpus = cur.vcpus;
  if (cur.disks !== undefined) s.disks = cur.disks;
  if (cur.nics !== undefined) s.nics = cur.nics;
  // a previous reading of a guest that was not running has no counters worth a delta
  if (!prev || statsState(prev.state ?? 1) !== 'running') return s;
  const wall = cur.atNs - prev.atNs;
  const cpuPerS = rate(prev.cpuTimeNs, cur.cpuTimeNs, wall); // ns of CPU per s of wall
  if (cpuPerS !== undefined) {
    if (cur.vcpus !== undefined) s.cpuPercent = clampPercent((cpuPerS / 1e9 / cur.vcpus) * 100);
    if (opts.hostCpus > 0) s.hostCpuPercent = clampPercent((cpuPerS / 1e9 / opts.hostCpus) * 100);
  }
  const put = (key: 'diskReadBps' | 'diskWriteBps' | 'netRxBps' | 'netTxBps', v: number | undefined) => {
    if (v !== undefined) s[key] = v;
  };
  put('diskReadBps', rate(prev.rdBytes, cur.rdBytes, wall));
  put('diskWriteBps', rate(prev.wrBytes, cur.wrBytes, wall));
  put('netRxBps', rate(prev.rxBytes, cur.rxBytes, wall));
  put('netTxBps', rate(prev.txBytes, cur.txBytes, wall));
  return s;
}
