// The selected guest's details (disks, NICs, firmware): read again whenever its summary changes,
// which happens only on an event for that guest.
import { useEffect, useState } from 'react';
import type { ApiError, VmDetails, VmSummary } from '../../../preload/contract';
import { useBridge } from '../../app/context';

export function useGuestDetails(vm: VmSummary): { details?: VmDetails; error?: ApiError } {
  const bridge = useBridge();
  const [result, setResult] = useState<{ for: VmSummary; details?: VmDetails; error?: ApiError } | null>(
    null,
  );
  useEffect(() => {
    let current = true;
    void bridge.call('vms.details', { connection: vm.connection, uuid: vm.uuid }).then((res) => {
      if (current) setResult(res.ok ? { for: vm, details: res.value } : { for: vm, error: res.error });
    });
    return () => {
      current = false;
    };
  }, [bridge, vm]);
  // keep showing the previous answer for the same guest while the new one is on its way
  if (!result || result.for.uuid !== vm.uuid || result.for.connection !== vm.connection) return {};
  return { details: result.details, error: result.error };
}
