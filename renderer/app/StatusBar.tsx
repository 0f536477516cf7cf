// The bottom line: which libvirt we talk to and how that is going (its name opens the host page; Hosts…
// the connections manager), how many guests run, and the event log. With several connections, one
// compact dot + name each (a click opens the connections manager on it).
import { Anchor, Button, Group, Text, Tooltip, UnstyledButton } from '@mantine/core';
import { IconList } from '@tabler/icons-react';
import type { ConnectionStatus } from '../../preload/contract';
import { hostHash } from '../../preload/routes';
import { connectionName, connectionWord } from '../features/vm-list/grouping';

const DOT: Record<ConnectionStatus['state'], string> = {
  connected: 'var(--mantine-color-green-filled)',
  connecting: 'var(--mantine-color-yellow-filled)',
  disconnected: 'var(--mantine-color-red-filled)',
};

const WORD_DOT = {
  connected: DOT.connected,
  connecting: DOT.connecting,
  reconnecting: 'var(--mantine-color-orange-filled)',
  disconnected: 'var(--mantine-color-gray-filled)',
};

function Connections(props: { all: ConnectionStatus[]; onOpen?: (id: string) => void }) {
  const up = props.all.filter((c) => c.state === 'connected').length;
  return (
    <Group
      gap={10}
      wrap="nowrap"
      data-testid="status-connections"
      style={{ minWidth: 0, overflow: 'hidden' }}
    >
      <Text size="xs" c="dimmed" style={{ flex: 'none' }}>
        {up} of {props.all.length} connected
      </Text>
      {props.all.map((c) => {
        const word = connectionWord(c);
        return (
          <Tooltip
            key={c.id}
            label={`${c.uri}: ${word}${c.message && word !== 'connected' ? ` (${c.message})` : ''}`}
            openDelay={300}
          >
            <UnstyledButton
              onClick={() => props.onOpen?.(c.id)}
              data-testid={`status-connection-${c.id}`}
              data-state={word}
              style={{ display: 'flex', alignItems: 'center', gap: 5, fontSize: 12, flex: 'none' }}
            >
              <span
                aria-hidden
                style={{ width: 8, height: 8, borderRadius: '50%', background: WORD_DOT[word] }}
              />
              <span>{connectionName(c)}</span>
            </UnstyledButton>
          </Tooltip>
        );
      })}
    </Group>
  );
}

export function StatusBar(props: {
  connection?: ConnectionStatus;
  /** every connection: two or more are shown as a compact summary */
  connections?: ConnectionStatus[];
  onOpenConnection?: (id: string) => void;
  /** false until the first snapshot: the backend may still be opening its connection (a polkit prompt) */
  loaded?: boolean;
  total: number;
  running: number;
  /** the connection's name opens its host page */
  onOpenHost?: (connection: string) => void;
  /** opens the event log */
  onEventLog?: () => void;
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
      {props.connections && props.connections.length > 1 ? (
        <Connections all={props.connections} onOpen={props.onOpenConnection} />
      ) : c ? (
        <Group gap={6} wrap="nowrap">
          <span aria-hidden style={{ width: 8, height: 8, borderRadius: '50%', background: DOT[c.state] }} />
          <Tooltip label="Show this host: CPU, memory, KVM, versions">
            <UnstyledButton
              onClick={() => props.onOpenHost?.(c.id)}
              data-testid="status-host-link"
              style={{ textDecoration: 'underline dotted', textUnderlineOffset: 3 }}
            >
              <Text size="xs" ff="monospace" data-testid="status-connection" data-state={c.state}>
                {c.uri}
              </Text>
            </UnstyledButton>
          </Tooltip>
          <Text size="xs" c="dimmed">
            {c.state === 'connected'
              ? [c.hostname, c.libvirtVersion && `libvirt ${c.libvirtVersion}`].filter(Boolean).join(' · ')
              : c.state === 'connecting'
                ? 'connecting…'
                : connectionWord(c)}
          </Text>
          {props.onOpenConnection && (
            <Anchor
              component="button"
              size="xs"
              onClick={() => props.onOpenConnection?.(c.id)}
              data-testid="status-hosts"
            >
              Hosts…
            </Anchor>
          )}
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
      {c?.state === 'connected' && (
        <Anchor
          href={hostHash({ connection: c.id, tab: 'networks' })}
          size="xs"
          data-testid="status-networks"
        >
          Networks
        </Anchor>
      )}
      <Text size="xs" c="dimmed" ml="auto">
        {props.running} running · {props.total} guest{props.total === 1 ? '' : 's'}
      </Text>
      {props.onEventLog && (
        <Button
          size="compact-xs"
          variant="subtle"
          color="gray"
          leftSection={<IconList size={14} />}
          onClick={props.onEventLog}
          data-testid="open-event-log"
        >
          Event log
        </Button>
      )}
    </Group>
  );
}
