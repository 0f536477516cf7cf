// Live stats on real TCG guests (qemu:///system): a guest at GRUB's menu (which keeps its vCPU busy
// under TCG) and a paused one, watched at 1 s. The service's counters against `virsh domstats` taken
// right after the same tick, the busy guest's CPU % above 0 against the paused one reported as paused
// (no numbers), exactly one bulk call per tick whatever the number of guests, and none without
// watchers. Run under the guest lock.
import { unlink } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestNetwork,
  defineTestGuest,
  GRUB_ISO,
  removeTestGuest,
  type TestNetwork,
  virsh,
  waitFor,
} from '../../../e2e/browser/test-guests';
import type { TypedParams } from '../../../main/libvirt/facade';
import { DomainProc } from '../../../main/libvirt/protocol/domain';
import type { VmStatsBatch } from '../../../preload/stats';
import { startTestBackend, type TestBackend, URI } from './backend';

const BUSY = `kvmdesk-test-stats-busy-${process.pid}`;
const PAUSED = `kvmdesk-test-stats-paused-${process.pid}`;
const NET = `kvmdesk-test-stats-${process.pid}`;
let t: TestBackend;
let net: TestNetwork | undefined;
let busy: string;
let paused: string;
const disks: string[] = [];
/** every bulk-stats call the backend made: when, and what it answered */
const bulk: { at: number; reply?: { dom: { uuid: string }; params: TypedParams }[] }[] = [];

beforeAll(async () => {
  // an isolated network of the test's own (the host's default network is never started by tests)
  net = await createTestNetwork(NET);
  t = await startTestBackend();
  // counted as bench/edit-details.bench.ts does: the connection's one dispatcher
  const c = t.backend.ctx.connections.client(URI) as unknown as {
    call: (proc: number, ...rest: unknown[]) => Promise<unknown>;
  };
  const call = c.call.bind(c);
  c.call = (proc, ...rest) => {
    const p = call(proc, ...rest);
    if (proc === DomainProc.GET_ALL_DOMAIN_STATS) {
      const entry: (typeof bulk)[number] = { at: Date.now() };
      bulk.push(entry);
      p.then(
        (r) => {
          entry.reply = r as typeof entry.reply;
        },
        () => undefined,
      );
    }
    return p;
  };
  const a = await defineTestGuest(BUSY, { iso: GRUB_ISO, diskMiB: 16, network: NET, start: true });
  const b = await defineTestGuest(PAUSED, { iso: GRUB_ISO, diskMiB: 16, start: true });
  for (const g of [a, b]) if (g.disk) disks.push(g.disk);
  busy = a.uuid;
  paused = b.uuid;
  await virsh('suspend', PAUSED);
  await waitFor('both guests in the list as running and paused', () => {
    const s = t.backend.ctx.connections.get(URI).store;
    return s.get(busy)?.state === 'running' && s.get(paused)?.state === 'paused';
  });
  // GRUB's menu is up a few seconds after start under TCG
  await new Promise((r) => setTimeout(r, 4000));
}, 120_000);

afterAll(async () => {
  await removeTestGuest(BUSY);
  await removeTestGuest(PAUSED);
  for (const d of disks) await unlink(d).catch(() => undefined);
  await virsh('pool-refresh', 'default').catch(() => undefined);
  await net?.remove();
  await t?.stop();
});

const batches = (since: number) =>
  t.events.filter((e) => e.event === 'vm.stats' && e.at >= since).map((e) => e.payload as VmStatsBatch);

/** `virsh domstats` as name=value pairs */
async function domstats(name: string): Promise<Record<string, string>> {
  const out = await virsh('domstats', '--cpu-total', '--balloon', '--block', '--interface', '--vcpu', name);
  return Object.fromEntries(
    out
      .split('\n')
      .map((l) => l.trim().split('='))
      .filter((kv) => kv.length === 2),
  );
}

