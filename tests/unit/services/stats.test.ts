// The stats service's bookkeeping, over a stand-in client: no timer without watchers, one bulk call
// per tick whatever the number of guests, the fastest watch's interval, and watches that go away.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Connections } from '../../../main/services/connections';
import { EventBus } from '../../../main/services/events';
import { StatsHub } from '../../../main/services/stats';
import type { VmStatsBatch } from '../../../preload/stats';

const C = 'qemu:///system';
const guests: Record<string, { name: string; state: string }> = {
  a: { name: 'kvmdesk-test-a', state: 'running' },
  b: { name: 'kvmdesk-test-b', state: 'running' },
  p: { name: 'kvmdesk-test-p', state: 'paused' },
};

function setup() {
  const calls: string[][] = [];
  let cpu = 0n;
  const client = {
    connected: true,
    nodeGetInfo: async () => ({ cpus: 4 }),
    domainSetMemoryStatsPeriod: vi.fn(async () => undefined),
    domainListGetStats: async (doms: { uuid: string }[]) => {
      calls.push(doms.map((d) => d.uuid));
      cpu += 500_000_000n;
      return doms.map((d) => ({
        dom: { ...d, name: guests[d.uuid].name, id: 1 },
        params: { 'state.state': 1, 'cpu.time': cpu, 'vcpu.current': 1 },
      }));
    },
  };
  const store = { get: (uuid: string) => (guests[uuid] ? { uuid, ...guests[uuid] } : undefined) };
  const connections = {
    get: (id: string) => {
      if (id !== C) throw new Error('no such connection');
      return { client, store };
    },
  } as unknown as Connections;
  const events = new EventBus();
  const batches: VmStatsBatch[] = [];
  events.on('vm.stats', (b) => batches.push(b));
  return { hub: new StatsHub(connections, events), calls, batches, client };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('the stats service', () => {
  it('has no timer and makes no call without watchers', async () => {
    const { hub, calls } = setup();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(hub.ticking(C)).toBe(false);
    expect(calls).toEqual([]);
  });

  it('asks once per tick for exactly the running watched guests; the paused one says paused', async () => {
    const { hub, calls, batches } = setup();
    hub.watch('win1', { connection: C, uuids: ['a', 'p'], interval: 'graph' });
    hub.watch('win2', { connection: C, uuids: ['b', 'a'], interval: 'graph' });
    await vi.advanceTimersByTimeAsync(3_050);
    expect(calls.length).toBeGreaterThanOrEqual(3);
    expect(calls.length).toBeLessThanOrEqual(4);
    for (const c of calls) expect(c.sort()).toEqual(['a', 'b']);
    expect(batches).toHaveLength(calls.length); // one event per tick
    const last = batches.at(-1)?.samples ?? {};
    expect(Object.keys(last).sort()).toEqual(['a', 'b', 'p']);
    expect(last.p).toEqual({ t: expect.any(Number), state: 'paused' });
    expect(last.a.state).toBe('running');
    expect(last.a.cpuPercent).toBeGreaterThan(0);
    hub.close();
  });

  it('ticks at 3 s for the list, at 1 s once a graph watches too, and stops when all unwatch', async () => {
    const { hub, calls } = setup();
    const list = hub.watch('win1', { connection: C, uuids: ['a'], interval: 'list' });
    await vi.advanceTimersByTimeAsync(6_200);
    expect(calls).toHaveLength(3); // at 0.1 s, 3.1 s, 6.1 s
    const graph = hub.watch('win1', { connection: C, uuids: ['a'], interval: 'graph' });
    calls.length = 0;
    await vi.advanceTimersByTimeAsync(5_000);
    expect(calls.length).toBeGreaterThanOrEqual(4);
    hub.unwatch('win1', graph.id);
    hub.unwatch('win1', list.id);
    calls.length = 0;
    await vi.advanceTimersByTimeAsync(10_000);
    expect(calls).toEqual([]);
    expect(hub.ticking(C)).toBe(false);
  });

  it('releases a closed window’s watches; another owner cannot unwatch them', async () => {
    const { hub, calls } = setup();
    const w = hub.watch('ws1', { connection: C, uuids: ['a'], interval: 'graph' });
    hub.unwatch('ws2', w.id);
    expect(hub.ticking(C)).toBe(true);
    hub.release('ws1');
    expect(hub.ticking(C)).toBe(false);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(calls).toEqual([]);
  });

  it('keeps the history of the last minutes for a tab opened later', async () => {
    const { hub } = setup();
    const w = hub.watch('win1', { connection: C, uuids: ['a'], interval: 'graph' });
    await vi.advanceTimersByTimeAsync(5_050);
    hub.unwatch('win1', w.id);
    const h = hub.history(C, 'a');
    expect(h.length).toBeGreaterThanOrEqual(5);
    expect(h.map((s) => s.t)).toEqual([...h.map((s) => s.t)].sort((x, y) => x - y));
    expect(hub.history(C, 'b')).toEqual([]);
  });

  it('sets the balloon stats period once on a running guest that does not report yet', async () => {
    const { hub, client } = setup();
    hub.watch('win1', { connection: C, uuids: ['a'], interval: 'graph' });
    await vi.advanceTimersByTimeAsync(3_050);
    expect(client.domainSetMemoryStatsPeriod).toHaveBeenCalledTimes(1);
    expect(client.domainSetMemoryStatsPeriod).toHaveBeenCalledWith(
      expect.objectContaining({ uuid: 'a' }),
      5,
      1,
    );
    hub.close();
  });
});
