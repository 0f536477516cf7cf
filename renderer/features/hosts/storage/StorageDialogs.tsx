// The storage panel's forms: a new pool (only the types this host supports are offered; the others are
// listed with the reason), a new volume (qcow2/raw, size against the pool's free space), grow a volume.
// Each shows the backend's refusal under its field; the panel reloads from 'storage.changed'.
import {
  Alert,
  Button,
  Group,
  Modal,
  NumberInput,
  SegmentedControl,
  Stack,
  Switch,
  Text,
  TextInput,
} from '@mantine/core';
import { useEffect, useState } from 'react';
import type { ApiError, PoolTypeSupport, StoragePool, StorageVolume } from '../../../../preload/contract';
import { useBridge } from '../../../app/context';
import { formatBytes, sizeFromGiB } from './storage-format';

function fieldError(error: ApiError | undefined, field: string): string | undefined {
  return error?.detail?.field === field ? error.message : undefined;
}

export function CreatePoolDialog(props: { connection: string; opened: boolean; onClose: () => void }) {
  const bridge = useBridge();
  const [types, setTypes] = useState<PoolTypeSupport[]>();
  const [type, setType] = useState<'dir' | 'netfs' | 'logical'>('dir');
  const [name, setName] = useState('');
  const [path, setPath] = useState('');
  const [host, setHost] = useState('');
  const [exportPath, setExportPath] = useState('');
  const [vg, setVg] = useState('');
  const [autostart, setAutostart] = useState(true);
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (!props.opened) return;
    void bridge
      .call('storage.poolTypes', { connection: props.connection })
      .then((r) => r.ok && setTypes(r.value));
  }, [bridge, props.connection, props.opened]);
  const supported = types?.filter((t) => t.supported) ?? [];
  const unsupported = types?.filter((t) => !t.supported) ?? [];
  const submit = async () => {
    setBusy(true);
    const args =
      type === 'dir'
        ? { path }
        : type === 'netfs'
          ? { path, sourceHost: host, sourcePath: exportPath }
          : { volumeGroup: vg };
    const r = await bridge.call('storage.createPool', {
      connection: props.connection,
      name,
      type,
      autostart,
      ...args,
    });
    setBusy(false);
    if (!r.ok) return setError(r.error);
    setError(undefined);
    setName('');
    props.onClose();
  };
  return (
    <Modal
      opened={props.opened}
      onClose={props.onClose}
      title="New storage pool"
      data-testid="create-pool-dialog"
    >
      <Stack gap="sm">
        {supported.length > 1 && (
          <SegmentedControl
            value={type}
            onChange={(v) => setType(v as typeof type)}
            data={supported.map((t) => ({ value: t.type, label: t.label }))}
            data-testid="pool-type"
          />
        )}
        <TextInput
          label="Name"
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={fieldError(error, 'name')}
          data-testid="pool-name"
        />
        {type !== 'logical' && (
          <TextInput
            label={type === 'dir' ? 'Folder' : 'Mount point'}
            description={type === 'dir' ? 'Made by libvirt when it does not exist yet' : undefined}
            placeholder="/var/lib/libvirt/images/more"
            value={path}
            onChange={(e) => setPath(e.currentTarget.value)}
            error={fieldError(error, 'path')}
            data-testid="pool-path"
          />
        )}
        {type === 'netfs' && (
          <Group grow>
            <TextInput
              label="NFS server"
              value={host}
              onChange={(e) => setHost(e.currentTarget.value)}
              error={fieldError(error, 'sourceHost')}
            />
            <TextInput
              label="Exported folder"
              value={exportPath}
              onChange={(e) => setExportPath(e.currentTarget.value)}
              error={fieldError(error, 'sourcePath')}
            />
          </Group>
        )}
        {type === 'logical' && (
          <TextInput
            label="Volume group"
            description="An existing LVM volume group"
            value={vg}
            onChange={(e) => setVg(e.currentTarget.value)}
            error={fieldError(error, 'volumeGroup')}
          />
        )}
        <Switch
          label="Start when the host boots"
          checked={autostart}
          onChange={(e) => setAutostart(e.currentTarget.checked)}
        />
        {unsupported.length > 0 && (
          <Text size="xs" c="dimmed" data-testid="pool-types-unsupported">
            Not on this host: {unsupported.map((t) => `${t.label} (${t.reason})`).join('; ')}.
          </Text>
        )}
        {error && !error.detail?.field && <Alert color="red">{error.message}</Alert>}
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onClose}>
            Cancel
          </Button>
          <Button
            onClick={() => void submit()}
            loading={busy}
            disabled={!name}
            data-testid="create-pool-submit"
          >
            Create
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

