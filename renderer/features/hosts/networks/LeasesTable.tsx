// The selected network's DHCP leases: MAC, IP, hostname, expiry and the guest with that MAC, polled by
// the main process only while this table is shown (useLeases holds the watch).
import { Alert, Table, Text } from '@mantine/core';
import type { NetworkInfo } from '../../../../preload/contract';
import { useLeases } from './useNetworks';

function expiry(ms: number): string {
  if (!ms) return 'never';
  const min = Math.round((ms - Date.now()) / 60_000);
  const at = new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  return min <= 0 ? `expired ${at}` : `${at} (in ${min < 60 ? `${min} min` : `${Math.round(min / 60)} h`})`;
}

export function LeasesTable({ net }: { net: NetworkInfo }) {
  const { leases, error } = useLeases(net.connection, net.name, net.active);
  if (!net.dhcp)
    return (
      <Text size="sm" c="dimmed" data-testid="leases-none">
        “{net.name}” hands out no addresses (no DHCP).
      </Text>
    );
  if (!net.active)
    return (
      <Text size="sm" c="dimmed" data-testid="leases-none">
        “{net.name}” is stopped: start it to see its leases.
      </Text>
    );
  if (error)
    return (
      <Alert color="red" title="The leases could not be read">
        {error.message}
      </Alert>
    );
  return (
    <Table striped withTableBorder fz="sm" data-testid="leases-table">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Guest</Table.Th>
          <Table.Th>IP address</Table.Th>
          <Table.Th>MAC</Table.Th>
          <Table.Th>Hostname</Table.Th>
          <Table.Th>Expires</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {leases?.length ? (
          leases.map((l) => (
            <Table.Tr key={`${l.mac}-${l.ip}`} data-testid={`lease-${l.mac}`}>
              <Table.Td>
                {l.guest ?? (
                  <Text span c="dimmed" size="sm">
                    not a guest here
                  </Text>
                )}
              </Table.Td>
              <Table.Td ff="monospace">{`${l.ip}/${l.prefix}`}</Table.Td>
              <Table.Td ff="monospace">{l.mac}</Table.Td>
              <Table.Td>{l.hostname ?? '—'}</Table.Td>
              <Table.Td>{expiry(l.expiresAt)}</Table.Td>
            </Table.Tr>
          ))
        ) : (
          <Table.Tr>
            <Table.Td colSpan={5}>
              <Text size="sm" c="dimmed">
                {leases ? 'No leases yet: a guest gets one when it asks for an address.' : 'Reading…'}
              </Text>
            </Table.Td>
          </Table.Tr>
        )}
      </Table.Tbody>
    </Table>
  );
}
