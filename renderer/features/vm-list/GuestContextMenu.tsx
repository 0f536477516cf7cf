// Right click in the list: the selected guest's actions (the row selects itself first), or
// "New guest" on empty space.
import { Menu, Text } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { Fragment, type ReactElement } from 'react';
import type { VmSummary } from '../../../preload/contract';
import { ActionIcon } from './ActionIcon';
import { GUEST_ACTIONS, type GuestAction } from './actions';

const ORDER: GuestAction[] = [
  'start',
  'shutdown',
  'reboot',
  'pause',
  'resume',
  'console',
  'forceOff',
  'reset',
  'delete',
];

export function GuestContextMenu(props: {
  vm?: VmSummary;
  onAction: (action: GuestAction, vm: VmSummary) => void;
  onCreate: () => void;
  children: ReactElement;
}) {
  const { vm } = props;
  return (
    <Menu shadow="md" width={230} position="bottom-start" withinPortal>
      <Menu.ContextMenu>{props.children}</Menu.ContextMenu>
      <Menu.Dropdown data-testid="guest-menu">
        {vm ? (
          <>
            <Menu.Label>{vm.name}</Menu.Label>
            {ORDER.map((action) => {
              const info = GUEST_ACTIONS[action];
              if (action === 'pause' && vm.state === 'paused') return null;
              if (action === 'resume' && vm.state !== 'paused') return null;
              return (
                <Fragment key={action}>
                  {action === 'forceOff' && <Menu.Divider />}
                  <Menu.Item
                    data-testid={`menu-${info.slug}`}
                    color={action === 'delete' ? 'red' : undefined}
                    leftSection={<ActionIcon action={action} size={16} />}
                    rightSection={
                      info.shortcut && (
                        <Text size="xs" c="dimmed">
                          {info.shortcut.label}
                        </Text>
                      )
                    }
                    disabled={!info.allowed(vm.state)}
                    onClick={() => props.onAction(action, vm)}
                  >
                    {info.label}
                    {info.confirm || action === 'delete' ? '…' : ''}
                  </Menu.Item>
                </Fragment>
              );
            })}
          </>
        ) : (
          <Menu.Item leftSection={<IconPlus size={16} />} onClick={props.onCreate}>
            New guest…
          </Menu.Item>
        )}
      </Menu.Dropdown>
    </Menu>
  );
}