export function CreateVolumeDialog(props: { pool: StoragePool; opened: boolean; onClose: () => void }) {
  const bridge = useBridge();
  const [name, setName] = useState('');
  const [format, setFormat] = useState<'qcow2' | 'raw'>('qcow2');
  const [gib, setGib] = useState<string | number>(10);
  const [error, setError] = useState<ApiError>();
  const size = sizeFromGiB(gib, props.pool.availableBytes);
  const submit = async () => {
    if (!size.bytes) return;
    const r = await bridge.call('storage.createVolume', {
      connection: props.pool.connection,
      pool: props.pool.name,
      name,
      format,
      sizeBytes: size.bytes,
    });
    if (!r.ok) return setError(r.error);
    setError(undefined);
    setName('');
    props.onClose();
  };
  return (
    <Modal opened={props.opened} onClose={props.onClose} title={`New volume in ${props.pool.name}`}>
      <Stack gap="sm">
        <TextInput
          label="Name"
          placeholder="disk.qcow2"
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={fieldError(error, 'name')}
          data-testid="volume-name"
        />
        <SegmentedControl
          value={format}
          onChange={(v) => setFormat(v as typeof format)}
          data={[
            { value: 'qcow2', label: 'qcow2 (snapshots, thin)' },
            { value: 'raw', label: 'raw' },
          ]}
        />
        <NumberInput
          label="Size (GiB)"
          min={0.01}
          value={gib}
          onChange={setGib}
          error={size.problem ?? fieldError(error, 'sizeBytes')}
          description={`${formatBytes(props.pool.availableBytes)} free`}
        />
        {error && !error.detail?.field && <Alert color="red">{error.message}</Alert>}
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onClose}>
            Cancel
          </Button>
          <Button
            onClick={() => void submit()}
            disabled={!name || !size.bytes}
            data-testid="create-volume-submit"
          >
            Create
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

export function GrowVolumeDialog(props: { volume?: StorageVolume; onClose: () => void }) {
  const bridge = useBridge();
  const v = props.volume;
  const [gib, setGib] = useState<string | number>(0);
  const [error, setError] = useState<ApiError>();
  useEffect(() => {
    if (v) setGib(Math.ceil(v.capacityBytes / 1024 ** 3) + 1);
  }, [v]);
  if (!v) return null;
  const size = sizeFromGiB(gib);
  const submit = async () => {
    if (!size.bytes) return;
    const r = await bridge.call('storage.resizeVolume', {
      connection: v.connection,
      pool: v.pool,
      name: v.name,
      sizeBytes: size.bytes,
    });
    if (!r.ok) return setError(r.error);
    setError(undefined);
    props.onClose();
  };
  return (
    <Modal opened onClose={props.onClose} title={`Grow ${v.name}`}>
      <Stack gap="sm">
        <Text size="sm">
          Now {formatBytes(v.capacityBytes)}. Volumes only grow; the guest's file system is grown inside the
          guest.
        </Text>
        <NumberInput
          label="New size (GiB)"
          value={gib}
          onChange={setGib}
          error={size.problem ?? error?.message}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onClose}>
            Cancel
          </Button>
          <Button onClick={() => void submit()} disabled={!size.bytes}>
            Grow
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
