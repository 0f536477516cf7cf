// A view's hook onto the window's address poller: the guest's addresses as known now, re-rendered
// when they change, and Refresh. A start or stop while shown re-subscribes: asked at once, or forgotten.
import { useCallback, useMemo, useSyncExternalStore } from 'react';
import type { VmSummary } from '../../../preload/contract';
import { useBridge } from '../../app/context';
import { type AddressView, pollerFor } from './address-poller';

/** only a running or paused guest has addresses (an off one: "off") */
export const hasAddresses = (vm: VmSummary) => vm.state === 'running' || vm.state === 'paused';

export function useGuestAddresses(vm: VmSummary): AddressView & { refresh: () => Promise<void> } {
  const poller = pollerFor(useBridge());
  const ref = useMemo(() => ({ connection: vm.connection, uuid: vm.uuid }), [vm.connection, vm.uuid]);
  const running = hasAddresses(vm);
  const subscribe = useCallback(
    (onChange: () => void) => poller.show(ref, running, onChange),
    [poller, ref, running],
  );
  const view = useSyncExternalStore(subscribe, () => poller.view(ref));
  return { ...view, refresh: () => poller.refresh(ref) };
}
