// A minimal host page at #/host/<connection>/networks: a back link and the Networks panel. The host page
// with its tabs (host-tabs.tsx) takes the panel over as one of its tabs.
import { Anchor, Box, Group, ScrollArea, Text } from '@mantine/core';
import { IconArrowLeft } from '@tabler/icons-react';
import { NetworksPanel } from './networks/NetworksPanel';

export function HostNetworksPage({ connection }: { connection: string }) {
  return (
    <div style={{ height: '100vh', display: 'flex', flexDirection: 'column' }} data-testid="host-page">
      <Group
        px="md"
        py="xs"
        gap="md"
        style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}
      >
        <Anchor href="#/" size="sm" data-testid="host-back">
          <Group gap={4}>
            <IconArrowLeft size={16} />
            Guests
          </Group>
        </Anchor>
        <Text size="sm" ff="monospace" c="dimmed">
          {connection}
        </Text>
      </Group>
      <ScrollArea style={{ flex: 1 }}>
        <Box p="md">
          <NetworksPanel connection={connection} />
        </Box>
      </ScrollArea>
    </div>
  );
}
