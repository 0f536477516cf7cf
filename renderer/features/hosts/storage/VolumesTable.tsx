// The selected pool's volumes: name, format, sizes, the guests using each; new volume, upload a file from
// this computer (progress bar and Cancel), download, grow, delete (refused while a guest uses it: the
// backend names the guest). Browser shell: the file goes by an HTTP PUT the page makes itself; Electron:
// the desktop's file picker gives a path the backend reads.
import {
  ActionIcon,
  Badge,
  Button,
  FileButton,
  Group,
  Menu,
  Progress,
  Stack,
  Table,
  Text,
} from '@mantine/core';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Job, StoragePool, StorageVolume } from '../../../../preload/contract';
import { useBridge } from '../../../app/context';
import { showApiError } from '../../../app/errors';
import { CreateVolumeDialog, GrowVolumeDialog } from './StorageDialogs';
import { formatBytes } from './storage-format';
import { putFile, useJobs } from './useStorageJob';

export function VolumesTable(props: { pool: StoragePool; version: number }) {
  const bridge = useBridge();
  const { pool } = props;
  const [volumes, setVolumes] = useState<StorageVolume[]>();
  const [creating, setCreating] = useState(false);
  const [growing, setGrowing] = useState<StorageVolume>();
  const puts = useRef(new Map<string, AbortController>());
  const load = useCallback(async () => {
    const r = await bridge.call('storage.listVolumes', { connection: pool.connection, pool: pool.name });
    setVolumes(r.ok ? r.value : []);
  }, [bridge, pool.connection, pool.name]);
  // props.version: the pool changed (storage.changed): read again
  // biome-ignore lint/correctness/useExhaustiveDependencies: the version is the reason to reload
  useEffect(() => {
    void load();
  }, [load, props.version]);
  const { jobs, track, dismiss } = useJobs(bridge, (j: Job) => {
    puts.current.get(j.id)?.abort();
    puts.current.delete(j.id);
    if (j.state === 'failed' && j.error) showApiError(bridge, j.error, { title: j.title });
    if (j.state !== 'running') setTimeout(() => dismiss(j.id), j.state === 'done' ? 1500 : 0);
    void load();
  });
  const ref = { connection: pool.connection, pool: pool.name };

  const uploadBrowserFile = async (file: File | null) => {
    if (!file) return;
    const r = await bridge.call('storage.upload', {
      ...ref,
      name: file.name,
      from: { browser: { sizeBytes: file.size } },
    });
    if (!r.ok) return showApiError(bridge, r.error, { title: `Could not upload ${file.name}` });
    track(r.value.job);
    const stop = new AbortController();
    puts.current.set(r.value.job.id, stop);
    if (r.value.uploadUrl) putFile(r.value.uploadUrl, file, stop.signal).catch(() => undefined);
  };
  const uploadPickedFile = async () => {
    const picked = await bridge.call('files.pick', {
      connection: pool.connection,
      title: 'Upload a file to the pool',
      filters: 'iso',
    });
    if (!picked.ok || !picked.value.path) return;
    const name = picked.value.path.split('/').pop() ?? 'upload';
    const r = await bridge.call('storage.upload', { ...ref, name, from: { path: picked.value.path } });
    if (!r.ok) return showApiError(bridge, r.error, { title: `Could not upload ${name}` });
    track(r.value.job);
  };
  const download = async (v: StorageVolume) => {
    const r = await bridge.call('storage.download', { ...ref, name: v.name, to: { browser: true } });
    if (!r.ok) return showApiError(bridge, r.error, { title: `Could not download ${v.name}` });
    if (r.value.downloadUrl) window.location.assign(r.value.downloadUrl);
  };
  const remove = async (v: StorageVolume) => {
    const r = await bridge.call('storage.deleteVolume', { ...ref, name: v.name });
    if (!r.ok) showApiError(bridge, r.error, { title: `${v.name} was not deleted` });
  };

  return (
    <Stack gap="xs" data-testid="volumes">
      <Group justify="space-between">
        <Text fw={600}>Volumes in {pool.name}</Text>
        <Group gap="xs">
          <Button size="xs" variant="default" onClick={() => setCreating(true)} data-testid="new-volume">
            New volume
          </Button>
          {bridge.shell === 'browser' ? (
            <FileButton onChange={(f) => void uploadBrowserFile(f)}>
              {(p) => (
                <Button size="xs" {...p} data-testid="upload-volume">
                  Upload file…
                </Button>
              )}
            </FileButton>
          ) : (
            <Button size="xs" onClick={() => void uploadPickedFile()} data-testid="upload-volume">
              Upload file…
            </Button>
          )}
        </Group>
      </Group>
      {jobs.map((j) => (
        <Group key={j.id} gap="sm" wrap="nowrap" data-testid="upload-progress" data-state={j.state}>
          <Text size="xs" w={220} truncate>
            {j.title}
          </Text>
          <Progress
            value={(j.progress ?? 0) * 100}
            style={{ flex: 1 }}
            animated={j.state === 'running'}
            aria-label={j.step}
          />
          <Text size="xs" c="dimmed" w={170}>
            {j.step}
          </Text>
          {j.state === 'running' && (
            <Button
              size="compact-xs"
              variant="subtle"
              color="red"
              onClick={() => void bridge.call('jobs.cancel', { id: j.id })}
              data-testid="upload-cancel"
            >
              Cancel
            </Button>
          )}
        </Group>
      ))}
      <Table striped highlightOnHover verticalSpacing={4} fz="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>Format</Table.Th>
            <Table.Th ta="right">Size</Table.Th>
            <Table.Th ta="right">On disk</Table.Th>
            <Table.Th>Used by</Table.Th>
            <Table.Th w={40} />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {volumes?.map((v) => (
            <Table.Tr key={v.name} data-testid={`volume-${v.name}`}>
              <Table.Td>
                <Text size="sm" ff="monospace" title={v.path}>
                  {v.name}
                </Text>
                {v.incompleteUpload && (
                  <Badge size="xs" color="orange">
                    incomplete upload
                  </Badge>
                )}
              </Table.Td>
              <Table.Td>{v.format}</Table.Td>
              <Table.Td ta="right">{formatBytes(v.capacityBytes)}</Table.Td>
              <Table.Td ta="right">{formatBytes(v.allocationBytes)}</Table.Td>
              <Table.Td>
                {v.usedBy.length ? (
                  v.usedBy.join(', ')
                ) : (
                  <Text size="sm" c="dimmed">
                    —
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <Menu position="bottom-end" withinPortal>
                  <Menu.Target>
                    <ActionIcon
                      variant="subtle"
                      aria-label={`Actions for ${v.name}`}
                      data-testid={`volume-actions-${v.name}`}
                    >
                      ⋯
                    </ActionIcon>
                  </Menu.Target>
                  <Menu.Dropdown>
                    <Menu.Item onClick={() => setGrowing(v)}>Grow…</Menu.Item>
                    {bridge.shell === 'browser' && (
                      <Menu.Item onClick={() => void download(v)}>Download</Menu.Item>
                    )}
                    <Menu.Item color="red" onClick={() => void remove(v)} data-testid="volume-delete">
                      Delete
                    </Menu.Item>
                  </Menu.Dropdown>
                </Menu>
              </Table.Td>
            </Table.Tr>
          ))}
          {volumes?.length === 0 && (
            <Table.Tr>
              <Table.Td colSpan={6}>
                <Text size="sm" c="dimmed">
                  No volumes yet.
                </Text>
              </Table.Td>
            </Table.Tr>
          )}
        </Table.Tbody>
      </Table>
      <CreateVolumeDialog pool={pool} opened={creating} onClose={() => setCreating(false)} />
      <GrowVolumeDialog volume={growing} onClose={() => setGrowing(undefined)} />
    </Stack>
  );
}
