// A host's virtual networks: one row each (state, mode, IPv4, DHCP range, autostart, the guests on it),
// Start / Stop / Delete and autostart, Create network…, and the selected network's DHCP leases. The list
// follows libvirt's network events (networks.changed); the api refuses Stop and Delete while guests use a
// network and says which, shown as it answers.
import {
  Badge,
  Button,
  Group,
  Loader,
  Modal,
  Stack,
  Switch,
  Table,
  Text,
  Title,
  Tooltip,
} from '@mantine/core';
import { IconPlayerPlay, IconPlayerStop, IconPlus, IconTrash } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import type { ApiResult, NetworkInfo } from '../../../../preload/contract';
import { useBridge } from '../../../app/context';
import { showApiError } from '../../../app/errors';
import { CreateNetworkDialog } from './CreateNetworkDialog';
import { LeasesTable } from './LeasesTable';
import { MODE_LABELS } from './network-form';
import { useNetworks } from './useNetworks';

function modeLabel(n: NetworkInfo): string {
  if (n.mode && n.mode !== 'other') return MODE_LABELS[n.mode];
  return n.forward ?? 'Isolated';
}

export function NetworksPanel({ connection }: { connection: string }) {
  const bridge = useBridge();
  const { list, error, reload } = useNetworks(connection);
  const [selectedName, setSelectedName] = useState<string>();
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<NetworkInfo>();
  const existing = useMemo(() => new Set(list?.map((n) => n.name)), [list]);
  const selected = list?.find((n) => n.name === selectedName) ?? list?.[0];

  async function act(title: string, call: Promise<ApiResult<void>>) {
    const r = await call;
    if (!r.ok) showApiError(bridge, r.error, { title, connection });
    void reload(); // autostart sends no event
  }

  if (!list)
    return error ? (
      <Text c="red" data-testid="networks-error">
        {error.message}
      </Text>
    ) : (
      <Loader size="sm" />
    );

  return (
    <Stack gap="md" data-testid="networks-panel">
      <Group justify="space-between">
        <Title order={4}>Virtual networks</Title>
        <Button
          leftSection={<IconPlus size={16} />}
          onClick={() => setCreating(true)}
          data-testid="networks-create"
        >
          Create network…
        </Button>
      </Group>
      <Table highlightOnHover withTableBorder fz="sm" data-testid="networks-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>State</Table.Th>
            <Table.Th>Mode</Table.Th>
            <Table.Th>IPv4</Table.Th>
            <Table.Th>DHCP range</Table.Th>
            <Table.Th>Autostart</Table.Th>
            <Table.Th>Guests</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {list.map((n) => {
            const args = { connection, name: n.name };
            const inUse = n.guests?.length ?? 0;
            return (
              <Table.Tr
                key={n.uuid}
                data-testid={`network-${n.name}`}
                aria-selected={selected?.name === n.name}
                onClick={() => setSelectedName(n.name)}
                style={{ cursor: 'pointer' }}
                bg={selected?.name === n.name ? 'var(--mantine-primary-color-light)' : undefined}
              >
                <Table.Td fw={500}>{n.name}</Table.Td>
                <Table.Td>
                  <Badge
                    color={n.active ? 'green' : 'gray'}
                    variant="light"
                    data-testid={`network-${n.name}-state`}
                    style={{ minWidth: 'max-content' }}
                  >
                    {n.active ? 'active' : 'stopped'}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  {modeLabel(n)}
                  {n.bridge && (
                    <Text span c="dimmed" size="xs" ff="monospace">
                      {' '}
                      {n.bridge}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td ff="monospace">{n.ipv4 ? `${n.ipv4.address}/${n.ipv4.prefix}` : '—'}</Table.Td>
                <Table.Td ff="monospace">{n.dhcp ? `${n.dhcp.start} – ${n.dhcp.end}` : '—'}</Table.Td>
                <Table.Td onClick={(e) => e.stopPropagation()}>
                  <Switch
                    size="xs"
                    checked={n.autostart}
                    disabled={n.persistent === false}
                    aria-label={`Start ${n.name} when the host boots`}
                    onChange={(e) =>
                      void act(
                        `Could not change autostart of “${n.name}”`,
                        bridge.call('networks.setAutostart', { ...args, enabled: e.currentTarget.checked }),
                      )
                    }
                  />
                </Table.Td>
                <Table.Td data-testid={`network-${n.name}-guests`}>
                  {inUse ? (
                    n.guests!.join(', ')
                  ) : (
                    <Text span c="dimmed" size="sm">
                      none
                    </Text>
                  )}
                </Table.Td>
                <Table.Td onClick={(e) => e.stopPropagation()}>
                  <Group gap={4} wrap="nowrap" justify="flex-end">
                    {n.active ? (
                      <Button
                        size="compact-xs"
                        variant="default"
                        leftSection={<IconPlayerStop size={14} />}
                        onClick={() =>
                          void act(`Could not stop “${n.name}”`, bridge.call('networks.stop', args))
                        }
                        data-testid={`network-${n.name}-stop`}
                      >
                        Stop
                      </Button>
                    ) : (
                      <Button
                        size="compact-xs"
                        variant="default"
                        leftSection={<IconPlayerPlay size={14} />}
                        onClick={() =>
                          void act(`Could not start “${n.name}”`, bridge.call('networks.start', args))
                        }
                        data-testid={`network-${n.name}-start`}
                      >
                        Start
                      </Button>
                    )}
                    <Tooltip label={inUse ? `Used by ${n.guests!.join(', ')}` : 'Delete this network'}>
                      <Button
                        size="compact-xs"
                        variant="default"
                        color="red"
                        leftSection={<IconTrash size={14} />}
                        onClick={() => setDeleting(n)}
                        data-testid={`network-${n.name}-delete`}
                      >
                        Delete
                      </Button>
                    </Tooltip>
                  </Group>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
      {selected && (
        <Stack gap="xs">
          <Title order={5}>DHCP leases of “{selected.name}”</Title>
          <LeasesTable net={selected} />
        </Stack>
      )}
      <CreateNetworkDialog
        opened={creating}
        connection={connection}
        existing={existing}
        onClose={() => setCreating(false)}
        onCreated={(n) => {
          setSelectedName(n.name);
          void reload();
        }}
      />
      <Modal opened={!!deleting} onClose={() => setDeleting(undefined)} title={`Delete “${deleting?.name}”?`}>
        <Stack>
          <Text size="sm">
            The network is stopped and its definition removed. Guests are not touched: KVM Desk refuses while
            any guest has an adapter on it.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setDeleting(undefined)}>
              Cancel
            </Button>
            <Button
              color="red"
              data-testid="network-delete-confirm"
              onClick={() => {
                const n = deleting!;
                setDeleting(undefined);
                void act(
                  `Could not delete “${n.name}”`,
                  bridge.call('networks.delete', { connection, name: n.name }),
                );
              }}
            >
              Delete
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
