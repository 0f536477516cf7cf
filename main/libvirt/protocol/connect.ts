// Connection, auth and node procedures (remote_protocol.x).
import type { NodeInfo } from '../facade.js';
import type { XdrReader, XdrWriter } from '../xdr.js';

export const ConnectProc = {
  OPEN: 1,
  CLOSE: 2,
  GET_TYPE: 3,
  GET_VERSION: 4,
  NODE_GET_INFO: 6,
  GET_CAPABILITIES: 7,
  GET_HOSTNAME: 59,
  SUPPORTS_FEATURE: 60,
  AUTH_LIST: 66,
  AUTH_POLKIT: 70,
  NODE_GET_FREE_MEMORY: 102,
  GET_URI: 110,
  GET_LIB_VERSION: 157,
  NODE_GET_CPU_STATS: 227,
  NODE_GET_MEMORY_STATS: 228,
  GET_DOMAIN_CAPABILITIES: 342,
} as const;

/** remote_auth_type: every auth type a daemon can ask for (Kerberos is not one: it comes as a SASL mechanism) */
export const AuthType = { NONE: 0, SASL: 1, POLKIT: 2 } as const;
/** AuthType -> the name people know it by, for errors */
export const authTypeNames: Record<number, string> = { 0: 'none', 1: 'SASL', 2: 'polkit' };
/**
 * VIR_DRV_FEATURE_* numbers (src/libvirt_internal.h) asked with SUPPORTS_FEATURE. PROGRAM_KEEPALIVE is
 * answered by the daemon's RPC layer itself: asking it tells the daemon we speak keepalive, so it starts
 * pinging us (and drops us when we stop answering), as it does for libvirt's C client.
 */
export const DrvFeature = { PROGRAM_KEEPALIVE: 10 } as const;
export const ConnectFlags = { RO: 1 } as const;

export function getNodeInfo(r: XdrReader): NodeInfo {
  // char model[32]: a fixed array of 32 XDR chars, each in its own 4-byte unit
  let model = '';
  for (let i = 0; i < 32; i++) {
    const c = r.int() & 0xff;
    if (c !== 0 && model.length === i) model += String.fromCharCode(c);
  }
  return {
    model,
    memoryKiB: r.uhyper(),
    cpus: r.int(),
    mhz: r.int(),
    nodes: r.int(),
    sockets: r.int(),
    cores: r.int(),
    threads: r.int(),
  };
}

/** VIR_NODE_CPU_STATS_ALL_CPUS, VIR_NODE_MEMORY_STATS_ALL_CELLS: the whole host, not one CPU or cell */
export const NODE_ALL = -1;

/**
 * remote_node_get_cpu_stats_args: cpuNum, nparams, flags. libvirt's two-step: nparams 0 asks how many
 * fields there are (the reply's nparams), then exactly that many (Linux refuses any other count).
 */
export const putNodeCpuStatsArgs = (cpuNum: number, nparams: number) => (w: XdrWriter) => {
  w.int(cpuNum);
  w.int(nparams);
  w.uint(0);
};

/** remote_node_get_memory_stats_args: nparams, cellNum, flags (the other order than the CPU's) */
export const putNodeMemoryStatsArgs = (cellNum: number, nparams: number) => (w: XdrWriter) => {
  w.int(nparams);
  w.int(cellNum);
  w.uint(0);
};

/** the count a nparams-0 query answers (its params list is empty) */
export function getNodeStatsCount(r: XdrReader): number {
  r.array((x) => [x.string(), x.uhyper()]);
  return r.int();
}

/**
 * remote_node_get_cpu_stats_ret and remote_node_get_memory_stats_ret have one shape: a list of
 * { field, unsigned hyper value } and nparams. CPU fields are ns (kernel, user, idle, iowait on Linux),
 * memory fields KiB (total, free, buffers, cached).
 */
export function getNodeStats(r: XdrReader): Record<string, bigint> {
  const out: Record<string, bigint> = {};
  const n = r.uint();
  for (let i = 0; i < n; i++) {
    const field = r.string();
    out[field] = r.uhyper();
  }
  r.int(); // nparams
  return out;
}
