// The connection's networks, read once and again on each `networks.changed` (libvirt's lifecycle event)
// and on guests' changes (who uses a network); the lease table's watch, held only while it is shown
// and the page is visible, like the Performance tab's stats.
import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import type { ApiError, NetworkInfo, NetworkLease } from '../../../../preload/contract';
import { useBridge } from '../../../app/context';

export function useNetworks(connection: string) {
  const bridge = useBridge();
  const [list, setList] = useState<NetworkInfo[]>();
  const [error, setError] = useState<ApiError>();
  const reload = useCallback(async () => {
    const r = await bridge.call('networks.list', { connection, withGuests: true });
    if (r.ok) {
      setList(r.value);
      setError(undefined);
    } else setError(r.error);
  }, [bridge, connection]);
  useEffect(() => {
    void reload();
    let timer: ReturnType<typeof setTimeout> | undefined;
    // a burst (guests starting, a script) reads once
    const soon = () => {
      clearTimeout(timer);
      timer = setTimeout(() => void reload(), 150);
    };
    const offs = [
      bridge.on('networks.changed', (e) => e.connection === connection && soon()),
      bridge.on('vm.lifecycle', (e) => e.connection === connection && soon()),
      bridge.on('vm.removed', (e) => e.connection === connection && soon()),
    ];
    return () => {
      clearTimeout(timer);
      for (const off of offs) off();
    };
  }, [bridge, connection, reload]);
  return { list, error, reload };
}

function subscribeVisibility(onChange: () => void) {
  document.addEventListener('visibilitychange', onChange);
  return () => document.removeEventListener('visibilitychange', onChange);
}

export function useLeases(connection: string, name: string | undefined, active: boolean) {
  const bridge = useBridge();
  const visible = useSyncExternalStore(subscribeVisibility, () => !document.hidden);
  const [leases, setLeases] = useState<NetworkLease[]>();
  const [error, setError] = useState<ApiError>();
  useEffect(() => {
    setLeases(undefined);
    setError(undefined);
    if (!name || !active || !visible) return;
    let id: string | undefined;
    let gone = false;
    const off = bridge.on('networks.leases', (e) => {
      if (e.connection === connection && e.name === name) setLeases(e.leases);
    });
    void bridge.call('networks.watchLeases', { connection, name }).then((r) => {
      if (!r.ok) return setError(r.error);
      if (gone) void bridge.call('networks.unwatchLeases', { id: r.value.id });
      else {
        id = r.value.id;
        setLeases(r.value.leases);
      }
    });
    return () => {
      gone = true;
      off();
      if (id) void bridge.call('networks.unwatchLeases', { id });
    };
  }, [bridge, connection, name, active, visible]);
  return { leases, error };
}
