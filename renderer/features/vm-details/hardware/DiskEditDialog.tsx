// "Edit…" for a disk: its size (grow only: live on a running guest, through its storage pool when off;
// a smaller size is refused as typed, with why), and its bus, cache and discard modes and read-only flag
// (only what changed is sent; a running guest has them at its next start).
import { Button, Checkbox, Divider, Group, Modal, NumberInput, Select, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import type {
  DiskCache,
  DiskDiscard,
  DiskInfo,
  DiskSettings,
  HardwareEdit,
  NewDiskBus,
  VmDetails,
} from '../../../../preload/contract';
import { formatBytes } from '../../create-wizard/format';
import { BUSES, CACHES, changedSettings, DISCARDS, gibOf, growProblem } from './disk-form';

export function DiskEditDialog(props: {
  details: VmDetails;
  disk: DiskInfo;
  onClose: () => void;
  onEdit: (edit: HardwareEdit) => Promise<boolean>;
}) {
  const { disk, details } = props;
  const [size, setSize] = useState<number | string>(disk.capacityBytes ? gibOf(disk.capacityBytes) : '');
  const [form, setForm] = useState<Required<DiskSettings>>({
    bus: (disk.bus ?? 'virtio') as NewDiskBus,
    cache: (disk.cache ?? 'default') as DiskCache,
    discard: (disk.discard ?? 'default') as DiskDiscard,
    readonly: disk.readonly,
  });
  const [busy, setBusy] = useState<'grow' | 'save'>();
  const sizeProblem = size === '' ? undefined : growProblem(size, disk.capacityBytes);
  const changes = changedSettings(disk, form);
  const running = details.state !== 'shutoff';
  const buses = BUSES.some((b) => b.value === form.bus)
    ? BUSES
    : [...BUSES, { value: form.bus, label: form.bus }];
  const send = async (what: 'grow' | 'save', edit: HardwareEdit) => {
    setBusy(what);
    const ok = await props.onEdit(edit);
    setBusy(undefined);
    if (ok && what === 'save') props.onClose();
  };
  return (
    <Modal
      opened
      onClose={props.onClose}
      title={`Disk ${disk.target}`}
      size="lg"
      data-testid="disk-edit-dialog"
    >
      <Stack gap="sm">
        <Text size="sm" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
          {disk.path}
          {disk.capacityBytes !== undefined && ` · ${formatBytes(disk.capacityBytes)}`}
        </Text>
        <Group align="flex-start" gap="xs" wrap="nowrap">
          <NumberInput
            label="Size (GiB)"
            description={
              running
                ? 'Grows at once; the guest’s OS then extends its partition.'
                : 'Grows the file in its storage pool.'
            }
            min={0}
            decimalScale={1}
            value={size}
            onChange={setSize}
            error={sizeProblem}
            style={{ flex: 1 }}
            data-testid="disk-edit-size"
          />
          <Button
            mt={44}
            variant="light"
            disabled={size === '' || !!sizeProblem || busy !== undefined}
            loading={busy === 'grow'}
            onClick={() =>
              void send('grow', { kind: 'growDisk', target: disk.target, sizeGiB: Number(size) })
            }
            data-testid="disk-edit-grow"
          >
            Grow
          </Button>
        </Group>
        <Divider />
        <Select
          label="Bus"
          data={buses}
          value={form.bus}
          onChange={(v) => v && setForm({ ...form, bus: v as NewDiskBus })}
          allowDeselect={false}
          data-testid="disk-edit-bus"
        />
        <Group grow>
          <Select
            label="Cache"
            data={CACHES}
            value={form.cache}
            onChange={(v) => v && setForm({ ...form, cache: v as DiskCache })}
            allowDeselect={false}
            data-testid="disk-edit-cache"
          />
          <Select
            label="Discard"
            data={DISCARDS}
            value={form.discard}
            onChange={(v) => v && setForm({ ...form, discard: v as DiskDiscard })}
            allowDeselect={false}
            data-testid="disk-edit-discard"
          />
        </Group>
        <Checkbox
          label="Read-only"
          checked={form.readonly}
          onChange={(e) => setForm({ ...form, readonly: e.currentTarget.checked })}
          data-testid="disk-edit-readonly"
        />
        {running && (
          <Text size="xs" c="dimmed">
            Bus, cache, discard and read-only apply at the guest’s next start.
          </Text>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onClose}>
            Close
          </Button>
          <Button
            disabled={Object.keys(changes).length === 0 || busy !== undefined}
            loading={busy === 'save'}
            onClick={() =>
              void send('save', { kind: 'diskSettings', target: disk.target, settings: changes })
            }
            data-testid="disk-edit-save"
          >
            Save settings
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