describe('live stats of running and paused guests', () => {
  it('makes no bulk call while nobody watches', async () => {
    const before = bulk.length;
    await new Promise((r) => setTimeout(r, 3500));
    expect(bulk.length).toBe(before);
    expect(t.backend.ctx.stats.ticking(URI)).toBe(false);
  });

  it('reports the GRUB guest busy and the paused one as paused, one bulk call per tick', async () => {
    const since = Date.now();
    const calls0 = bulk.length;
    const { id } = await t.ok('stats.watch', { connection: URI, uuids: [busy, paused], interval: 'graph' });
    await waitFor('five ticks', () => batches(since).length >= 5, 20_000);
    await t.ok('stats.unwatch', { id });
    const seen = batches(since);
    const calls = bulk.length - calls0;
    // exactly one call per tick (a tick under way at the unwatch may have called without emitting yet)
    expect(calls === seen.length || calls === seen.length + 1, `${calls} calls, ${seen.length} ticks`).toBe(
      true,
    );
    for (const e of bulk.slice(calls0)) expect(e.reply?.map((r) => r.dom.uuid)).toEqual([busy]);
    const last = seen.at(-1)!.samples;
    expect(last[paused]).toEqual({ t: expect.any(Number), state: 'paused' });
    const cpu = seen.map((b) => b.samples[busy].cpuPercent).filter((v) => v !== undefined);
    console.log(`GRUB guest CPU % per tick: ${cpu.map((v) => v.toFixed(1)).join(', ')}`);
    expect(cpu.length).toBeGreaterThanOrEqual(3);
    expect(Math.max(...cpu)).toBeGreaterThan(0);
    const s = last[busy];
    expect(s.state).toBe('running');
    expect(s.hostCpuPercent).toBeLessThanOrEqual(s.cpuPercent!);
    expect(s.assignedKiB).toBe(256 * 1024);
    expect(s.rssKiB).toBeGreaterThan(0);
    expect(s.usedNote).toMatch(/not reported/); // GRUB has no balloon driver
    expect(s.diskReadBps).toBeGreaterThanOrEqual(0);
    expect(s.netRxBps).toBeGreaterThanOrEqual(0);
    // the history has what was pushed, for a tab opened now
    const h = await t.ok('stats.history', { connection: URI, uuid: busy });
    expect(h.length).toBeGreaterThanOrEqual(seen.length);
    await new Promise((r) => setTimeout(r, 1500)); // the last tick's call ends
    const after = bulk.length;
    await new Promise((r) => setTimeout(r, 3500));
    expect(bulk.length, 'calls after the unwatch').toBe(after);
  }, 60_000);

  it('reads the same counters as virsh domstats within one tick', async () => {
    const since = Date.now();
    const { id } = await t.ok('stats.watch', { connection: URI, uuids: [busy], interval: 'graph' });
    await waitFor('a tick', () => batches(since).length >= 2, 20_000);
    const ours = bulk.at(-1)?.reply?.[0]?.params;
    const virshs = await domstats(BUSY);
    await t.ok('stats.unwatch', { id });
    expect(ours).toBeDefined();
    const p = ours!;
    const n = (k: string) => Number(virshs[k]);
    // cpu.time grows: virsh's (taken after) is ahead by at most a tick and a bit of one vCPU's time
    const cpuAhead = n('cpu.time') - Number(p['cpu.time']);
    expect(cpuAhead).toBeGreaterThanOrEqual(0);
    expect(cpuAhead).toBeLessThan(2.5e9);
    expect(Number(p['vcpu.current'])).toBe(n('vcpu.current'));
    expect(Number(p['block.count'])).toBe(n('block.count'));
    expect(Number(p['net.count'])).toBe(n('net.count'));
    expect(n('net.count')).toBe(1);
    for (let i = 0; i < n('block.count'); i++) {
      expect(p[`block.${i}.name`]).toBe(virshs[`block.${i}.name`]);
      // GRUB at its menu reads nothing more: the counters match
      expect(Number(p[`block.${i}.rd.bytes`])).toBe(n(`block.${i}.rd.bytes`));
      expect(Number(p[`block.${i}.wr.bytes`])).toBe(n(`block.${i}.wr.bytes`));
    }
    expect(Number(p['net.0.rx.bytes'])).toBeLessThanOrEqual(n('net.0.rx.bytes'));
    expect(Number(p['net.0.tx.bytes'])).toBeLessThanOrEqual(n('net.0.tx.bytes'));
    expect(Number(p['balloon.current'])).toBe(n('balloon.current'));
    // the balloon's stats period was set (LIVE) so a guest with the driver reports its use
    const live = await virsh('dumpxml', BUSY);
    expect(live).toMatch(/<stats period=['"]5['"]\s*\/>/);
  }, 60_000);
});
