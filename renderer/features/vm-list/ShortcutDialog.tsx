// "Create desktop shortcut…" (the guest menu and the details header): a .desktop file that opens the
// guest's console in KVM Desk, in the applications menu and, when asked, on the Desktop. The desktop
// app's alone: the browser shell shows the entry disabled with the reason (SHORTCUT_UNAVAILABLE).
import { Button, Checkbox, Code, Group, Modal, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import type { VmSummary } from '../../../preload/contract';
import { useBridge } from '../../app/context';
import { callOrNotify } from '../../app/errors';

export const SHORTCUT_UNAVAILABLE =
  'Desktop shortcuts belong to the desktop app: they run the kvm-desk command.';

export function ShortcutDialog(props: { vm?: VmSummary; onClose: () => void }) {
  const bridge = useBridge();
  const [desktop, setDesktop] = useState(true);
  const [busy, setBusy] = useState(false);
  const { vm } = props;

  const create = async () => {
    if (!vm) return;
    setBusy(true);
    const res = await callOrNotify(
      bridge,
      'vms.createShortcut',
      { connection: vm.connection, uuid: vm.uuid, desktop },
      { title: `Could not create a shortcut for ${vm.name}`, connection: vm.connection },
    );
    setBusy(false);
    if (!res) return;
    notifications.show({
      color: 'green',
      title: 'Shortcut created',
      message: (
        <Stack gap={2} data-testid="shortcut-created">
          {res.value.paths.map((p) => (
            <Text key={p} size="xs" ff="monospace" style={{ wordBreak: 'break-all' }}>
              {p}
            </Text>
          ))}
        </Stack>
      ),
    });
    props.onClose();
  };

  return (
    <Modal
      opened={vm !== undefined}
      onClose={props.onClose}
      title={vm ? `Desktop shortcut for ${vm.name}` : ''}
      centered
      data-testid="shortcut-dialog"
    >
      <Stack gap="md">
        <Text size="sm">
          A launcher in your applications menu that opens this guest’s console in KVM Desk (it runs{' '}
          <Code>kvm-desk --console</Code>), with the guest’s OS icon.
        </Text>
        <Checkbox
          data-testid="shortcut-desktop"
          checked={desktop}
          onChange={(e) => setDesktop(e.currentTarget.checked)}
          label="Also put it on the Desktop"
          description="Where your desktop has a Desktop folder"
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onClose}>
            Cancel
          </Button>
          <Button data-testid="shortcut-create" loading={busy} onClick={() => void create()}>
            Create shortcut
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
