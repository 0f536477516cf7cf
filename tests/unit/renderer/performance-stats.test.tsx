// @vitest-environment jsdom
// The Performance tab's data over the fake bridge: the past at once (stats.history), then each tick;
// watched at 1 s only while the page is visible (hidden: unwatched, visible again: watched again);
// unwatched when the tab goes. And what the charts plot: gaps, never zeros, for what is not known.
import './dom';
import { act, renderHook, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import type { VmStatsSample } from '../../../preload/contract';
import { BridgeContext } from '../../../renderer/app/context';
import {
  CHARTS,
  chartColumns,
  formatValue,
} from '../../../renderer/features/vm-details/performance/chart-series';
import { useGuestStats } from '../../../renderer/features/vm-details/performance/useGuestStats';
import { FakeBridge, URI } from './fake-bridge';

const UUID = '00000000-0000-4000-8000-00000000aaaa';
const ref = { connection: URI, uuid: UUID };
const at = (t: number, extra: Partial<VmStatsSample> = {}): VmStatsSample => ({
  t,
  state: 'running',
  ...extra,
});

function setHidden(hidden: boolean) {
  Object.defineProperty(document, 'hidden', { configurable: true, get: () => hidden });
  document.dispatchEvent(new Event('visibilitychange'));
}
afterEach(() => setHidden(false));

function mount(bridge: FakeBridge) {
  const wrapper = ({ children }: { children: ReactNode }) => (
    <BridgeContext.Provider value={bridge}>{children}</BridgeContext.Provider>
  );
  return renderHook(() => useGuestStats(ref), { wrapper });
}

describe("the Performance tab's stats", () => {
  it('shows the history at once, then appends each tick for this guest only', async () => {
    const bridge = new FakeBridge()
      .handle('stats.history', () => [at(1000, { cpuPercent: 5 }), at(2000, { cpuPercent: 6 })])
      .handle('stats.watch', () => ({ id: 'w1' }));
    const { result } = mount(bridge);
    await waitFor(() => expect(result.current).toHaveLength(2));
    expect(bridge.callsOf('stats.watch')).toEqual([{ connection: URI, uuids: [UUID], interval: 'graph' }]);
    act(() => bridge.emit('vm.stats', { connection: URI, samples: { [UUID]: at(3000, { cpuPercent: 7 }) } }));
    act(() => bridge.emit('vm.stats', { connection: URI, samples: { other: at(4000) } }));
    act(() => bridge.emit('vm.stats', { connection: 'qemu:///session', samples: { [UUID]: at(5000) } }));
    expect(result.current.map((s) => s.t)).toEqual([1000, 2000, 3000]);
  });

  it('unwatches while the page is hidden and watches again when it is visible', async () => {
    let n = 0;
    const bridge = new FakeBridge()
      .handle('stats.history', () => [])
      .handle('stats.watch', () => ({ id: `w${++n}` }));
    const { unmount } = mount(bridge);
    await waitFor(() => expect(bridge.callsOf('stats.watch')).toHaveLength(1));
    act(() => setHidden(true));
    await waitFor(() => expect(bridge.callsOf('stats.unwatch')).toEqual([{ id: 'w1' }]));
    act(() => setHidden(false));
    await waitFor(() => expect(bridge.callsOf('stats.watch')).toHaveLength(2));
    unmount();
    await waitFor(() => expect(bridge.callsOf('stats.unwatch')).toEqual([{ id: 'w1' }, { id: 'w2' }]));
  });
});

describe('what the charts plot', () => {
  it('leaves gaps (null) for what is not known: a paused tick, an unreported use', () => {
    const memory = CHARTS.find((c) => c.id === 'memory')!;
    const cpu = CHARTS.find((c) => c.id === 'cpu')!;
    const samples = [at(1000, { cpuPercent: 50, assignedKiB: 1024 }), { t: 2000, state: 'paused' as const }];
    expect(chartColumns(cpu, samples)).toEqual([
      [1, 2],
      [50, null],
      [null, null],
    ]);
    expect(chartColumns(memory, samples)[1]).toEqual([1024 * 1024, null]);
  });

  it('speaks the chart’s unit', () => {
    expect(formatValue('percent', 97.4)).toBe('97 %');
    expect(formatValue('percent', 2.25)).toBe('2.3 %');
    expect(formatValue('bytes', 256 * 1024 * 1024)).toBe('256 MiB');
    expect(formatValue('bytesPerSecond', 1536)).toBe('1.5 KiB/s');
    expect(formatValue('bytesPerSecond', 1024)).toBe('1 KiB/s');
    expect(formatValue('bytesPerSecond', null)).toBe('–');
  });
});
