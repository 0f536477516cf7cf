// Runs a guest action: straight away, or after its confirmation dialog (force off, force reset,
// delete). The call's reply is not used to update the list: the event that follows does that.
import { useCallback, useState } from 'react';
import type { VmRef, VmSummary } from '../../../preload/contract';
import { useBridge, useGuestStore } from '../../app/context';
import { callOrNotify } from '../../app/errors';
import { CloneGuestDialog } from '../clone/CloneGuestDialog';
import { GUEST_ACTIONS, type GuestAction } from './actions';
import { guestAllowances, isConnected } from './allowed';
import { ConfirmActionDialog } from './ConfirmActionDialog';
import { DeleteGuestDialog } from './DeleteGuestDialog';

/** `onCloned`: the new guest of a finished clone, to select it */
export function useGuestActions(onCloned: (vm: VmRef) => void = () => {}) {
  const bridge = useBridge();
  const store = useGuestStore();
  const [confirming, setConfirming] = useState<{ action: GuestAction; vm: VmSummary } | null>(null);
  const [deleting, setDeleting] = useState<VmSummary | null>(null);
  const [cloning, setCloning] = useState<VmSummary | null>(null);

  const run = useCallback(
    async (action: GuestAction, vm: VmSummary) => {
      const ref = { connection: vm.connection, uuid: vm.uuid };
      const context = {
        title: `Could not ${GUEST_ACTIONS[action].verb} “${vm.name}”`,
        connection: vm.connection,
      };
      if (action === 'console') {
        const res = await callOrNotify(bridge, 'console.openWindow', ref, context);
        // the browser shell answers with a URL; one named window per guest, so a second open focuses it
        if (res?.value.url) window.open(res.value.url, `kvmdesk-console-${vm.uuid}`);
        return;
      }
      const method = GUEST_ACTIONS[action].method;
      if (method) await callOrNotify(bridge, method as 'vms.start', ref, context);
    },
    [bridge],
  );

  const request = useCallback(
    (action: GuestAction, vm: VmSummary) => {
      const info = GUEST_ACTIONS[action];
      // the same rule as the buttons: a shortcut does nothing where a button would be disabled
      if (!guestAllowances(vm, isConnected(store.getState(), vm))[action].enabled) return;
      if (action === 'delete') setDeleting(vm);
      else if (action === 'clone') setCloning(vm);
      else if (info.confirm) setConfirming({ action, vm });
      else void run(action, vm);
    },
    [run, store],
  );

  const dialogs = (
    <>
      <ConfirmActionDialog
        pending={confirming}
        onCancel={() => setConfirming(null)}
        onConfirm={(action, vm) => {
          setConfirming(null);
          void run(action, vm);
        }}
      />
      <DeleteGuestDialog vm={deleting} onClose={() => setDeleting(null)} />
      <CloneGuestDialog vm={cloning} onClose={() => setCloning(null)} onCloned={onCloned} />
    </>
  );

  return { request, dialogs, dialogOpen: confirming !== null || deleting !== null || cloning !== null };
}
