// Delete a guest: lists its disk files, deletable ones ticked by default; ISO images and other
// read-only media are shown as kept and never offered. Files that could not be deleted are named
// afterwards, one by one.
import { Alert, Badge, Button, Checkbox, Group, Loader, Modal, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconLock } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import type { ApiError, DiskInfo, VmSummary } from '../../../preload/contract';
import { useBridge } from '../../app/context';
import { callOrNotify } from '../../app/errors';

type Loaded = { disks: DiskInfo[]; error?: undefined } | { disks?: undefined; error: ApiError };

export function DeleteGuestDialog(props: { vm: VmSummary | null; onClose: () => void }) {
  const bridge = useBridge();
  const { vm } = props;
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [checked, setChecked] = useState<Set<string>>(new Set());
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    setLoaded(null);
    setChecked(new Set());
    if (!vm) return;
    let current = true;
    void bridge.call('vms.details', { connection: vm.connection, uuid: vm.uuid }).then((res) => {
      if (!current) return;
      if (!res.ok) return setLoaded({ error: res.error });
      const disks = withFiles(res.value.disks);
      setLoaded({ disks });
      setChecked(new Set(disks.filter((d) => d.deletable).map((d) => d.path!)));
    });
    return () => {
      current = false;
    };
  }, [bridge, vm]);

  const remove = async () => {
    if (!vm) return;
    setBusy(true);
    const deleteDisks = (loaded?.disks ?? [])
      .filter((d) => d.deletable && checked.has(d.path!))
      .map((d) => d.path!);
    const res = await callOrNotify(
      bridge,
      'vms.delete',
      { connection: vm.connection, uuid: vm.uuid, deleteDisks },
      { title: `Could not delete “${vm.name}”`, connection: vm.connection },
    );
    setBusy(false);
    if (!res) return;
    props.onClose();
    const { deleted, remaining } = res.value;
    notifications.show({
      color: 'green',
      title: `Deleted “${vm.name}”`,
      message: deleted.length
        ? `Also deleted ${deleted.length} disk file${deleted.length === 1 ? '' : 's'}.`
        : 'No disk files were deleted.',
    });
    if (remaining.length) {
      notifications.show({
        color: 'yellow',
        autoClose: false,
        title: 'Some disk files remain',
        message: (
          <Stack gap={4} data-testid="delete-remaining">
            {remaining.map((r) => (
              <Text key={r.path} size="sm">
                <b>{r.path}</b>: {r.message}
              </Text>
            ))}
          </Stack>
        ),
      });
    }
  };

  const toggle = (path: string, on: boolean) => {
    const next = new Set(checked);
    if (on) next.add(path);
    else next.delete(path);
    setChecked(next);
  };

  const active = vm && vm.state !== 'shutoff' && vm.state !== 'nostate' && vm.state !== 'crashed';
  return (
    <Modal
      opened={vm !== null}
      onClose={() => !busy && props.onClose()}
      title={vm ? `Delete “${vm.name}”?` : ''}
      centered
      size="lg"
      data-testid="delete-dialog"
    >
      <Stack gap="sm">
        <Text size="sm">
          The guest’s definition is removed together with its snapshots’ metadata, saved state, UEFI variables
          and TPM state.
          {active && ' It is running and will be forced off first.'}
        </Text>
        {!loaded ? (
          <Group gap="xs">
            <Loader size="xs" />
            <Text size="sm">Reading the guest’s disks…</Text>
          </Group>
        ) : loaded.error ? (
          <Alert color="yellow" title="Could not read the guest’s disks">
            {loaded.error.message} Deleting removes the definition only.
          </Alert>
        ) : loaded.disks.length === 0 ? (
          <Text size="sm" c="dimmed">
            The guest has no disk files.
          </Text>
        ) : (
          <Stack gap={6} data-testid="delete-disks">
            <Text size="sm" fw={600}>
              Disk files to delete
            </Text>
            {loaded.disks.map((disk) =>
              disk.deletable ? (
                <Checkbox
                  key={disk.target}
                  data-testid={`delete-disk-${disk.target}`}
                  checked={checked.has(disk.path!)}
                  onChange={(e) => toggle(disk.path!, e.currentTarget.checked)}
                  label={disk.path}
                  description={diskLabel(disk)}
                />
              ) : (
                <Group key={disk.target} gap="xs" wrap="nowrap" data-testid={`kept-disk-${disk.target}`}>
                  <IconLock size={16} style={{ flex: 'none' }} />
                  <Text size="sm" style={{ wordBreak: 'break-all' }}>
                    {disk.path}
                  </Text>
                  <Badge size="sm" variant="light" color="gray" style={{ flex: 'none' }}>
                    kept
                  </Badge>
                </Group>
              ),
            )}
          </Stack>
        )}
        <Group justify="flex-end" mt="sm">
          <Button variant="default" onClick={props.onClose} disabled={busy} data-testid="delete-cancel">
            Cancel
          </Button>
          <Button
            color="red"
            onClick={() => void remove()}
            loading={busy}
            disabled={!loaded}
            data-testid="delete-confirm"
          >
            Delete
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** Disks that have a file; a file attached twice is listed once. */
function withFiles(disks: DiskInfo[]): DiskInfo[] {
  const seen = new Set<string>();
  return disks.filter((d) => {
    if (!d.path || seen.has(d.path)) return false;
    seen.add(d.path);
    return true;
  });
}

function diskLabel(disk: DiskInfo): string {
  return [disk.target, disk.device, disk.format, disk.bus].filter(Boolean).join(' · ');
}
