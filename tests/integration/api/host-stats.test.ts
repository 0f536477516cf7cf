// The host page's numbers on qemu:///system against virsh: node info and versions, the raw CPU and
// memory counters (nodecpustats, nodememstats), the live CPU % beside `virsh nodecpustats --percent`
// over the same seconds, and the sampler stopping when the page unwatches. No guest needed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { virsh } from '../../../e2e/browser/test-guests';
import { startTestBackend, type TestBackend, URI } from './backend';

let t: TestBackend;
beforeAll(async () => {
  t = await startTestBackend();
});
afterAll(async () => {
  await t?.stop();
});

/** "user:  31195330000000" lines -> { user: 31195330000000n } */
function fields(text: string, unit = ''): Record<string, bigint> {
  const out: Record<string, bigint> = {};
  for (const m of text.matchAll(new RegExp(`^(\\w+)\\s*:\\s+(\\d+)${unit}`, 'gm'))) out[m[1]] = BigInt(m[2]);
  return out;
}

describe('the host page against virsh', () => {
  it('names the host, its CPUs and the versions as virsh does', async () => {
    const info = await t.ok('host.info', { connection: URI });
    const node = await virsh('nodeinfo');
    expect(info.cpus).toBe(Number(/CPU\(s\):\s+(\d+)/.exec(node)?.[1]));
    expect(info.arch).toBe(/CPU model:\s+(\S+)/.exec(node)?.[1]);
    expect(info.hostname).toBe(await virsh('hostname'));
    const version = await virsh('version');
    expect(version).toContain(`Using library: libvirt ${info.libvirtVersion}`);
    expect(version).toContain(`Running hypervisor: QEMU ${info.hypervisorVersion}`);
    const caps = await virsh('capabilities');
    expect(info.cpuModel).toBe(/<host>[\s\S]*?<cpu>[\s\S]*?<model>([^<]+)<\/model>/.exec(caps)?.[1]);
    expect(info.status.kvmUsable).toBe((await t.ok('host.status', { connection: URI })).kvmUsable);
  });

  it('reads the same CPU and memory counters as nodecpustats and nodememstats', async () => {
    const c = t.backend.ctx.connections.client(URI);
    const before = await c.nodeGetCpuStats();
    const v = fields(await virsh('nodecpustats'));
    const after = await c.nodeGetCpuStats(undefined, -1, 4);
    // virsh calls kernel time "system"; virsh's reading lies between ours
    for (const [ours, theirs] of [
      ['kernel', 'system'],
      ['user', 'user'],
      ['idle', 'idle'],
    ] as const) {
      expect(v[theirs]).toBeGreaterThanOrEqual(before[ours]);
      expect(v[theirs]).toBeLessThanOrEqual(after[ours]);
    }
    const mem = await c.nodeGetMemoryStats();
    const vm = fields(await virsh('nodememstats'), ' KiB');
    expect(mem.total).toBe(vm.total);
    expect(Math.abs(Number(mem.free - vm.free))).toBeLessThan(Number(vm.total) / 20);
  });

  it('samples CPU % each second while watched, near virsh --percent, and stops when unwatched', async () => {
    const since = Date.now();
    const w = await t.ok('host.watchStats', { connection: URI });
    const [percent] = await Promise.all([
      virsh('nodecpustats', '--percent'), // a 1 s measurement of its own
      t.waitEvent('host.stats', (b) => b.sample.cpuPercent !== undefined, { since, timeoutMs: 5_000 }),
    ]);
    const usage = Number(/usage:\s+([\d.]+)%/.exec(percent)?.[1]);
    const samples = (await t.ok('host.statsHistory', { connection: URI })).filter(
      (s) => s.cpuPercent !== undefined,
    );
    const ours = samples.at(-1)!;
    console.log(
      `host CPU: ours ${ours.cpuPercent?.toFixed(1)} %, virsh ${usage} % (other guests load the host)`,
    );
    // other helpers' guests load this host and move between seconds: the same order, not the same digit
    expect(Math.abs(ours.cpuPercent! - usage)).toBeLessThan(35);
    expect(ours.memoryTotalKiB).toBeGreaterThan(0);
    expect(ours.memoryUsedKiB! + ours.memoryCacheKiB! + ours.memoryFreeKiB!).toBe(ours.memoryTotalKiB);
    expect(ours.runningGuests).toBeGreaterThanOrEqual(0);
    await t.ok('host.unwatchStats', { id: w.id });
    expect(t.backend.ctx.stats.host.ticking(URI)).toBe(false);
  });
});
