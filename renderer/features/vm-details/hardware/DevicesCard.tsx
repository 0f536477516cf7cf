// Devices: the smaller devices as saved (TPM, video, sound, USB tablet, guest agent channel, RNG,
// watchdog), each with Edit where it has settings and Remove, and "Add hardware" for what the guest has
// not. Most of these cannot be hot-plugged: on a running guest the card says they apply at next start
// (and the pending-changes banner lists them).
import { Button, Group, Menu, Select, Stack, Text } from '@mantine/core';
import {
  type IconCpu2,
  IconDeviceDesktop,
  IconDisc,
  IconDog,
  IconHandClick,
  IconLock,
  IconMessage2,
  IconPlus,
  IconVolume,
  IconWaveSine,
} from '@tabler/icons-react';
import { type ReactNode, useState } from 'react';
import type { HardwareEdit, VmDetails } from '../../../../preload/contract';
import { DeviceListCard } from './DeviceListCard';
import {
  type AddEntry,
  addEntries,
  type DeviceId,
  deviceRows,
  SOUND_MODELS,
  VIDEO_MODELS,
  WATCHDOG_ACTIONS,
  watchdogModels,
} from './devices-form';
import { useHardwareEdit } from './useHardwareEdit';

const ICONS: Record<DeviceId | 'cdrom', typeof IconCpu2> = {
  tpm: IconLock,
  video: IconDeviceDesktop,
  sound: IconVolume,
  tablet: IconHandClick,
  guestAgent: IconMessage2,
  rng: IconWaveSine,
  watchdog: IconDog,
  cdrom: IconDisc,
};

const RUNNING = new Set(['running', 'paused', 'pmsuspended', 'blocked', 'shutdown']);

/**
 * `more`: menu entries other cards own (a disk, a network adapter): each opens that card's own form.
 * The card adds what is one vms.edit with no questions (a device, an empty CD/DVD drive).
 */
export function DevicesCard(props: {
  details?: VmDetails;
  more?: { id: string; label: string; hint: string; onSelect: () => void }[];
}) {
  const { details } = props;
  const edit = useHardwareEdit(details);
  const [busy, setBusy] = useState<string>();
  const [editing, setEditing] = useState<DeviceId>();
  const run = async (key: string, e: HardwareEdit, failure: string) => {
    setBusy(key);
    const done = await edit(e, failure);
    setBusy(undefined);
    if (done) setEditing(undefined);
  };
  const running = details ? RUNNING.has(details.state) : false;
  const rows = details
    ? deviceRows(details.devices).map((r) => {
        const Icon = ICONS[r.id];
        return {
          key: r.id,
          testId: `device-${r.id}`,
          icon: <Icon size={20} stroke={1.5} style={{ flex: 'none', marginTop: 2 }} />,
          main: r.label,
          sub:
            editing === r.id ? (
              <DeviceEditor
                id={r.id}
                details={details}
                busy={busy === r.id}
                onSave={(e) => void run(r.id, e, `Could not change the ${r.label.toLowerCase()}`)}
                onCancel={() => setEditing(undefined)}
              />
            ) : (
              <Text size="xs" c="dimmed">
                {r.detail}
              </Text>
            ),
          actions: editing !== r.id && (
            <Group gap={4} wrap="nowrap" style={{ flex: 'none' }}>
              {r.editable && (
                <Button
                  size="compact-xs"
                  variant="light"
                  disabled={busy !== undefined}
                  onClick={() => setEditing(r.id)}
                  data-testid={`device-${r.id}-edit`}
                >
                  Edit
                </Button>
              )}
              {r.remove && (
                <Button
                  size="compact-xs"
                  variant="subtle"
                  color="red"
                  loading={busy === r.id}
                  disabled={busy !== undefined}
                  onClick={() => void run(r.id, r.remove!, `Could not remove the ${r.label}`)}
                  data-testid={`device-${r.id}-remove`}
                >
                  Remove
                </Button>
              )}
            </Group>
          ),
        };
      })
    : undefined;
  const footer: ReactNode = details && (
    <Stack gap={4} style={{ flex: 1 }}>
      <AddHardwareMenu
        entries={addEntries(details.devices, details.machine)}
        more={props.more}
        busy={busy === 'add'}
        onAdd={(e) => void run('add', e.edit, `Could not add the ${e.label}`)}
      />
      {running && (
        <Text size="xs" c="dimmed" data-testid="devices-next-start">
          The guest is running: most of these changes apply at next start.
        </Text>
      )}
    </Stack>
  );
  return <DeviceListCard title="Devices" testId="details-devices" none="None." rows={rows} footer={footer} />;
}

