// A guest's live stats while its Performance tab is shown and the page is visible: the past 10
// minutes from the main process at once (stats.history), then each tick's sample (`vm.stats`). A
// hidden page (minimised window, another browser tab) unwatches, so the backend stops asking libvirt;
// the window or WebSocket closing releases the watch in the backend even without this unwatch.
import { useEffect, useState, useSyncExternalStore } from 'react';
import type { StatsInterval, VmRef, VmStatsSample } from '../../../../preload/contract';
import { useBridge } from '../../../app/context';

/** as many as the backend keeps: 10 minutes at 1 s */
const KEEP = 600;

function subscribeVisibility(onChange: () => void): () => void {
  document.addEventListener('visibilitychange', onChange);
  return () => document.removeEventListener('visibilitychange', onChange);
}

export function usePageVisible(): boolean {
  return useSyncExternalStore(subscribeVisibility, () => !document.hidden);
}

export function useGuestStats(vm: VmRef, interval: StatsInterval = 'graph'): VmStatsSample[] {
  const bridge = useBridge();
  const visible = usePageVisible();
  const [samples, setSamples] = useState<VmStatsSample[]>([]);
  const { connection, uuid } = vm;

  useEffect(() => {
    if (!visible) return;
    let gone = false;
    let watchId: string | undefined;
    const off = bridge.on('vm.stats', (batch) => {
      const s = batch.connection === connection ? batch.samples[uuid] : undefined;
      if (!s) return;
      setSamples((prev) => {
        if (prev.length && prev[prev.length - 1].t >= s.t) return prev;
        const next = prev.length >= KEEP ? prev.slice(prev.length - KEEP + 1) : prev.slice();
        next.push(s);
        return next;
      });
    });
    void (async () => {
      const h = await bridge.call('stats.history', { connection, uuid });
      if (!gone && h.ok)
        setSamples((live) => {
          // ticks that arrived while the history travelled come after it
          const last = h.value.at(-1)?.t ?? 0;
          return [...h.value, ...live.filter((s) => s.t > last)].slice(-KEEP);
        });
      const w = await bridge.call('stats.watch', { connection, uuids: [uuid], interval });
      if (!w.ok) return;
      if (gone) void bridge.call('stats.unwatch', { id: w.value.id });
      else watchId = w.value.id;
    })();
    return () => {
      gone = true;
      off();
      if (watchId) void bridge.call('stats.unwatch', { id: watchId });
    };
  }, [bridge, connection, uuid, interval, visible]);

  return samples;
}
