// "Force off X?": the action waits for this answer; Cancel, Escape or a click outside does nothing.
import { Button, Group, Modal, Text } from '@mantine/core';
import type { VmSummary } from '../../../preload/contract';
import { GUEST_ACTIONS, type GuestAction } from './actions';

export function ConfirmActionDialog(props: {
  pending: { action: GuestAction; vm: VmSummary } | null;
  onCancel: () => void;
  onConfirm: (action: GuestAction, vm: VmSummary) => void;
}) {
  const info = props.pending ? GUEST_ACTIONS[props.pending.action].confirm : undefined;
  return (
    <Modal
      opened={props.pending !== null}
      onClose={props.onCancel}
      title={info && props.pending ? `${info.title} “${props.pending.vm.name}”?` : ''}
      centered
      data-testid="confirm-dialog"
    >
      <Text size="sm">{info?.body}</Text>
      {props.pending?.action === 'forceOff' && !props.pending.vm.persistent && (
        <Text size="sm" mt="xs" data-testid="confirm-transient">
          This guest is transient: once it is off it is gone from the list. Use “Make permanent” first to keep
          it.
        </Text>
      )}
      <Group justify="flex-end" mt="lg">
        {/* focus starts on Cancel: Enter must not destroy anything by accident */}
        <Button variant="default" onClick={props.onCancel} data-testid="confirm-cancel" data-autofocus>
          Cancel
        </Button>
        <Button
          color="red"
          data-testid="confirm-ok"
          onClick={() => props.pending && props.onConfirm(props.pending.action, props.pending.vm)}
        >
          {info?.button}
        </Button>
      </Group>
    </Modal>
  );
}
