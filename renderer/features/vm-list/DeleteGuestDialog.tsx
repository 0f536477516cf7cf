// Delete a guest: lists its disk files with their sizes (vms.deletePlan), deletable ones ticked by
// default. Files that stay whatever the user ticks (ISO images and other media, block devices, network
// disks, shareable disks, a file another guest also uses...) are shown unticked and disabled with the
// reason ("kept: block device", "kept: also used by web2"). The service checks everything again when
// deleting. Files that could not be deleted are named afterwards, one by one.
import { Alert, Box, Button, Checkbox, Group, Loader, Modal, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect, useState } from 'react';
import type { ApiError, DeletePlanDisk, VmSummary } from '../../../preload/contract';
import { useBridge } from '../../app/context';
import { callOrNotify } from '../../app/errors';

type Loaded = { disks: DeletePlanDisk[]; error?: undefined } | { disks?: undefined; error: ApiError };

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
    void bridge.call('vms.deletePlan', { connection: vm.connection, uuid: vm.uuid }).then((res) => {
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
                  styles={{ label: { wordBreak: 'break-all' } }}
                />
              ) : (
                <Box key={disk.target} data-testid={`kept-disk-${disk.target}`}>
                  <Checkbox
                    checked={false}
                    disabled
                    readOnly
                    label={disk.path}
                    description={
                      <>
                        {diskLabel(disk)} ·{' '}
                        <Text span size="xs" fw={600} c="orange" data-testid={`kept-reason-${disk.target}`}>
                          kept: {disk.keptReason}
                        </Text>
                      </>
                    }
                    styles={{ label: { wordBreak: 'break-all' } }}
                  />
                </Box>
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
function withFiles(disks: DeletePlanDisk[]): DeletePlanDisk[] {
  const seen = new Set<string>();
  return disks.filter((d) => {
    if (!d.path || seen.has(d.path)) return false;
    seen.add(d.path);
    return true;
  });
}

/** 1288490188 -> "1.2 GiB", 0 -> "0 bytes" */
export function formatBytes(n: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  const shown = i === 0 || Number.isInteger(v) || v >= 100 ? Math.round(v) : Number(v.toFixed(1));
  return `${shown} ${units[i]}`;
}

function sizeWords(disk: DeletePlanDisk): string {
  if (disk.sizeBytes === undefined) return 'size unknown';
  const onDisk = `${formatBytes(disk.sizeBytes)} on disk`;
  return disk.capacityBytes !== undefined && disk.capacityBytes !== disk.sizeBytes
    ? `${onDisk} (of ${formatBytes(disk.capacityBytes)})`
    : onDisk;
}

function diskLabel(disk: DeletePlanDisk): string {
  const pool = disk.volume ? `volume “${disk.volume.name}” of pool “${disk.volume.pool}”` : undefined;
  return [disk.target, disk.device, disk.format, disk.bus, pool, sizeWords(disk)].filter(Boolean).join(' · ');
}
