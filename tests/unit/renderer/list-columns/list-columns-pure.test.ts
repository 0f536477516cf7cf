// The list columns' pure parts: the sort comparator, the sparkline's points, the visible-range-to-watch
// plan, the column toggles and what is remembered, and adding a tick's samples.
import { describe, expect, it } from 'vitest';
import type { VmStatsSample } from '../../../../preload/contract';
import {
  loadColumns,
  saveColumns,
  toggleColumn,
} from '../../../../renderer/features/vm-list/columns/list-columns';
import { planKey, watchPlan } from '../../../../renderer/features/vm-list/columns/list-watch';
import {
  compareBy,
  NAME_SORT,
  nextSort,
  sortGuests,
} from '../../../../renderer/features/vm-list/columns/sort';
import { sparklinePoints } from '../../../../renderer/features/vm-list/columns/sparkline';
import { memoryOf } from '../../../../renderer/features/vm-list/columns/stats-state';
import { addBatch } from '../../../../renderer/features/vm-list/columns/useGuestColumns';
import { guest, URI } from '../fake-bridge';

const at = (t: number, f: Partial<VmStatsSample> = {}): VmStatsSample => ({ t, state: 'running', ...f });

describe('sorting the list by a number column', () => {
  const busy = guest('busy', { state: 'running' });
  const idle = guest('idle', { state: 'running' });
  const alsoIdle = guest('also-idle', { state: 'running' });
  const paused = guest('paused', { state: 'paused' });
  const off = guest('off');
  const cpu: Record<string, number | undefined> = { busy: 97, idle: 1, 'also-idle': 1 };
  const key = (vm: { name: string }) => cpu[vm.name];

  it('puts the busiest first descending, ties by name, guests without a number last either way', () => {
    const all = [off, paused, idle, busy, alsoIdle];
    expect([...all].sort(compareBy(key, 'desc')).map((g) => g.name)).toEqual([
      'busy',
      'also-idle',
      'idle',
      'off',
      'paused',
    ]);
    expect([...all].sort(compareBy(key, 'asc')).map((g) => g.name)).toEqual([
      'also-idle',
      'idle',
      'busy',
      'off',
      'paused',
    ]);
  });

  it('a header click starts a number column descending, the next click flips it; Guest goes back to names', () => {
    const cpuDesc = nextSort(NAME_SORT, 'cpu');
    expect(cpuDesc).toEqual({ by: 'cpu', dir: 'desc' });
    expect(nextSort(cpuDesc, 'cpu')).toEqual({ by: 'cpu', dir: 'asc' });
    expect(nextSort(cpuDesc, 'memory')).toEqual({ by: 'memory', dir: 'desc' });
    expect(nextSort(cpuDesc, 'name')).toEqual(NAME_SORT);
    expect(nextSort(NAME_SORT, 'name')).toEqual({ by: 'name', dir: 'desc' });
  });

  it('keeps the name order as given and reverses it for a descending name sort', () => {
    const byName = [alsoIdle, busy, idle];
    expect(sortGuests(byName, NAME_SORT)).toBe(byName);
    expect(sortGuests(byName, { by: 'name', dir: 'desc' }).map((g) => g.name)).toEqual([
      'idle',
      'busy',
      'also-idle',
    ]);
  });
});

describe('a sparkline', () => {
  const box = { width: 20, height: 11, capacity: 3, max: 100 };

  it('grows in from the right, scaled to the top value, clamped', () => {
    expect(sparklinePoints([0, 100], box)).toEqual(['10,10.5 20,0.5']);
    expect(sparklinePoints([50, 150, -5], box)).toEqual(['0,5.5 10,0.5 20,10.5']);
  });

  it('keeps only the last `capacity` samples and breaks the line where a sample has no number', () => {
    expect(sparklinePoints([1, 2, 100, undefined, 0], box)).toEqual(['0,0.5', '20,10.5']);
    expect(sparklinePoints([], box)).toEqual([]);
  });
});

