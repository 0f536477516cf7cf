// The bottom line: which libvirt we talk to and how that is going, and how many guests run.
import { Anchor, Group, Text } from '@mantine/core';
import type { ConnectionStatus } from '../../preload/contract';
import { hostHash } from '../../preload/routes';

const DOT: Record<ConnectionStatus['state'], string> = {
  connected: 'var(--mantine-color-green-filled)',
  connecting: 'var(--mantine-color-yellow-filled)',
  disconnected: 'var(--mantine-color-red-filled)',
};

export function StatusBar(props: {
  connection?: ConnectionStatus;
  /** false until the first snapshot: the backend may still be opening its connection (a polkit prompt) */
  loaded?: boolean;
  total: number;
  running: number;
}) {
  const c = props.connection;
  return (
    <Group
      gap="md"
      px="sm"
      py={3}
      wrap="nowrap"
      style={{ borderTop: '1px solid var(--mantine-color-default-border)', fontSize: 12 }}
      data-testid="status-bar"
    >
      {c ? (
        <Group gap={6} wrap="nowrap">
          <span aria-hidden style={{ width: 8, height: 8, borderRadius: '50%', background: DOT[c.state] }} />
          <Text size="xs" ff="monospace" data-testid="status-connection" data-state={c.state}>
            {c.uri}
          </Text>
          <Text size="xs" c="dimmed">
            {c.state === 'connected'
              ? [c.hostname, c.libvirtVersion && `libvirt ${c.libvirtVersion}`].filter(Boolean).join(' · ')
              : c.state === 'connecting'
                ? 'connecting…'
                : 'disconnected'}
          </Text>
        </Group>
      ) : (
        <Text
          size="xs"
          c="dimmed"
          data-testid="status-connection"
          data-state={props.loaded === false ? 'connecting' : 'none'}
        >
          {props.loaded === false ? 'Connecting to libvirt…' : 'Not connected'}
        </Text>
      )}
      {c && (
        <Anchor size="xs" href={hostHash({ connection: c.id, tab: 'storage' })} data-testid="open-storage">
          Storage
        </Anchor>
      )}
      <Text size="xs" c="dimmed" ml="auto">
        {props.running} running · {props.total} guest{props.total === 1 ? '' : 's'}
      </Text>
    </Group>
  );
}
