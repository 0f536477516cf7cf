// "Add disk…": a new qcow2 volume in one of the host's storage pools (size in GiB checked against the
// pool's free space as it is typed) or an existing disk file picked in the host-side file browser; the bus
// VirtIO unless chosen. The service makes the volume and attaches it (live on a running guest), and deletes
// it again when the guest cannot take it.
import {
  Button,
  Checkbox,
  Group,
  Modal,
  NumberInput,
  SegmentedControl,
  Select,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { lazy, Suspense, useEffect, useState } from 'react';
import type { HardwareEdit, NewDiskBus, StoragePoolInfo, VmDetails } from '../../../../preload/contract';
import { useBridge } from '../../../app/context';
import { formatBytes } from '../../create-wizard/format';
import { BUSES, newDiskSizeProblem } from './disk-form';

const FileBrowser = lazy(() =>
  import('../../create-wizard/FileBrowser').then((m) => ({ default: m.FileBrowser })),
);
const IMAGES = '/var/lib/libvirt/images';

export function AddDiskDialog(props: {
  details: VmDetails;
  opened: boolean;
  onClose: () => void;
  onAdd: (edit: HardwareEdit) => Promise<boolean>;
}) {
  const bridge = useBridge();
  const [mode, setMode] = useState<'new' | 'existing'>('new');
  const [pools, setPools] = useState<StoragePoolInfo[]>();
  const [pool, setPool] = useState<string | null>(null);
  const [size, setSize] = useState<number | string>(10);
  const [bus, setBus] = useState<NewDiskBus>('virtio');
  const [file, setFile] = useState('');
  const [readonly, setReadonly] = useState(false);
  const [browsing, setBrowsing] = useState(false);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (!props.opened) return;
    void bridge.call('storage.pools', { connection: props.details.connection }).then((r) => {
      const list = r.ok ? r.value.filter((p) => p.active) : [];
      setPools(list);
      setPool((p) => p ?? list.find((x) => x.name === 'default')?.name ?? list[0]?.name ?? null);
    });
  }, [props.opened, bridge, props.details.connection]);

  const chosen = pools?.find((p) => p.name === pool);
  const sizeProblem = newDiskSizeProblem(size, chosen?.availableBytes);
  const fileProblem = file && !file.startsWith('/') ? 'A disk file is a full path (/…).' : undefined;
  const ready = mode === 'new' ? !!pool && !sizeProblem : !!file && !fileProblem;
  const add = async () => {
    if (!ready) return;
    setBusy(true);
    const ok = await props.onAdd(
      mode === 'new'
        ? { kind: 'newDisk', pool: pool!, sizeGiB: Number(size), bus }
        : { kind: 'attachDisk', source: { file }, bus, ...(readonly ? { readonly } : {}) },
    );
    setBusy(false);
    if (ok) props.onClose();
  };
  return (
    <Modal
      opened={props.opened}
      onClose={props.onClose}
      title="Add a disk"
      size="lg"
      data-testid="disk-add-dialog"
    >
      <Stack gap="sm">
        <SegmentedControl
          value={mode}
          onChange={(v) => setMode(v as 'new' | 'existing')}
          data={[
            { value: 'new', label: 'New disk' },
            { value: 'existing', label: 'Existing disk file' },
          ]}
          data-testid="disk-add-mode"
        />
        {mode === 'new' ? (
          <>
            <Select
              label="Storage pool"
              data={(pools ?? []).map((p) => ({
                value: p.name,
                label:
                  p.availableBytes === undefined
                    ? p.name
                    : `${p.name} (${formatBytes(p.availableBytes)} free)`,
              }))}
              value={pool}
              onChange={setPool}
              allowDeselect={false}
              placeholder={pools ? 'No running storage pool' : '…'}
              data-testid="disk-add-pool"
            />
            <NumberInput
              label="Size (GiB)"
              description="Thin: the file grows as the guest writes."
              min={0}
              decimalScale={1}
              value={size}
              onChange={setSize}
              error={sizeProblem}
              data-testid="disk-add-size"
            />
          </>
        ) : (
          <>
            <Group align="flex-end" gap="xs" wrap="nowrap">
              <TextInput
                label="Disk file (qcow2 or raw)"
                placeholder={`${IMAGES}/disk.qcow2`}
                value={file}
                onChange={(e) => setFile(e.currentTarget.value)}
                error={fileProblem}
                style={{ flex: 1 }}
                data-testid="disk-add-file"
              />
              <Button variant="default" onClick={() => setBrowsing(true)} data-testid="disk-add-browse">
                Browse…
              </Button>
            </Group>
            <Checkbox
              label="Read-only"
              checked={readonly}
              onChange={(e) => setReadonly(e.currentTarget.checked)}
            />
          </>
        )}
        <Select
          label="Bus"
          data={BUSES}
          value={bus}
          onChange={(v) => v && setBus(v as NewDiskBus)}
          allowDeselect={false}
          data-testid="disk-add-bus"
        />
        {props.details.state !== 'shutoff' && (
          <Text size="xs" c="dimmed">
            The running guest gets the disk at once where it can; otherwise at its next start.
          </Text>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onClose}>
            Cancel
          </Button>
          <Button onClick={() => void add()} disabled={!ready} loading={busy} data-testid="disk-add-save">
            Add disk
          </Button>
        </Group>
      </Stack>
      {browsing && (
        <Suspense fallback={null}>
          <FileBrowser
            opened={browsing}
            connection={props.details.connection}
            startDir={IMAGES}
            extensions={['.qcow2', '.img', '.raw']}
            title="Disk file"
            onPick={(path) => {
              setBrowsing(false);
              setFile(path);
            }}
            onClose={() => setBrowsing(false)}
          />
        </Suspense>
      )}
    </Modal>
  );
}
