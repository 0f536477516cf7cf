// A host's storage ({ connection }): its pools with type, state, a capacity bar and autostart, their
// actions (start, stop, refresh, delete), "New pool", and the selected pool's volumes below. Kept current
// by 'storage.changed' (libvirt's pool events and our own changes), never by polling.
import { ActionIcon, Badge, Button, Group, Menu, Progress, Stack, Switch, Table, Text } from '@mantine/core';
import { useCallback, useEffect, useState } from 'react';
import type { ApiError, PoolArgs, StoragePool } from '../../../../preload/contract';
import { useBridge } from '../../../app/context';
import { showApiError } from '../../../app/errors';
import { CreatePoolDialog } from './StorageDialogs';
import { poolUse } from './storage-format';
import { VolumesTable } from './VolumesTable';

const STATE_COLOR: Record<StoragePool['state'], string> = {
  running: 'green',
  inactive: 'gray',
  building: 'yellow',
  degraded: 'orange',
  inaccessible: 'red',
};

export function StoragePanel(props: { connection: string }) {
  const bridge = useBridge();
  const { connection } = props;
  const [pools, setPools] = useState<StoragePool[]>();
  const [selected, setSelected] = useState<string>();
  const [creating, setCreating] = useState(false);
  const [version, setVersion] = useState(0);
  const load = useCallback(async () => {
    const r = await bridge.call('storage.listPools', { connection });
    if (!r.ok) return showApiError(bridge, r.error, { title: 'Could not list the storage pools' });
    setPools(r.value);
    setSelected((s) => (s && r.value.some((p) => p.name === s) ? s : r.value[0]?.name));
  }, [bridge, connection]);
  useEffect(() => {
    void load();
    return bridge.on('storage.changed', (e) => {
      if (e.connection !== connection) return;
      void load();
      setVersion((v) => v + 1);
    });
  }, [bridge, connection, load]);

  const act = async (what: string, run: () => Promise<{ ok: true } | { ok: false; error: ApiError }>) => {
    const r = await run();
    if (!r.ok) showApiError(bridge, r.error, { title: what });
    void load();
  };
  const pool = pools?.find((p) => p.name === selected);

  return (
    <Stack gap="md" p="md" data-testid="storage-panel">
      <Group justify="space-between">
        <Text fw={600} size="lg">
          Storage pools
        </Text>
        <Button size="xs" onClick={() => setCreating(true)} data-testid="new-pool">
          New pool…
        </Button>
      </Group>
      <Table highlightOnHover verticalSpacing={6} fz="sm" data-testid="pools">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>Type</Table.Th>
            <Table.Th>State</Table.Th>
            <Table.Th w={260}>Space</Table.Th>
            <Table.Th>Autostart</Table.Th>
            <Table.Th w={40} />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {pools?.map((p) => {
            const use = poolUse(p);
            const ref: PoolArgs = { connection, pool: p.name };
            return (
              <Table.Tr
                key={p.name}
                onClick={() => setSelected(p.name)}
                bg={p.name === selected ? 'var(--mantine-primary-color-light)' : undefined}
                style={{ cursor: 'pointer' }}
                data-testid={`pool-${p.name}`}
              >
                <Table.Td>
                  <Text size="sm" fw={500}>
                    {p.name}
                  </Text>
                  {p.path && (
                    <Text size="xs" c="dimmed" ff="monospace">
                      {p.source ?? p.path}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>{p.type}</Table.Td>
                <Table.Td>
                  <Badge
                    size="sm"
                    variant="light"
                    color={STATE_COLOR[p.state]}
                    data-testid="pool-state"
                    // a narrow table shrank it to "R…": the state's word is never cut
                    style={{ minWidth: 'max-content' }}
                  >
                    {p.state}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  {use ? (
                    <Stack gap={2}>
                      <Progress
                        value={use.percent}
                        color={use.percent > 90 ? 'red' : undefined}
                        aria-label={`${use.percent}% used`}
                      />
                      <Text size="xs" c="dimmed">
                        {use.line}
                      </Text>
                    </Stack>
                  ) : (
                    <Text size="xs" c="dimmed">
                      known while running
                    </Text>
                  )}
                </Table.Td>
                <Table.Td onClick={(e) => e.stopPropagation()}>
                  <Switch
                    size="xs"
                    checked={p.autostart}
                    aria-label={`Start ${p.name} when the host boots`}
                    onChange={(e) => {
                      const enabled = e.currentTarget.checked;
                      void act(`Autostart of ${p.name}`, () =>
                        bridge.call('storage.setPoolAutostart', { ...ref, enabled }),
                      );
                    }}
                  />
                </Table.Td>
                <Table.Td onClick={(e) => e.stopPropagation()}>
                  <Menu position="bottom-end" withinPortal>
                    <Menu.Target>
                      <ActionIcon
                        variant="subtle"
                        aria-label={`Actions for ${p.name}`}
                        data-testid={`pool-actions-${p.name}`}
                      >
                        ⋯
                      </ActionIcon>
                    </Menu.Target>
                    <Menu.Dropdown>
                      {p.state === 'running' ? (
                        <>
                          <Menu.Item
                            onClick={() =>
                              void act(`Refresh ${p.name}`, () => bridge.call('storage.refreshPool', ref))
                            }
                          >
                            Refresh
                          </Menu.Item>
                          <Menu.Item
                            onClick={() =>
                              void act(`Stop ${p.name}`, () => bridge.call('storage.stopPool', ref))
                            }
                          >
                            Stop
                          </Menu.Item>
                        </>
                      ) : (
                        <Menu.Item
                          onClick={() =>
                            void act(`Start ${p.name}`, () => bridge.call('storage.startPool', ref))
                          }
                        >
                          Start
                        </Menu.Item>
                      )}
                      <Menu.Item
                        color="red"
                        onClick={() =>
                          void act(`${p.name} was not deleted`, () => bridge.call('storage.deletePool', ref))
                        }
                        data-testid="pool-delete"
                      >
                        Delete (the folder stays)
                      </Menu.Item>
                    </Menu.Dropdown>
                  </Menu>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
      {pool?.state === 'running' && <VolumesTable key={pool.name} pool={pool} version={version} />}
      {pool && pool.state !== 'running' && (
        <Text size="sm" c="dimmed">
          Start {pool.name} to see its volumes.
        </Text>
      )}
      <CreatePoolDialog connection={connection} opened={creating} onClose={() => setCreating(false)} />
    </Stack>
  );
}
