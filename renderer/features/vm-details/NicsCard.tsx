// Network: every NIC, where it is plugged in and its MAC address.
import { Card, Table, Text, Title } from '@mantine/core';
import type { NicInfo } from '../../../preload/contract';

const KINDS: Record<string, string> = {
  network: 'Virtual network',
  bridge: 'Bridge',
  user: 'User mode',
  direct: 'macvtap',
};

export function NicsCard({ nics }: { nics?: NicInfo[] }) {
  return (
    <Card withBorder padding="md" data-testid="details-nics">
      <Title order={4} size="h5" mb="xs">
        Network
      </Title>
      {!nics ? (
        <Text size="sm" c="dimmed">
          …
        </Text>
      ) : nics.length === 0 ? (
        <Text size="sm" c="dimmed">
          No network adapters.
        </Text>
      ) : (
        <Table verticalSpacing={4} fz="sm">
          <Table.Tbody>
            {nics.map((n) => (
              <Table.Tr key={n.mac}>
                <Table.Td>
                  {KINDS[n.type] ?? n.type}
                  {n.source ? ` “${n.source}”` : ''}
                </Table.Td>
                <Table.Td>{n.model}</Table.Td>
                <Table.Td>
                  <Text size="sm" ff="monospace">
                    {n.mac}
                  </Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Card>
  );
}
