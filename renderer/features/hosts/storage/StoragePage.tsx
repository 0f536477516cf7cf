// The host's storage as its own page (#/host/<connection>/storage) with a way back to the guests, until the
// host page with tabs (host-tabs.tsx) takes StoragePanel in as a tab.
import { Anchor, Group, Text } from '@mantine/core';
import { StoragePanel } from './StoragePanel';

export function StoragePage(props: { connection: string }) {
  return (
    <div style={{ height: '100vh', overflow: 'auto' }}>
      <Group gap="sm" px="md" pt="sm">
        <Anchor href="#/" size="sm" data-testid="storage-back">
          ← Guests
        </Anchor>
        <Text size="sm" c="dimmed" ff="monospace">
          {props.connection}
        </Text>
      </Group>
      <StoragePanel connection={props.connection} />
    </div>
  );
}
