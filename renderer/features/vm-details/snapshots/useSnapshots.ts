// The guest's snapshot list, read when the tab opens and again whenever it may have changed: a snapshot
// job ended ('vm.snapshots', from any window), or libvirt reported a lifecycle event for the guest (a
// revert from virsh comes with detail 'from_snapshot'; a start or stop changes the mechanism line).
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiError, SnapshotList, VmRef } from '../../../../preload/contract';
import { useBridge } from '../../../app/context';

export function useSnapshots(vm: VmRef) {
  const bridge = useBridge();
  const [list, setList] = useState<SnapshotList>();
  const [error, setError] = useState<ApiError>();
  // answers can arrive out of order: only the newest request's answer is shown
  const asked = useRef(0);
  const { connection, uuid } = vm;

  const reload = useCallback(async () => {
    const n = ++asked.current;
    const r = await bridge.call('snapshots.list', { connection, uuid });
    if (n !== asked.current) return;
    if (r.ok) {
      setList(r.value);
      setError(undefined);
    } else setError(r.error);
  }, [bridge, connection, uuid]);

  useEffect(() => {
    void reload();
    const mine = (e: VmRef) => e.connection === connection && e.uuid === uuid;
    const offSnapshots = bridge.on('vm.snapshots', (e) => mine(e) && void reload());
    const offLifecycle = bridge.on('vm.lifecycle', (e) => mine(e) && void reload());
    return () => {
      offSnapshots();
      offLifecycle();
    };
  }, [bridge, connection, uuid, reload]);

  return { list, error, reload };
}
