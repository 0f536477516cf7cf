// The connections manager: every connection with its state, Disconnect / Reconnect / Remove, and
// "connect at start" for the saved ones; Add host opens the ssh dialog. Removing forgets the connection
// only: the host and its guests are not touched.
import { Badge, Button, Group, Modal, Stack, Switch, Table, Text } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import type { ConnectionStatus } from '../../../../preload/contract';
import { useAppState, useBridge } from '../../../app/context';
import { callOrNotify } from '../../../app/errors';
import { connectionName, connectionWord } from '../../vm-list/grouping';
import { AddHostDialog } from './AddHostDialog';

const WORD_COLOR = { connected: 'green', connecting: 'yellow', reconnecting: 'orange', disconnected: 'gray' };

function ConnectionRow({ c, focused }: { c: ConnectionStatus; focused: boolean }) {
  const bridge = useBridge();
  const [busy, setBusy] = useState(false);
  const word = connectionWord(c);
  const act = async (method: 'hosts.disconnect' | 'hosts.reconnect' | 'hosts.remove', title: string) => {
    setBusy(true);
    await callOrNotify(bridge, method, { connection: c.id }, { title });
    setBusy(false);
  };
  return (
    <Table.Tr
      data-testid={`connection-row-${c.id}`}
      data-state={word}
      style={focused ? { boxShadow: 'inset 3px 0 0 var(--mantine-primary-color-filled)' } : undefined}
    >
      <Table.Td>
        <Text size="sm" fw={600}>
          {connectionName(c)}
        </Text>
        <Text size="xs" c="dimmed" ff="monospace">
          {c.uri}
        </Text>
        {c.message && word !== 'connected' && (
          <Text size="xs" c="dimmed">
            {c.message}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <Badge variant="light" color={WORD_COLOR[word]}>
          {word}
        </Badge>
      </Table.Td>
      <Table.Td>
        {c.connectAtStart === undefined ? (
          <Text size="xs" c="dimmed" title="Chosen by KVMDESK_URI for this run; not saved">
            this run only
          </Text>
        ) : (
          <Switch
            size="xs"
            aria-label={`Connect to ${connectionName(c)} when KVM Desk starts`}
            checked={c.connectAtStart}
            onChange={(e) =>
              void callOrNotify(
                bridge,
                'hosts.setConnectAtStart',
                { connection: c.id, enabled: e.currentTarget.checked },
                { title: 'Could not save the choice' },
              )
            }
          />
        )}
      </Table.Td>
      <Table.Td>
        <Group gap={4} wrap="nowrap" justify="flex-end">
          {word === 'disconnected' ? (
            <Button
              size="compact-xs"
              variant="light"
              loading={busy}
              onClick={() => void act('hosts.reconnect', 'Could not connect')}
            >
              Connect
            </Button>
          ) : (
            <Button
              size="compact-xs"
              variant="default"
              loading={busy}
              onClick={() => void act('hosts.disconnect', 'Could not disconnect')}
            >
              Disconnect
            </Button>
          )}
          <Button
            size="compact-xs"
            variant="subtle"
            color="red"
            disabled={busy}
            onClick={() => void act('hosts.remove', 'Could not remove the connection')}
            title="Forget this connection (the host and its guests stay as they are)"
          >
            Remove
          </Button>
        </Group>
      </Table.Td>
    </Table.Tr>
  );
}

export function ConnectionsDialog(props: { opened: boolean; onClose: () => void; focus?: string }) {
  const map = useAppState((s) => s.connections);
  const connections = useMemo(() => Object.values(map), [map]);
  const [adding, setAdding] = useState(false);
  return (
    <>
      <Modal
        opened={props.opened && !adding}
        onClose={props.onClose}
        title="Connections"
        size="xl"
        data-testid="connections-dialog"
      >
        <Stack gap="sm">
          <Table verticalSpacing={6}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Host</Table.Th>
                <Table.Th>State</Table.Th>
                <Table.Th>At start</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {connections.map((c) => (
                <ConnectionRow key={c.id} c={c} focused={c.id === props.focus} />
              ))}
            </Table.Tbody>
          </Table>
          {connections.length === 0 && (
            <Text size="sm" c="dimmed">
              No connections yet.
            </Text>
          )}
          <Group justify="space-between">
            <Text size="xs" c="dimmed">
              Remote hosts are reached over ssh; browsing their files in the wizard is not there yet.
            </Text>
            <Button
              leftSection={<IconPlus size={16} />}
              onClick={() => setAdding(true)}
              data-testid="add-host"
            >
              Add host
            </Button>
          </Group>
        </Stack>
      </Modal>
      <AddHostDialog opened={adding} onClose={() => setAdding(false)} />
    </>
  );
}
