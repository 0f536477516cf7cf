// Autostart on or off, applied at once. The switch shows what the guest list says (the service refetches
// the guest: libvirt sends no event for autostart), so it flips when libvirt has it, not when clicked.
import { Switch } from '@mantine/core';
import { useState } from 'react';
import type { VmSummary } from '../../../../preload/contract';
import { useBridge } from '../../../app/context';
import { showApiError } from '../../../app/errors';

export function AutostartSwitch({ vm }: { vm: VmSummary }) {
  const bridge = useBridge();
  const [busy, setBusy] = useState(false);
  const set = async (enabled: boolean) => {
    setBusy(true);
    const res = await bridge.call('vms.setAutostart', { connection: vm.connection, uuid: vm.uuid, enabled });
    setBusy(false);
    if (!res.ok)
      showApiError(bridge, res.error, {
        title: enabled
          ? `Could not make ${vm.name} start with the host`
          : `Could not turn off ${vm.name}'s autostart`,
      });
  };
  return (
    <Switch
      label="Start with the host"
      description={
        vm.persistent
          ? 'libvirt starts the guest when the host boots.'
          : 'A temporary (transient) guest cannot start with the host: make it permanent first.'
      }
      checked={!!vm.autostart}
      disabled={busy || !vm.persistent}
      onChange={(e) => void set(e.currentTarget.checked)}
      data-testid="overview-autostart"
    />
  );
}
