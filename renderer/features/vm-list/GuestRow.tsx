// One guest in the list: OS icon, name, OS name, state with reason, vCPUs and memory; a Shut down or
// Reboot the guest has not acted on yet takes the OS name's place; a base of linked clones ("base of 2")
// and a linked clone (a link icon) say so beside the state, with the names in a tooltip; the optional
// columns (CPU, memory, IP address) follow at the row's end.
import { Badge, Group, Stack, Text, Tooltip } from '@mantine/core';
import { IconLink } from '@tabler/icons-react';
import { memo } from 'react';
import type { VmStatsSample, VmSummary } from '../../../preload/contract';
import { formatMemory } from '../../components/format';
import { GuestStateBadge } from '../../components/GuestStateBadge';
import { OsIcon } from '../../components/OsIcon';
import { GuestThumbnail } from '../console/GuestThumbnail';
import type { GuestAction } from './actions';
import type { ListColumn } from './columns/list-columns';
import { baseBadge, cloneBadgeTitle } from './linked-clones';
import { PendingRequestRow } from './PendingRequestNote';

export const ROW_HEIGHT = 60;

/** DOM id of a guest's row, for the list's aria-activedescendant */
export const rowId = (vm: VmSummary) => `guest-row-${vm.uuid}`;

interface Props {
  vm: VmSummary;
  selected: boolean;
  top: number;
  onSelect: (vm: VmSummary) => void;
  onOpen: (vm: VmSummary) => void;
  /** the pending request's way out (Force off) */
  onAction: (action: GuestAction, vm: VmSummary) => void;
  /** the optional columns that are on, each a cell at the row's end */
  columns: ListColumn[];
  /** this guest's recent stats samples, oldest first */
  samples?: readonly VmStatsSample[];
  /** the names of its linked clones, when it is their base (linked-clones.ts) */
  linkedClones?: readonly string[];
}

export const GuestRow = memo(function GuestRow({
  vm,
  selected,
  top,
  onSelect,
  onOpen,
  onAction,
  columns,
  samples,
  linkedClones,
}: Props) {
  return (
    <div
      role="option"
      aria-selected={selected}
      data-testid={`vm-${vm.name}`}
      data-uuid={vm.uuid}
      id={rowId(vm)}
      tabIndex={-1}
      onKeyDown={(e) => e.key === 'Enter' && onOpen(vm)}
      onClick={() => onSelect(vm)}
      onDoubleClick={() => onOpen(vm)}
      // select before the list's context menu opens, so the menu acts on this guest
      onContextMenu={() => onSelect(vm)}
      style={{
        position: 'absolute',
        top: 0,
        left: 0,
        right: 0,
        height: ROW_HEIGHT,
        transform: `translateY(${top}px)`,
        display: 'flex',
        alignItems: 'center',
        gap: 12,
        padding: '0 12px',
        cursor: 'default',
        borderBottom: '1px solid var(--mantine-color-default-border)',
        background: selected ? 'var(--mantine-primary-color-light)' : undefined,
        boxShadow: selected ? 'inset 3px 0 0 var(--mantine-primary-color-filled)' : undefined,
      }}
    >
      {/* a running guest shows its screen (refreshed while visible), others their OS */}
      {vm.hasConsole && (vm.state === 'running' || vm.state === 'paused') ? (
        <GuestThumbnail vm={vm} width={56} height={42} />
      ) : (
        <OsIcon family={vm.osFamily} osId={vm.osId} />
      )}
      <Stack gap={2} style={{ flex: 1, minWidth: 0 }}>
        <Group gap={8} wrap="nowrap" justify="space-between">
          <Text size="sm" fw={600} truncate title={vm.title ? `${vm.name}: ${vm.title}` : vm.name}>
            {vm.name}
          </Text>
          <Text size="xs" c="dimmed" style={{ flex: 'none' }}>
            {vm.vcpus} vCPU{vm.vcpus === 1 ? '' : 's'} · {formatMemory(vm.memoryKiB)}
          </Text>
        </Group>
        <Group gap={8} wrap="nowrap" justify="space-between">
          {/* while a request is pending, its note says more than the reason ("booted") */}
          <Group gap={6} wrap="nowrap" style={{ minWidth: 0 }}>
            <GuestStateBadge
              state={vm.state}
              reason={vm.pendingRequest ? undefined : vm.reason}
              saved={vm.savedState}
              testId={`vm-${vm.name}-state`}
            />
            <LinkedCloneMarks vm={vm} clones={linkedClones} />
          </Group>
          {vm.pendingRequest ? (
            <PendingRequestRow vm={vm} request={vm.pendingRequest} onAction={onAction} />
          ) : (
            <Text size="xs" c="dimmed" truncate style={{ minWidth: 0, maxWidth: '60%' }}>
              {vm.osName ?? 'Unknown OS'}
            </Text>
          )}
        </Group>
      </Stack>
      {columns.map((c) => (
        <div key={c.id} style={{ width: c.width, flex: 'none' }}>
          <c.cell vm={vm} samples={samples} />
        </div>
      ))}
    </div>
  );
});

/** "base of N" on a base, a link icon on a linked clone; both name the others in their tooltip */
function LinkedCloneMarks({ vm, clones }: { vm: VmSummary; clones?: readonly string[] }) {
  const base = clones?.length ? baseBadge(clones) : undefined;
  return (
    <>
      {base && (
        <Tooltip label={base.title} multiline w={280} openDelay={300}>
          <Badge
            size="xs"
            variant="light"
            color="gray"
            leftSection={<IconLink size={10} />}
            style={{ flex: 'none', textTransform: 'none' }}
            aria-label={base.title}
            data-testid={`vm-${vm.name}-base-of`}
          >
            {base.label}
          </Badge>
        </Tooltip>
      )}
      {vm.linkedCloneOf && (
        <Tooltip label={cloneBadgeTitle(vm.linkedCloneOf.name)} multiline w={280} openDelay={300}>
          <IconLink
            size={14}
            role="img"
            aria-label={cloneBadgeTitle(vm.linkedCloneOf.name)}
            data-testid={`vm-${vm.name}-linked-clone`}
            style={{ flex: 'none', color: 'var(--mantine-color-dimmed)' }}
          />
        </Tooltip>
      )}
    </>
  );
}
