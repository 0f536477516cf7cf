// The selected guest's name above its tabs: OS icon, name, title, state, "transient" when it is, and
// Clone… (the toolbar has the lifecycle actions; a clone is about the guest as a whole).
import { Badge, Button, Group, Text, Title, Tooltip } from '@mantine/core';
import { IconCopy, IconExternalLink } from '@tabler/icons-react';
import { useState } from 'react';
import type { VmSummary } from '../../../preload/contract';
import { useBridge } from '../../app/context';
import { GuestStateBadge } from '../../components/GuestStateBadge';
import { OsIcon } from '../../components/OsIcon';
import { LinkedCloneNote } from '../clone/LinkedCloneNote';
import type { GuestAction } from '../vm-list/actions';
import { useAllowances } from '../vm-list/allowed';
import { SHORTCUT_UNAVAILABLE, ShortcutDialog } from '../vm-list/ShortcutDialog';

export function GuestHeader({
  vm,
  onAction,
}: {
  vm: VmSummary;
  onAction?: (action: GuestAction, vm: VmSummary) => void;
}) {
  const clone = useAllowances(vm)?.clone;
  const desktopApp = useBridge().shell === 'electron';
  const [shortcutFor, setShortcutFor] = useState<VmSummary>();
  return (
    // the buttons go below the name when the details are narrow, rather than squeezing it letter by letter
    <Group gap="sm" wrap="wrap" data-testid="details-header">
      <OsIcon family={vm.osFamily} osId={vm.osId} size={36} />
      <div style={{ minWidth: 220, flex: 1 }}>
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
      <Tooltip
        label={desktopApp ? 'A launcher that opens this guest’s console' : SHORTCUT_UNAVAILABLE}
        withinPortal
      >
        <span data-testid="details-shortcut-tip" style={{ flex: 'none' }}>
          <Button
            variant="default"
            size="xs"
            leftSection={<IconExternalLink size={14} />}
            disabled={!desktopApp}
            onClick={() => setShortcutFor(vm)}
            data-testid="details-shortcut"
          >
            Shortcut…
          </Button>
        </span>
      </Tooltip>
      <ShortcutDialog vm={shortcutFor} onClose={() => setShortcutFor(undefined)} />
      {!vm.persistent && (
        <Badge variant="light" color="gray" style={{ flex: 'none' }}>
          transient
        </Badge>
      )}
    </Group>
  );
}
