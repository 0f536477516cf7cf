// A connection's own page: the host it runs on, as tabs (host-tabs.tsx). Opened from the status bar;
// the tab is part of the route (#/host/<connection>/<tab>), so a reload keeps it.
import { ActionIcon, Box, Group, Tabs, Text, Title, Tooltip } from '@mantine/core';
import { IconServer2, IconX } from '@tabler/icons-react';
import type { ConnectionStatus } from '../../../preload/contract';
import { TabScroll } from '../../components/TabScroll';
import { HOST_TABS } from './host-tabs';

export function HostPage({
  connection,
  status,
  tab,
  onTab,
  onClose,
}: {
  connection: string;
  status?: ConnectionStatus;
  tab: string;
  onTab: (tab: string) => void;
  /** back to the guest that was selected */
  onClose: () => void;
}) {
  return (
    <Box h="100%" style={{ display: 'flex', flexDirection: 'column' }} data-testid="host-page">
      <Group px="md" pt="md" pb="xs" gap="sm" wrap="nowrap">
        <IconServer2 size={28} stroke={1.4} />
        <Box style={{ minWidth: 0, flex: 1 }}>
          <Title order={3} data-testid="host-title">
            {status?.hostname ?? 'Host'}
          </Title>
          <Text size="xs" c="dimmed" ff="monospace">
            {connection}
          </Text>
        </Box>
        <Tooltip label="Close the host page">
          <ActionIcon variant="subtle" color="gray" onClick={onClose} aria-label="Close the host page">
            <IconX size={18} />
          </ActionIcon>
        </Tooltip>
      </Group>
      <Tabs
        value={tab}
        onChange={(v) => v && onTab(v)}
        keepMounted={false}
        style={{ flex: 1, minHeight: 0, display: 'flex', flexDirection: 'column' }}
      >
        <Tabs.List px="md" data-testid="host-tabs">
          {HOST_TABS.map((t) => (
            <Tabs.Tab
              key={t.id}
              value={t.id}
              leftSection={<t.icon size={16} stroke={1.6} />}
              data-testid={`host-tab-${t.id}`}
            >
              {t.label}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {HOST_TABS.map((t) => (
          <Tabs.Panel
            key={t.id}
            value={t.id}
            style={{ flex: 1, minHeight: 0 }}
            data-testid={`host-panel-${t.id}`}
          >
            <TabScroll label={t.label}>{t.panel(connection)}</TabScroll>
          </Tabs.Panel>
        ))}
      </Tabs>
    </Box>
  );
}
