// Network: every NIC, where it is plugged in, its model and MAC address.
import { Text } from '@mantine/core';
import { IconNetwork } from '@tabler/icons-react';
import type { NicInfo } from '../../../../preload/contract';
import { DeviceListCard } from './DeviceListCard';

const KINDS: Record<string, string> = {
  network: 'Virtual network',
  bridge: 'Bridge',
  user: 'User-mode networking',
  direct: 'Direct (macvtap)',
};

export function NicsCard({ nics }: { nics?: NicInfo[] }) {
  const rows = nics?.map((n) => ({
    key: n.mac,
    icon: <IconNetwork size={20} stroke={1.5} style={{ flex: 'none', marginTop: 2 }} />,
    main: `${KINDS[n.type] ?? n.type}${n.source ? ` “${n.source}”` : ''}`,
    sub: (
      <Text size="xs" c="dimmed">
        {[n.model, n.mac].filter(Boolean).join(' · ')}
      </Text>
    ),
  }));
  return <DeviceListCard title="Network" testId="details-nics" none="No network adapters." rows={rows} />;
}
