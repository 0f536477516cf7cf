// The toolbar on top, VirtualBox-style: an icon over a word for each action on the selected guest.
import { Divider, Group, Kbd, Popover, Stack, Table, Text, Tooltip, UnstyledButton } from '@mantine/core';
import { IconKeyboard, IconPlus, IconSettings } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import type { VmSummary } from '../../preload/contract';
import { ActionIcon } from '../features/vm-list/ActionIcon';
import {
  GUEST_ACTIONS,
  type GuestAction,
  newGuestKey,
  otherShortcuts,
  pauseOrResume,
} from '../features/vm-list/actions';
import { useAllowances } from '../features/vm-list/allowed';
import { useBridge } from './context';

function ToolButton(props: {
  testId: string;
  label: string;
  icon: ReactNode;
  tooltip: string;
  disabled?: boolean;
  danger?: boolean;
  onClick: () => void;
}) {
  // a disabled button gets no pointer events, so the tooltip (saying why) hangs on a wrapper
  return (
    <Tooltip label={props.tooltip} openDelay={400} withinPortal>
      <span style={{ display: 'inline-flex' }} data-testid={`${props.testId}-tip`}>
        <UnstyledButton
          className="kd-tool"
          data-testid={props.testId}
          data-danger={props.danger || undefined}
          disabled={props.disabled}
          aria-label={props.label}
          onClick={props.onClick}
          style={props.disabled ? { pointerEvents: 'none' } : undefined}
        >
          {props.icon}
          <span>{props.label}</span>
        </UnstyledButton>
      </span>
    </Tooltip>
  );
}

const GUEST_BUTTONS: (GuestAction | 'pauseResume' | '|power' | '|console')[] = [
  'start',
  'shutdown',
  'reboot',
  'pauseResume',
  'saveState',
  '|power',
  'forceOff',
  'reset',
  '|console',
  'console',
  'delete',
];

export function AppToolbar(props: {
  vm?: VmSummary;
  onAction: (action: GuestAction, vm: VmSummary) => void;
  /** undefined until a connection is known: there is nowhere to create a guest yet */
  onCreate?: () => void;
  onSettings: () => void;
}) {
  const { vm } = props;
  const allowed = useAllowances(vm);
  const shell = useBridge().shell;
  return (
    <Group
      gap={2}
      px="xs"
      py={4}
      wrap="nowrap"
      role="toolbar"
      aria-label="Guest actions"
      style={{ overflowX: 'auto' }}
    >
      <ToolButton
        testId="toolbar-new"
        label="New"
        icon={<IconPlus size={22} stroke={1.7} />}
        tooltip={props.onCreate ? `Create a guest (${newGuestKey(shell).label})` : 'Connecting to libvirt…'}
        disabled={!props.onCreate}
        onClick={() => props.onCreate?.()}
      />
      <Divider orientation="vertical" mx={4} />
      {GUEST_BUTTONS.map((entry) => {
        if (entry.startsWith('|')) return <Divider key={entry} orientation="vertical" mx={4} />;
        const action =
          entry === 'pauseResume' ? pauseOrResume(vm?.state ?? 'shutoff') : (entry as GuestAction);
        const info = GUEST_ACTIONS[action];
        const needsDialog = info.confirm || action === 'delete';
        const may = allowed?.[action];
        return (
          <ToolButton
            key={entry}
            testId={`toolbar-${info.slug}`}
            label={info.label}
            icon={<ActionIcon action={action} size={22} />}
            tooltip={
              !may
                ? 'Select a guest first.'
                : !may.enabled
                  ? (may.reason ?? '')
                  : `${info.label}${needsDialog ? '…' : ''}${info.shortcut ? ` (${info.shortcut.label})` : ''}`
            }
            disabled={!may?.enabled}
            danger={action === 'delete' || action === 'forceOff'}
            onClick={() => vm && props.onAction(action, vm)}
          />
        );
      })}
      <div style={{ flex: 1 }} />
      <ShortcutHelp />
      <ToolButton
        testId="toolbar-settings"
        label="Settings"
        icon={<IconSettings size={22} stroke={1.7} />}
        tooltip="Settings"
        onClick={props.onSettings}
      />
    </Group>
  );
}

/** The keyboard shortcuts, documented where users look for them. */
function ShortcutHelp() {
  const shell = useBridge().shell;
  const rows = [
    ...Object.values(GUEST_ACTIONS)
      .filter((a) => a.shortcut && a.slug !== 'resume')
      .map((a) => ({ keys: a.shortcut!.label, what: a.slug === 'pause' ? 'Pause / Resume' : a.label })),
    ...otherShortcuts(shell).map((s) => ({ keys: s.label, what: s.what })),
  ];
  return (
    <Popover position="bottom-end" withArrow shadow="md">
      <Popover.Target>
        <UnstyledButton className="kd-tool" data-testid="toolbar-shortcuts" aria-label="Keyboard shortcuts">
          <IconKeyboard size={22} stroke={1.7} />
          <span>Shortcuts</span>
        </UnstyledButton>
      </Popover.Target>
      <Popover.Dropdown data-testid="shortcut-help">
        <Stack gap={4}>
          <Text size="sm" fw={600}>
            Keyboard shortcuts
          </Text>
          <Table withRowBorders={false} verticalSpacing={2}>
            <Table.Tbody>
              {rows.map((r) => (
                <Table.Tr key={r.what}>
                  <Table.Td>
                    <Kbd size="xs">{r.keys}</Kbd>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{r.what}</Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
