// Right click in the list: the selected guest's actions (the row selects itself first), or
// "New guest" on empty space.
import { Menu, Text, Tooltip } from '@mantine/core';
import { IconExternalLink, IconPlus } from '@tabler/icons-react';
import { Fragment, type ReactElement, useState } from 'react';
import type { VmSummary } from '../../../preload/contract';
import { useBridge } from '../../app/context';
import { ActionIcon } from './ActionIcon';
import { GUEST_ACTIONS, type GuestAction } from './actions';
import { useAllowances } from './allowed';
import { SHORTCUT_UNAVAILABLE, ShortcutDialog } from './ShortcutDialog';

const ORDER: GuestAction[] = [
  'start',
  'shutdown',
  'reboot',
  'pause',
  'resume',
  'saveState',
  'console',
  'makePermanent',
  'clone',
  'forceOff',
  'reset',
  'discardSavedState',
  'delete',
];

export function GuestContextMenu(props: {
  vm?: VmSummary;
  onAction: (action: GuestAction, vm: VmSummary) => void;
  onCreate: () => void;
  children: ReactElement;
}) {
  const { vm } = props;
  const allowed = useAllowances(vm);
  const desktopApp = useBridge().shell === 'electron';
  const [shortcutFor, setShortcutFor] = useState<VmSummary>();
  const shortcut = vm && (
    <Menu.Item
      data-testid="menu-create-shortcut"
      leftSection={<IconExternalLink size={16} />}
      disabled={!desktopApp}
      onClick={() => setShortcutFor(vm)}
    >
      Create desktop shortcut…
    </Menu.Item>
  );
  return (
    <>
      <Menu shadow="md" width={250} position="bottom-start" withinPortal>
        <Menu.ContextMenu>{props.children}</Menu.ContextMenu>
        <Menu.Dropdown data-testid="guest-menu">
          {vm ? (
            <>
              <Menu.Label>{vm.name}</Menu.Label>
              {ORDER.map((action) => {
                const info = GUEST_ACTIONS[action];
                const may = allowed![action];
                if (action === 'pause' && vm.state === 'paused') return null;
                if (action === 'resume' && vm.state !== 'paused') return null;
                // Delete for a transient guest, Make permanent for a defined one
                if (!may.offered) return null;
                const item = (
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
                    disabled={!may.enabled}
                    onClick={() => props.onAction(action, vm)}
                  >
                    {info.label}
                    {info.confirm || action === 'delete' || action === 'clone' ? '…' : ''}
                  </Menu.Item>
                );
                return (
                  <Fragment key={action}>
                    {action === 'forceOff' && <Menu.Divider />}
                    {may.enabled ? (
                      item
                    ) : (
                      // a disabled item gets no pointer events: the tooltip saying why hangs on a wrapper
                      <Tooltip label={may.reason} position="right" openDelay={300} withinPortal>
                        <div data-testid={`menu-${info.slug}-tip`}>{item}</div>
                      </Tooltip>
                    )}
                  </Fragment>
                );
              })}
              {desktopApp ? (
                shortcut
              ) : (
                <Tooltip label={SHORTCUT_UNAVAILABLE} position="right" openDelay={300} withinPortal>
                  <div data-testid="menu-create-shortcut-tip">{shortcut}</div>
                </Tooltip>
              )}
            </>
          ) : (
            <Menu.Item leftSection={<IconPlus size={16} />} onClick={props.onCreate}>
              New guest…
            </Menu.Item>
          )}
        </Menu.Dropdown>
      </Menu>
      <ShortcutDialog vm={shortcutFor} onClose={() => setShortcutFor(undefined)} />
    </>
  );
}
