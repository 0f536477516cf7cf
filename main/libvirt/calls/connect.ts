// Calls about the connection and the host: versions, capabilities, node info.
import type { CallOptions } from '../client.js';
import type { NodeInfo } from '../facade.js';
import { getString, getUhyper } from '../protocol/common.js';
import {
  ConnectProc,
  getNodeInfo,
  getNodeStats,
  getNodeStatsCount,
  NODE_ALL,
  putNodeCpuStatsArgs,
  putNodeMemoryStatsArgs,
} from '../protocol/connect.js';
import type { CallFamily } from './context.js';

export const connectCalls = {
  getVersion(o?: CallOptions): Promise<bigint> {
    return this.call(ConnectProc.GET_VERSION, undefined, getUhyper, o);
  },
  getLibVersion(o?: CallOptions): Promise<bigint> {
    return this.call(ConnectProc.GET_LIB_VERSION, undefined, getUhyper, o);
  },
  getHostname(o?: CallOptions): Promise<string> {
    return this.call(ConnectProc.GET_HOSTNAME, undefined, getString, o);
  },
  getCapabilities(o?: CallOptions): Promise<string> {
    return this.call(ConnectProc.GET_CAPABILITIES, undefined, getString, o);
  },
  getDomainCapabilities(
    args: { emulator?: string; arch?: string; machine?: string; virttype?: string },
    o?: CallOptions,
  ): Promise<string> {
    return this.call(
      ConnectProc.GET_DOMAIN_CAPABILITIES,
      (w) => {
        w.optString(args.emulator);
        w.optString(args.arch);
        w.optString(args.machine);
        w.optString(args.virttype);
        w.uint(0);
      },
      getString,
      o,
    );
  },
  nodeGetInfo(o?: CallOptions): Promise<NodeInfo> {
    return this.call(ConnectProc.NODE_GET_INFO, undefined, getNodeInfo, o);
  },
  nodeGetFreeMemory(o?: CallOptions): Promise<bigint> {
    return this.call(ConnectProc.NODE_GET_FREE_MEMORY, undefined, getUhyper, o);
  },
  async nodeGetMemoryStats(
    o?: CallOptions,
    cellNum = NODE_ALL,
    nparams?: number,
  ): Promise<Record<string, bigint>> {
    const n =
      nparams ??
      (await this.call(
        ConnectProc.NODE_GET_MEMORY_STATS,
        putNodeMemoryStatsArgs(cellNum, 0),
        getNodeStatsCount,
        o,
      ));
    return this.call(ConnectProc.NODE_GET_MEMORY_STATS, putNodeMemoryStatsArgs(cellNum, n), getNodeStats, o);
  },
  /**
   * The host's CPU time counters in ns (Linux: kernel, user, idle, iowait), for all CPUs by default.
   * `nparams`: the count a first call learnt, so a sampler makes one round trip per tick, not two.
   */
  async nodeGetCpuStats(
    o?: CallOptions,
    cpuNum = NODE_ALL,
    nparams?: number,
  ): Promise<Record<string, bigint>> {
    const n =
      nparams ??
      (await this.call(ConnectProc.NODE_GET_CPU_STATS, putNodeCpuStatsArgs(cpuNum, 0), getNodeStatsCount, o));
    return this.call(ConnectProc.NODE_GET_CPU_STATS, putNodeCpuStatsArgs(cpuNum, n), getNodeStats, o);
  },
} satisfies CallFamily;

export type ConnectCalls = typeof connectCalls;
