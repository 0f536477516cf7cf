// The host page's stats over a stand-in client: no timer and no call without a watch, one CPU and one
// memory call per second once the field counts are known, the running guests' share from the guest
// stats service's own bulk call, history kept after the page goes, and a closed window's watch released.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Connections } from '../../../main/services/connections';
import { EventBus } from '../../../main/services/events';
import { StatsHub } from '../../../main/services/stats';
import type { HostStatsBatch } from '../../../preload/host';

const C = 'qemu:///system';
const S = 1_000_000_000n;

function setup(running = ['a']) {
  const calls: string[] = [];
  let busy = 0n;
  let idle = 0n;
  const guests = running.map((uuid) => ({ uuid, name: `kvmdesk-test-${uuid}`, state: 'running' }));
  let guestCpu = 0n;
  const client = {
    connected: true,
    nodeGetInfo: async () => ({ cpus: 2 }),
    domainSetMemoryStatsPeriod: vi.fn(async () => undefined),
    nodeGetCpuStats: async (_o: unknown, cpuNum: number, nparams?: number) => {
      calls.push(`cpu ${cpuNum} ${nparams ?? 'query'}`);
      busy += S / 2n; // 2 CPUs, 1 s: a quarter busy
      idle += (3n * S) / 2n;
      return { kernel: busy / 2n, user: busy / 2n, idle, iowait: 0n };
    },
    nodeGetMemoryStats: async (_o: unknown, cellNum: number, nparams?: number) => {
      calls.push(`mem ${cellNum} ${nparams ?? 'query'}`);
      return { total: 8_000_000n, free: 2_000_000n, buffers: 500_000n, cached: 1_500_000n };
    },
    domainListGetStats: async (doms: { uuid: string }[]) => {
      calls.push('guests');
      guestCpu += S / 5n; // 0.2 s of CPU per s: 10 % of 2 host CPUs
      return doms.map((d) => ({
        dom: { ...d, id: 1 },
        params: { 'state.state': 1, 'cpu.time': guestCpu, 'vcpu.current': 1 },
      }));
    },
  };
  const store = {
    get: (uuid: string) => guests.find((g) => g.uuid === uuid),
    list: () => guests,
  };
  const connections = {
    get: (id: string) => {
      if (id !== C) throw new Error('no such connection');
      return { client, store };
    },
  } as unknown as Connections;
  const events = new EventBus();
  const batches: HostStatsBatch[] = [];
  events.on('host.stats', (b) => batches.push(b));
  return { hub: new StatsHub(connections, events), calls, batches };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('host stats', () => {
  it('make no call and run no timer while no host page watches', async () => {
    const { hub, calls } = setup();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(hub.host.ticking(C)).toBe(false);
    expect(calls).toEqual([]);
  });

  it('sample each second: CPU %, memory, and the running guests’ share; one call per family per tick', async () => {
    const { hub, calls, batches } = setup();
    hub.host.watch('win1', C);
    await vi.advanceTimersByTimeAsync(3_150);
    expect(batches.length).toBe(4); // at 0.1, 1.1, 2.1, 3.1 s
    // the first tick learns the field counts; every later one passes them (one round trip each)
    expect(calls.filter((c) => c.startsWith('cpu'))).toEqual([
      'cpu -1 query',
      'cpu -1 4',
      'cpu -1 4',
      'cpu -1 4',
    ]);
    expect(calls.filter((c) => c.startsWith('mem'))[1]).toBe('mem -1 4');
    const last = batches.at(-1)!.sample;
    expect(batches[0].sample.cpuPercent).toBeUndefined(); // a rate needs two readings
    expect(last.cpuPercent).toBeCloseTo(25, 6);
    expect(last).toMatchObject({
      memoryTotalKiB: 8_000_000,
      memoryFreeKiB: 2_000_000,
      memoryUsedKiB: 4_000_000,
    });
    expect(last.runningGuests).toBe(1);
    expect(last.guestsCpuPercent).toBeCloseTo(10, 0);
    hub.close();
  });

  it('stop when the page unwatches (and the guests’ watch with it), keeping the history', async () => {
    const { hub, calls } = setup();
    const w = hub.host.watch('win1', C);
    await vi.advanceTimersByTimeAsync(2_150);
    hub.host.unwatch('win1', w.id);
    expect(hub.host.ticking(C)).toBe(false);
    expect(hub.ticking(C)).toBe(false); // the guest stats timer stopped too
    calls.length = 0;
    await vi.advanceTimersByTimeAsync(5_000);
    expect(calls).toEqual([]);
    expect(hub.host.history(C)).toHaveLength(3);
    hub.host.unwatch('win1', w.id); // twice is no error
  });

  it('release a closed window’s watch; another window’s watch keeps the timer', async () => {
    const { hub } = setup([]);
    hub.host.watch('win1', C);
    hub.host.watch('win2', C);
    hub.release('win1');
    expect(hub.host.ticking(C)).toBe(true);
    await vi.advanceTimersByTimeAsync(1_200);
    expect(hub.host.history(C).at(-1)?.guestsCpuPercent).toBe(0); // no running guest: a real zero
    hub.release('win2');
    expect(hub.host.ticking(C)).toBe(false);
  });

  it('refuse a connection KVM Desk does not have', () => {
    const { hub } = setup();
    expect(() => hub.host.watch('win1', 'qemu:///nowhere')).toThrow();
  });
});
