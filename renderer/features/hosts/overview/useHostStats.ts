// The host's live CPU and memory while its page is shown and visible: the past 10 minutes from the main
// process at once (host.statsHistory), then each tick (`host.stats`). A hidden page unwatches, so the
// backend stops asking libvirt; a closing window or WebSocket releases the watch in the backend anyway.
import { useEffect, useState } from 'react';
import type { HostStatsSample } from '../../../../preload/contract';
import { useBridge } from '../../../app/context';
import { usePageVisible } from '../../vm-details/performance/useGuestStats';

const KEEP = 600;

export function useHostStats(connection: string): HostStatsSample[] {
  const bridge = useBridge();
  const visible = usePageVisible();
  const [samples, setSamples] = useState<HostStatsSample[]>([]);

  useEffect(() => {
    if (!visible) return;
    let gone = false;
    let watchId: string | undefined;
    const off = bridge.on('host.stats', (batch) => {
      if (batch.connection !== connection) return;
      const s = batch.sample;
      setSamples((prev) => {
        if (prev.length && prev[prev.length - 1].t >= s.t) return prev;
        const next = prev.length >= KEEP ? prev.slice(prev.length - KEEP + 1) : prev.slice();
        next.push(s);
        return next;
      });
    });
    void (async () => {
      const h = await bridge.call('host.statsHistory', { connection });
      if (!gone && h.ok)
        setSamples((live) => {
          const last = h.value.at(-1)?.t ?? 0;
          return [...h.value, ...live.filter((s) => s.t > last)].slice(-KEEP);
        });
      const w = await bridge.call('host.watchStats', { connection });
      if (!w.ok) return;
      if (gone) void bridge.call('host.unwatchStats', { id: w.value.id });
      else watchId = w.value.id;
    })();
    return () => {
      gone = true;
      off();
      if (watchId) void bridge.call('host.unwatchStats', { id: watchId });
    };
  }, [bridge, connection, visible]);

  return samples;
}
