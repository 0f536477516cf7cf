// The selected guest's name above its tabs: OS icon, name, title, state, "transient" when it is, and
// Clone… (the toolbar has the lifecycle actions; a clone is about the guest as a whole).
import { Badge, Button, Group, Text, Title, Tooltip } from '@mantine/core';
import { IconCopy } from '@tabler/icons-react';
import type { VmSummary } from '../../../preload/contract';
import { GuestStateBadge } from '../../components/GuestStateBadge';
import { OsIcon } from '../../components/OsIcon';
import { LinkedCloneNote } from '../clone/LinkedCloneNote';
import type { GuestAction } from '../vm-list/actions';
import { useAllowances } from '../vm-list/allowed';

export function GuestHeader({
  vm,
  onAction,
}: {
  vm: VmSummary;
  onAction?: (action: GuestAction, vm: VmSummary) => void;
}) {
  const clone = useAllowances(vm)?.clone;
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
        <LinkedCloneNote vm={vm} />
      </div>
      {onAction && clone?.offered && (
        // a disabled button gets no pointer events: the tooltip saying why hangs on a wrapper
        <Tooltip
          label={clone.reason ?? 'A new guest from this one: a full copy or a linked clone'}
          withinPortal
        >
          <span data-testid="details-clone-tip" style={{ flex: 'none' }}>
            <Button
              variant="default"
              size="xs"
              leftSection={<IconCopy size={14} />}
              disabled={!clone.enabled}
              onClick={() => onAction('clone', vm)}
              data-testid="details-clone"
            >
              Clone…
            </Button>
          </span>
        </Tooltip>
      )}
      {!vm.persistent && (
        <Badge variant="light" color="gray" style={{ flex: 'none' }}>
          transient
        </Badge>
      )}
    </Group>
  );
}
