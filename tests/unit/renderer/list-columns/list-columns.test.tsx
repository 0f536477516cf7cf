// @vitest-environment jsdom
// The list's CPU and memory columns over the fake bridge: cells in words for paused and off guests,
// one watch for the running rows on screen, the header sorting, the column menu turning them off (and
// the watch with them), and a hidden page unwatching.
import '../dom';
import { act, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { VmStatsSample } from '../../../../preload/contract';
import { ListWatch } from '../../../../renderer/features/vm-list/columns/list-watch';
import { bridgeWith, FakeBridge, guest, URI } from '../fake-bridge';
import { renderApp } from '../render-app';

vi.mock('../../../../renderer/features/console/ConsolePane', () => ({
  ConsolePane: () => <div>console</div>,
}));
vi.mock('../../../../renderer/features/console/GuestThumbnail', () => ({ GuestThumbnail: () => <div /> }));

const at = (t: number, f: Partial<VmStatsSample> = {}): VmStatsSample => ({ t, state: 'running', ...f });

afterEach(() => localStorage.clear());

function setHidden(hidden: boolean) {
  Object.defineProperty(document, 'hidden', { configurable: true, get: () => hidden });
  document.dispatchEvent(new Event('visibilitychange'));
}

// each renders the whole app (Mantine in jsdom): seconds on a loaded machine
describe('the CPU and memory columns', { timeout: 20_000 }, () => {
  it('watch the running rows once, show numbers and sparklines, say paused/off, and sort by CPU', async () => {
    const busy = guest('busy', { state: 'running' });
    const quiet = guest('quiet', { state: 'running' });
    const paused = guest('sleepy', { state: 'paused' });
    const off = guest('stopped');
    let n = 0;
    const bridge = bridgeWith([busy, quiet, paused, off]).handle('stats.watch', () => ({ id: `w${++n}` }));
    const { user } = await renderApp(bridge, { waitForRow: 'busy' });

    await waitFor(() => expect(bridge.callsOf('stats.watch')).toHaveLength(1));
    expect(bridge.callsOf('stats.watch')[0]).toEqual({
      connection: URI,
      uuids: [busy.uuid, quiet.uuid].sort(),
      interval: 'list',
    });
    expect(screen.getByTestId('vm-sleepy-cpu')).toHaveTextContent('paused');
    expect(screen.getByTestId('vm-stopped-memory')).toHaveTextContent('off');

    const tick = (t: number, busyCpu: number, quietCpu: number) =>
      act(() =>
        bridge.emit('vm.stats', {
          connection: URI,
          samples: {
            [busy.uuid]: at(t, { cpuPercent: busyCpu, rssKiB: 200 * 1024, assignedKiB: 1024 * 1024 }),
            [quiet.uuid]: at(t, { cpuPercent: quietCpu, usedKiB: 300 * 1024, assignedKiB: 1024 * 1024 }),
          },
        }),
      );
    tick(3000, 95, 2);
    tick(6000, 97, 3);
    expect(screen.getByTestId('vm-busy-cpu')).toHaveTextContent('97 %');
    expect(screen.getByTestId('vm-quiet-cpu')).toHaveTextContent('3.0 %');
    expect(screen.getByTestId('vm-busy-memory')).toHaveTextContent('200 MiB host RSS');
    expect(screen.getByTestId('vm-quiet-memory')).toHaveTextContent('300 MiB used');
    expect(screen.getByTestId('vm-busy-cpu').querySelector('polyline')).not.toBeNull();

    const order = () =>
      screen.getAllByRole('option').map((r) => r.getAttribute('data-testid')?.slice('vm-'.length));
    expect(order()).toEqual(['busy', 'quiet', 'sleepy', 'stopped']);
    await user.click(screen.getByTestId('list-sort-cpu'));
    expect(screen.getByTestId('list-sort-cpu')).toHaveAttribute('data-sort', 'descending');
    expect(order()).toEqual(['busy', 'quiet', 'sleepy', 'stopped']);
    await user.click(screen.getByTestId('list-sort-cpu'));
    expect(order()).toEqual(['quiet', 'busy', 'sleepy', 'stopped']);
    await user.click(screen.getByTestId('list-sort-memory'));
    expect(order()).toEqual(['quiet', 'busy', 'sleepy', 'stopped']);
    // still one watch: the same rows are on screen in another order
    expect(bridge.callsOf('stats.watch')).toHaveLength(1);
  });

  it('the column menu turns them off (the watch goes), remembered for the next page', async () => {
    const web = guest('web', { state: 'running' });
    const bridge = bridgeWith([web]).handle('stats.watch', () => ({ id: 'w1' }));
    const { user, unmount } = await renderApp(bridge, { waitForRow: 'web' });
    await waitFor(() => expect(bridge.callsOf('stats.watch')).toHaveLength(1));

    await user.click(screen.getByTestId('list-columns-menu'));
    await user.click(await screen.findByTestId('list-column-cpu'));
    expect(screen.queryByTestId('vm-web-cpu')).toBeNull();
    expect(screen.getByTestId('vm-web-memory')).toBeInTheDocument();
    await user.click(screen.getByTestId('list-column-memory'));
    expect(screen.queryByTestId('vm-web-memory')).toBeNull();
    await waitFor(() => expect(bridge.callsOf('stats.unwatch')).toEqual([{ id: 'w1' }]));
    expect(JSON.parse(localStorage.getItem('kvmdesk.guestList.columns') ?? '')).toEqual([]);
    unmount();

    const again = bridgeWith([web]).handle('stats.watch', () => ({ id: 'w2' }));
    await renderApp(again, { waitForRow: 'web' });
    expect(screen.queryByTestId('vm-web-cpu')).toBeNull();
    expect(screen.queryByTestId('list-sort-cpu')).toBeNull();
    expect(again.callsOf('stats.watch')).toHaveLength(0);
  });

  it('a hidden page unwatches and watches again when shown', async () => {
    const web = guest('web', { state: 'running' });
    let n = 0;
    const bridge = bridgeWith([web]).handle('stats.watch', () => ({ id: `w${++n}` }));
    await renderApp(bridge, { waitForRow: 'web' });
    await waitFor(() => expect(bridge.callsOf('stats.watch')).toHaveLength(1));
    act(() => setHidden(true));
    await waitFor(() => expect(bridge.callsOf('stats.unwatch')).toEqual([{ id: 'w1' }]));
    act(() => setHidden(false));
    await waitFor(() => expect(bridge.callsOf('stats.watch')).toHaveLength(2));
  });
});

describe('the one list watch', () => {
  it('is replaced (new first, then the old one goes); a change during a call waits for it', async () => {
    let n = 0;
    const bridge = new FakeBridge().handle('stats.watch', () => ({ id: `w${++n}` }));
    const w = new ListWatch(bridge);
    const first = w.set(new Map([[URI, ['a']]]));
    void w.set(new Map([[URI, ['b']]]));
    await first;
    await w.set(new Map([[URI, ['c']]]));
    await w.set(new Map([[URI, ['c']]]));
    expect(bridge.calls.map((c) => [c.method, c.args])).toEqual([
      ['stats.watch', { connection: URI, uuids: ['a'], interval: 'list' }],
      ['stats.watch', { connection: URI, uuids: ['b'], interval: 'list' }],
      ['stats.unwatch', { id: 'w1' }],
      ['stats.watch', { connection: URI, uuids: ['c'], interval: 'list' }],
      ['stats.unwatch', { id: 'w2' }],
    ]);
    await w.close();
    expect(bridge.callsOf('stats.unwatch').at(-1)).toEqual({ id: 'w3' });
    expect(w.ids).toEqual([]);
  });
});
