// Network: every NIC, where it is plugged in, its model and MAC address.
import { Card, Group, Stack, Text, Title } from '@mantine/core';
import { IconNetwork } from '@tabler/icons-react';
import type { NicInfo } from '../../../preload/contract';

const KINDS: Record<string, string> = {
  network: 'Virtual network',
  bridge: 'Bridge',
  user: 'User-mode networking',
  direct: 'Direct (macvtap)',
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
        <Stack gap="xs">
          {nics.map((n) => (
            <Group key={n.mac} gap="sm" wrap="nowrap" align="flex-start">
              <IconNetwork size={20} stroke={1.5} style={{ flex: 'none', marginTop: 2 }} />
              <Stack gap={0} style={{ minWidth: 0 }}>
                <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                  {KINDS[n.type] ?? n.type}
                  {n.source ? ` “${n.source}”` : ''}
                </Text>
                <Text size="xs" c="dimmed">
                  {[n.model, n.mac].filter(Boolean).join(' · ')}
                </Text>
              </Stack>
            </Group>
          ))}
        </Stack>
      )}
    </Card>
  );
}