describe('what the list watches', () => {
  const a = guest('a', { state: 'running' });
  const b = guest('b', { state: 'paused' });
  const c = guest('c', { state: 'blocked' });
  const d = guest('d', { state: 'running', connection: 'qemu:///session' });

  it('the running guests among the rows on screen, one uuid list per connection', () => {
    const plan = watchPlan([c, b, a, d], { columnsOn: true, pageVisible: true });
    expect(plan).toEqual(
      new Map([
        [URI, [a.uuid, c.uuid].sort()],
        ['qemu:///session', [d.uuid]],
      ]),
    );
    // the same rows in another order are the same watch
    expect(planKey(watchPlan([a, c, d], { columnsOn: true, pageVisible: true }))).toBe(planKey(plan));
  });

  it('nothing while the page is hidden or the stats columns are off', () => {
    expect(watchPlan([a, c], { columnsOn: true, pageVisible: false }).size).toBe(0);
    expect(watchPlan([a, c], { columnsOn: false, pageVisible: true }).size).toBe(0);
    expect(planKey(new Map())).toBe('');
  });
});

describe('the column choice', () => {
  it('toggles in table order and is remembered; unknown or broken stored values fall back', () => {
    const store = new Map<string, string>();
    const storage = {
      getItem: (k: string) => store.get(k) ?? null,
      setItem: (k: string, v: string) => store.set(k, v),
    };
    expect(loadColumns(storage)).toEqual(['cpu', 'memory']); // the IP address is off by default
    const off = toggleColumn(['cpu', 'memory', 'ip'], 'cpu');
    expect(off).toEqual(['memory', 'ip']);
    expect(toggleColumn(off, 'cpu')).toEqual(['cpu', 'memory', 'ip']);
    saveColumns(['memory'], storage);
    expect(loadColumns(storage)).toEqual(['memory']);
    store.set('kvmdesk.guestList.columns', '["memory","gone"]');
    expect(loadColumns(storage)).toEqual(['memory']);
    store.set('kvmdesk.guestList.columns', '{not json');
    expect(loadColumns(storage)).toEqual(['cpu', 'memory']);
  });
});

describe("a row's samples", () => {
  const key = `${URI}\nu1`;
  const watched = new Set([key]);

  it('adds watched guests only, at the list pace (a 1 s Performance tab does not crowd the line)', () => {
    let s = addBatch({}, { connection: URI, samples: { u1: at(0), u2: at(0) } }, watched);
    expect(Object.keys(s)).toEqual([key]);
    s = addBatch(s, { connection: URI, samples: { u1: at(1000) } }, watched);
    expect(s[key]).toHaveLength(1);
    s = addBatch(s, { connection: URI, samples: { u1: at(3000) } }, watched);
    expect(s[key].map((x) => x.t)).toEqual([0, 3000]);
    // a long gap (stopped, hidden) starts afresh
    s = addBatch(s, { connection: URI, samples: { u1: at(60_000) } }, watched);
    expect(s[key].map((x) => x.t)).toEqual([60_000]);
  });

  it('keeps the last 20 and leaves the object alone when nothing changed', () => {
    let s = {};
    for (let i = 0; i < 25; i++) s = addBatch(s, { connection: URI, samples: { u1: at(i * 3000) } }, watched);
    expect((s as Record<string, VmStatsSample[]>)[key]).toHaveLength(20);
    expect(addBatch(s, { connection: URI, samples: { other: at(0) } }, watched)).toBe(s);
  });

  it('memory: used by the guest when reported, else host RSS, labelled', () => {
    expect(memoryOf(at(0, { usedKiB: 100, rssKiB: 300 }))).toEqual({ kib: 100, label: 'used' });
    expect(memoryOf(at(0, { rssKiB: 300 }))).toEqual({ kib: 300, label: 'host RSS' });
    expect(memoryOf(at(0, { state: 'paused', rssKiB: 300 }))).toBeUndefined();
  });
});
