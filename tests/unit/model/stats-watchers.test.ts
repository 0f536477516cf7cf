import { describe, expect, it } from 'vitest';
import { StatsWatchers } from '../../../main/model/stats-watchers';

const C = 'qemu:///system';

describe('who watches which guests', () => {
  it('wants nothing, and no interval, without watches', () => {
    expect(new StatsWatchers().wanted(C)).toEqual({ uuids: new Set(), intervalMs: undefined });
  });

  it('joins the guests of every watch and takes the fastest interval', () => {
    const w = new StatsWatchers();
    w.add('win1', C, ['a', 'b'], 'list');
    expect(w.wanted(C).intervalMs).toBe(3000);
    const graph = w.add('win2', C, ['b', 'c'], 'graph');
    expect(w.wanted(C)).toEqual({ uuids: new Set(['a', 'b', 'c']), intervalMs: 1000 });
    w.remove(graph.id);
    expect(w.wanted(C)).toEqual({ uuids: new Set(['a', 'b']), intervalMs: 3000 });
  });

  it('keeps connections apart', () => {
    const w = new StatsWatchers();
    w.add('win1', 'qemu:///session', ['x'], 'graph');
    expect(w.wanted(C).intervalMs).toBeUndefined();
  });

  it('lets only the owner remove a watch, and releases all of a closed window’s at once', () => {
    const w = new StatsWatchers();
    const a = w.add('win1', C, ['a'], 'graph');
    w.add('win1', 'qemu:///session', ['b'], 'list');
    w.add('win2', C, ['c'], 'list');
    expect(w.remove(a.id, 'win2')).toBeUndefined();
    expect(w.release('win1')).toEqual(new Set([C, 'qemu:///session']));
    expect(w.size).toBe(1);
    expect(w.wanted(C)).toEqual({ uuids: new Set(['c']), intervalMs: 3000 });
    expect(w.remove('w999')).toBeUndefined();
  });
});
