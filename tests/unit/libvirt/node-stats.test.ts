// The node stats codecs (remote_protocol.x): remote_node_get_cpu_stats_args is cpuNum, nparams, flags;
// remote_node_get_memory_stats_args is nparams, cellNum, flags; both replies are a list of
// { string field; unsigned hyper value } then nparams.
import { describe, expect, it } from 'vitest';
import {
  ConnectProc,
  getNodeStats,
  getNodeStatsCount,
  NODE_ALL,
  putNodeCpuStatsArgs,
  putNodeMemoryStatsArgs,
} from '../../../main/libvirt/protocol/connect.js';
import { XdrReader, XdrWriter } from '../../../main/libvirt/xdr.js';

const bytes = (put: (w: XdrWriter) => void) => {
  const w = new XdrWriter(4);
  put(w);
  return Buffer.from(w.view());
};
const ints = (b: Buffer) => Array.from({ length: b.length / 4 }, (_, i) => b.readInt32BE(i * 4));

function reply(fields: [string, bigint][], nparams: number): XdrReader {
  return new XdrReader(
    bytes((w) => {
      w.uint(fields.length);
      for (const [f, v] of fields) {
        w.string(f);
        w.uhyper(v);
      }
      w.int(nparams);
    }),
  );
}

describe('node CPU and memory stats on the wire', () => {
  it('are procedures 227 and 228', () => {
    expect(ConnectProc.NODE_GET_CPU_STATS).toBe(227);
    expect(ConnectProc.NODE_GET_MEMORY_STATS).toBe(228);
  });

  it('ask for all CPUs (-1) with cpuNum first, all cells (-1) with nparams first', () => {
    expect(ints(bytes(putNodeCpuStatsArgs(NODE_ALL, 4)))).toEqual([-1, 4, 0]);
    expect(ints(bytes(putNodeMemoryStatsArgs(NODE_ALL, 0)))).toEqual([0, -1, 0]);
  });

  it('decode the fields as bigint ns / KiB, past 2^53', () => {
    const big = 2n ** 60n + 7n;
    const r = reply(
      [
        ['kernel', 1n],
        ['user', big],
        ['idle', 3n],
        ['iowait', 4n],
      ],
      4,
    );
    expect(getNodeStats(r)).toEqual({ kernel: 1n, user: big, idle: 3n, iowait: 4n });
    expect(r.remaining).toBe(0);
  });

  it('read the count of an nparams-0 query', () => {
    const r = reply([], 4);
    expect(getNodeStatsCount(r)).toBe(4);
    expect(r.remaining).toBe(0);
  });
});
