// The contract's live-stats types (contract.ts re-exports them): one sample of a guest's CPU, memory,
// disk and network, the watch that asks for them, and the batch pushed each tick. Types only.
import type { ConnectionId } from './contract';

/** 'graph': 1 s (a Performance tab on screen); 'list': 3 s (list columns). The fastest watch wins. */
export type StatsInterval = 'graph' | 'list';

export interface StatsWatchArgs {
  connection: ConnectionId;
  uuids: string[];
  interval: StatsInterval;
}

/** What the guest was doing at the sample: only a running guest has numbers (no fake zeros). */
export type StatsGuestState = 'running' | 'paused' | 'off';

export interface VmStatsSample {
  /** when it was taken, ms since the epoch */
  t: number;
  state: StatsGuestState;
  /** share of the guest's own vCPUs, 0..100; absent on a guest's first sample (a rate needs two) */
  cpuPercent?: number;
  /** the same CPU time as a share of all the host's CPUs, 0..100 */
  hostCpuPercent?: number;
  /** vCPUs the share is of */
  vcpus?: number;
  /** memory given to the guest now (the balloon's current size), KiB */
  assignedKiB?: number;
  /** what the guest itself uses (assigned less what it reports unused), KiB, when it reports it */
  usedKiB?: number;
  /** why usedKiB is absent, in the user's words */
  usedNote?: string;
  /** the resident memory of the guest's QEMU process on the host, KiB */
  rssKiB?: number;
  /** bytes per second, summed over the guest's disks / network adapters */
  diskReadBps?: number;
  diskWriteBps?: number;
  netRxBps?: number;
  netTxBps?: number;
  /** how many disks / network adapters the sums are over (0: the guest has none) */
  disks?: number;
  nics?: number;
}

/** One tick's samples for every watched guest of a connection (the `vm.stats` event). */
export interface VmStatsBatch {
  connection: ConnectionId;
  samples: Record<string, VmStatsSample>;
}
