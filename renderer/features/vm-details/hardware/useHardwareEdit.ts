// One way for the Hardware tab's cards to send vms.edit: with the newest version it knows (the details'
// own, or the one the last edit answered, so two quick edits from the same details do not refuse each
// other), libvirt's refusal shown as an error, and a change saved only for the next start said so.
import { notifications } from '@mantine/notifications';
import { useRef } from 'react';
import type { EditOutcome, HardwareEdit, VmDetails } from '../../../../preload/contract';
import { useBridge } from '../../../app/context';
import { showApiError } from '../../../app/errors';

export function useHardwareEdit(details: VmDetails | undefined) {
  const bridge = useBridge();
  // the version the last edit made, and the details' version it was made from: while the details still
  // show that one (not read again yet), the next edit goes from the newer
  const last = useRef<{ from: string; version: string }>(undefined);
  return async (edit: HardwareEdit, failure: string): Promise<EditOutcome | undefined> => {
    if (!details) return undefined;
    const version = last.current?.from === details.version ? last.current.version : details.version;
    const r = await bridge.call('vms.edit', {
      connection: details.connection,
      uuid: details.uuid,
      version,
      edit,
    });
    if (!r.ok) {
      showApiError(bridge, r.error, { title: failure, connection: details.connection });
      return undefined;
    }
    last.current = { from: details.version, version: r.value.version };
    if (r.value.applied === 'nextStart')
      notifications.show({
        title: 'Saved for the next start',
        message: r.value.note ?? 'The running guest gets this change when it next starts.',
      });
    return r.value;
  };
}