function AddHardwareMenu(props: {
  entries: AddEntry[];
  more?: { id: string; label: string; hint: string; onSelect: () => void }[];
  busy: boolean;
  onAdd: (e: AddEntry) => void;
}) {
  const item = (id: string, label: string, hint: string, onClick: () => void) => {
    const Icon = ICONS[id as DeviceId] ?? IconPlus;
    return (
      <Menu.Item
        key={id}
        leftSection={<Icon size={16} stroke={1.5} />}
        onClick={onClick}
        data-testid={`add-hardware-${id}`}
      >
        <Text size="sm">{label}</Text>
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      </Menu.Item>
    );
  };
  return (
    <Menu shadow="md" width={300} position="bottom-start" withinPortal>
      <Menu.Target>
        <Button
          size="compact-xs"
          variant="light"
          leftSection={<IconPlus size={14} />}
          loading={props.busy}
          style={{ alignSelf: 'flex-start' }}
          data-testid="add-hardware"
        >
          Add hardware…
        </Button>
      </Menu.Target>
      <Menu.Dropdown data-testid="add-hardware-menu">
        {props.entries.map((e) => item(e.id, e.label, e.hint, () => props.onAdd(e)))}
        {props.more && props.more.length > 0 && <Menu.Divider />}
        {props.more?.map((m) => item(m.id, m.label, m.hint, m.onSelect))}
      </Menu.Dropdown>
    </Menu>
  );
}

/** a device's settings: video model, sound model, or the watchdog's model and action */
function DeviceEditor(props: {
  id: DeviceId;
  details: VmDetails;
  busy: boolean;
  onSave: (edit: HardwareEdit) => void;
  onCancel: () => void;
}) {
  const d = props.details.devices;
  const [video, setVideo] = useState<string>(d.video ?? 'virtio');
  const [sound, setSound] = useState<string>(d.sound ?? 'ich9');
  const [wdModel, setWdModel] = useState<string>(d.watchdog?.model ?? 'i6300esb');
  const [wdAction, setWdAction] = useState<string>(d.watchdog?.action ?? 'reset');
  const pick = (
    label: string,
    data: readonly { value: string; label: string }[],
    value: string,
    set: (v: string) => void,
  ) => (
    <Select
      size="xs"
      label={label}
      data={data as { value: string; label: string }[]}
      value={value}
      onChange={(v) => v && set(v)}
      allowDeselect={false}
      comboboxProps={{ withinPortal: true }}
      data-testid={`device-${props.id}-${label.toLowerCase()}`}
    />
  );
  const edit = (): HardwareEdit =>
    props.id === 'video'
      ? { kind: 'video', model: video as Extract<HardwareEdit, { kind: 'video' }>['model'] }
      : props.id === 'sound'
        ? { kind: 'sound', model: sound as 'ich9' | 'ich6' }
        : {
            kind: 'watchdog',
            watchdog: {
              model: wdModel as 'i6300esb' | 'itco',
              action: wdAction as (typeof WATCHDOG_ACTIONS)[number]['value'],
            },
          };
  return (
    <Stack gap="xs" mt={4} data-testid={`device-${props.id}-editor`}>
      {props.id === 'video' && pick('Model', VIDEO_MODELS, video, setVideo)}
      {props.id === 'sound' && pick('Model', SOUND_MODELS, sound, setSound)}
      {props.id === 'watchdog' && (
        <>
          {pick('Model', watchdogModels(props.details.machine), wdModel, setWdModel)}
          {pick('Action', WATCHDOG_ACTIONS, wdAction, setWdAction)}
        </>
      )}
      <Group gap="xs">
        <Button
          size="xs"
          loading={props.busy}
          onClick={() => props.onSave(edit())}
          data-testid={`device-${props.id}-save`}
        >
          Save
        </Button>
        <Button size="xs" variant="default" disabled={props.busy} onClick={props.onCancel}>
          Cancel
        </Button>
      </Group>
    </Stack>
  );
}
