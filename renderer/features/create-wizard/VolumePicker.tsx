// The guest's host's storage pools and their ISO (or disk image) volumes, read through libvirt's storage
// API (create.installMedia): the way to choose media on a remote host, whose files are not this
// machine's, and beside the file browser on this one. A pick gives the volume's path on that host.
import { Badge, Button, Group, Modal, ScrollArea, Stack, Text, UnstyledButton } from '@mantine/core';
import { IconDatabase, IconDisc, IconFile } from '@tabler/icons-react';
import { useCallback, useEffect, useState } from 'react';
import type { ConnectionId, InstallMedia, MediaVolume } from '../../../preload/contract';
import { useBridge } from '../../app/context';
import { formatBytes } from './format';

/** the host's media of one kind, asked again by `reload` (a picker opened after an upload sees it) */
export function useInstallMedia(connection: ConnectionId, kind: 'iso' | 'disk') {
  const bridge = useBridge();
  // each answer keeps what it was asked for: nothing of another host's is shown while the new one comes
  const key = `${kind} ${connection}`;
  const [answer, setAnswer] = useState<{ key: string; media?: InstallMedia; error?: string }>();
  const [round, setRound] = useState(0);
  useEffect(() => {
    let live = true;
    void round; // each reload asks again
    void bridge.call('create.installMedia', { connection, kind }).then((r) => {
      if (!live) return;
      setAnswer(r.ok ? { key, media: r.value } : { key, error: r.error.message });
    });
    return () => {
      live = false;
    };
  }, [bridge, connection, kind, key, round]);
  const reload = useCallback(() => setRound((n) => n + 1), []);
  const current = answer?.key === key ? answer : undefined;
  return { media: current?.media, error: current?.error, reload };
}

export interface VolumePickerProps {
  opened: boolean;
  /** the host's name as the guest list shows it */
  hostName: string;
  kind: 'iso' | 'disk';
  media?: InstallMedia;
  error?: string;
  onPick: (volume: MediaVolume) => void;
  onClose: () => void;
}

export function VolumePicker({ opened, hostName, kind, media, error, onPick, onClose }: VolumePickerProps) {
  const what = kind === 'iso' ? 'ISO images' : 'disk images';
  const none = media?.pools.every((p) => p.volumes.length === 0);
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={`${kind === 'iso' ? 'ISO images' : 'Disk images'} on ${hostName}`}
      size="lg"
      zIndex={400}
      data-testid="volume-picker"
    >
      <Stack gap="xs">
        <Text size="sm" c="dimmed">
          The {what} in this host's storage pools. Upload one from this computer on the host's Storage tab.
        </Text>
        <ScrollArea h={320} type="auto" offsetScrollbars>
          <Stack gap="sm">
            {!media && !error && (
              <Text size="sm" c="dimmed" p="xs">
                Reading the host's storage pools…
              </Text>
            )}
            {error && (
              <Text c="red" size="sm" p="xs" role="alert">
                {error}
              </Text>
            )}
            {media?.pools.map((pool) => (
              <Stack key={pool.name} gap={2} data-testid={`media-pool-${pool.name}`}>
                <Group gap="xs" px="xs">
                  <IconDatabase size={16} />
                  <Text size="sm" fw={600}>
                    {pool.name}
                  </Text>
                  {!pool.active && (
                    <Badge size="sm" variant="light" color="gray">
                      not running
                    </Badge>
                  )}
                  {pool.active && pool.volumes.length === 0 && (
                    <Text size="xs" c="dimmed">
                      no {what}
                    </Text>
                  )}
                </Group>
                {pool.volumes.map((v) => (
                  <UnstyledButton
                    key={v.name}
                    onClick={() => onPick(v)}
                    px="xs"
                    py={4}
                    pl={32}
                    data-testid={`media-volume-${pool.name}-${v.name}`}
                    className="kvm-file-row"
                    style={{ borderRadius: 4, display: 'block', width: '100%' }}
                  >
                    <Group gap="xs" wrap="nowrap" justify="space-between">
                      <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
                        {kind === 'iso' ? <IconDisc size={16} /> : <IconFile size={16} />}
                        <Text size="sm" truncate>
                          {v.name}
                        </Text>
                      </Group>
                      <Text size="xs" c="dimmed" style={{ flexShrink: 0 }}>
                        {v.format} · {formatBytes(v.capacityBytes)}
                      </Text>
                    </Group>
                  </UnstyledButton>
                ))}
              </Stack>
            ))}
            {none && media?.pools.length === 0 && (
              <Text size="sm" c="dimmed" p="xs">
                This host has no storage pools.
              </Text>
            )}
          </Stack>
        </ScrollArea>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
