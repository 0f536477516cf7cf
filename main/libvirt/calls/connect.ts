// Calls about the connection and the host: versions, capabilities, node info.
import type { CallOptions } from '../client.js';
import type { NodeInfo } from '../facade.js';
import { getString, getUhyper } from '../protocol/common.js';
import { ConnectProc, getMemoryStats, getNodeInfo } from '../protocol/connect.js';
import type { XdrWriter } from '../xdr.js';
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
  async nodeGetMemoryStats(o?: CallOptions): Promise<Record<string, bigint>> {
    // libvirt's two-step: ask how many fields there are, then ask for them (cell -1: all cells)
    const args = (n: number) => (w: XdrWriter) => {
      w.int(n);
      w.int(-1);
      w.uint(0);
    };
    const count = await this.call(
      ConnectProc.NODE_GET_MEMORY_STATS,
      args(0),
      (r) => {
        r.array((x) => [x.string(), x.uhyper()]);
        return r.int();
      },
      o,
    );
    return this.call(ConnectProc.NODE_GET_MEMORY_STATS, args(count), getMemoryStats, o);
  },
} satisfies CallFamily;

export type ConnectCalls = typeof connectCalls;
