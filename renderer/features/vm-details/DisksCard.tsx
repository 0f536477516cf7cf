// Storage: every disk and CD/DVD drive with its file.
import { Badge, Card, Table, Text, Title } from '@mantine/core';
import type { DiskInfo } from '../../../preload/contract';

export function DisksCard({ disks }: { disks?: DiskInfo[] }) {
  return (
    <Card withBorder padding="md" data-testid="details-disks">
      <Title order={4} size="h5" mb="xs">
        Storage
      </Title>
      {!disks ? (
        <Text size="sm" c="dimmed">
          …
        </Text>
      ) : disks.length === 0 ? (
        <Text size="sm" c="dimmed">
          No disks.
        </Text>
      ) : (
        <Table verticalSpacing={4} fz="sm">
          <Table.Tbody>
            {disks.map((d) => (
              <Table.Tr key={d.target}>
                <Table.Td style={{ width: 70 }}>
                  <Text size="sm" ff="monospace">
                    {d.target}
                  </Text>
                </Table.Td>
                <Table.Td style={{ width: 90 }}>{d.device === 'cdrom' ? 'CD/DVD' : d.device}</Table.Td>
                <Table.Td style={{ wordBreak: 'break-all' }}>
                  {d.path ?? (
                    <Text c="dimmed" size="sm">
                      empty
                    </Text>
                  )}
                </Table.Td>
                <Table.Td style={{ width: 120 }}>
                  {[d.bus, d.format].filter(Boolean).join(' · ')}
                  {d.readonly && (
                    <Badge size="xs" variant="light" color="gray" ml={6}>
                      read-only
                    </Badge>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Card>
  );
}
