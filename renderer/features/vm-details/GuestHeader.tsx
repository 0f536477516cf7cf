// The selected guest's name above its tabs: OS icon, name, title, state, and "transient" when it is.
import { Badge, Group, Text, Title } from '@mantine/core';
import type { VmSummary } from '../../../preload/contract';
import { GuestStateBadge } from '../../components/GuestStateBadge';
import { OsIcon } from '../../components/OsIcon';

export function GuestHeader({ vm }: { vm: VmSummary }) {
  return (
    <Group gap="sm" wrap="nowrap" data-testid="details-header">
      <OsIcon family={vm.osFamily} osId={vm.osId} size={36} />
      <div style={{ minWidth: 0, flex: 1 }}>
        <Group gap="sm" wrap="nowrap">
          <Title order={3} size="h4" data-testid="details-name" style={{ wordBreak: 'break-all' }}>
            {vm.name}
          </Title>
          <GuestStateBadge
            state={vm.state}
            reason={vm.reason}
            saved={vm.savedState}
            size="sm"
            testId="details-state"
          />
        </Group>
        {vm.title && (
          <Text size="sm" c="dimmed" truncate data-testid="details-title">
            {vm.title}
          </Text>
        )}
      </div>
      {!vm.persistent && (
        <Badge variant="light" color="gray" style={{ flex: 'none' }}>
          transient
        </Badge>
      )}
    </Group>
  );
}
