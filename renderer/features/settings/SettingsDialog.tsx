// Settings: whether new guests use KVM or software emulation, whether closing the window leaves the app
// in the tray and whether it starts at login (Electron; shown disabled in the browser shell, with why),
// which desktop notifications show, and what this host offers.
import { Alert, Group, Loader, Modal, NumberInput, Stack, Switch, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { HostStatus, Settings } from '../../../preload/contract';
import { useBridge, useGuestStore } from '../../app/context';
import { callOrNotify } from '../../app/errors';
import { NotificationSettings } from './NotificationSettings';

export function SettingsDialog(props: {
  opened: boolean;
  onClose: () => void;
  connection?: string;
  host?: HostStatus;
}) {
  const bridge = useBridge();
  const store = useGuestStore();
  const [settings, setSettings] = useState<Settings | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (!props.opened) return;
    let current = true;
    void callOrNotify(bridge, 'settings.get', {}, { title: 'Could not read the settings' }).then((res) => {
      if (current && res) setSettings(res.value);
    });
    return () => {
      current = false;
    };
  }, [bridge, props.opened]);

  // how long a guest may ignore Shut down or Reboot before the guest list says so
  const setTimeoutSeconds = async (value: string) => {
    const n = Number(value.replace(/\s*s$/, ''));
    if (!Number.isInteger(n) || n < 1 || n > 3600 || n === settings?.shutdownTimeoutSeconds) return;
    const res = await callOrNotify(
      bridge,
      'settings.set',
      { shutdownTimeoutSeconds: n },
      { title: 'Could not save the setting' },
    );
    if (res) setSettings(res.value);
  };

  const setForceTcg = async (on: boolean) => {
    setSaving(true);
    const res = await callOrNotify(
      bridge,
      'settings.set',
      { forceSoftwareEmulation: on },
      { title: 'Could not save the setting' },
    );
    if (res) setSettings(res.value);
    // the host's accelerator follows the setting; the 'host' event may also bring it
    if (props.connection) {
      const host = await bridge.call('host.status', { connection: props.connection });
      if (host.ok) store.hostChanged(host.value);
    }
    setSaving(false);
  };

  // Electron only: whether closing the window leaves the app in the tray; whether it starts at login
  const setDesktopSetting = async (change: Pick<Partial<Settings>, 'keepRunningInTray' | 'startAtLogin'>) => {
    setSaving(true);
    const res = await callOrNotify(bridge, 'settings.set', change, { title: 'Could not save the setting' });
    if (res) setSettings(res.value);
    setSaving(false);
  };

  const setNotifications = async (notifications: Settings['notifications']) => {
    setSaving(true);
    const res = await callOrNotify(
      bridge,
      'settings.set',
      { notifications },
      { title: 'Could not save the setting' },
    );
    if (res) setSettings(res.value);
    setSaving(false);
  };

  const { host } = props;
  return (
    <Modal
      opened={props.opened}
      onClose={props.onClose}
      title="Settings"
      centered
      data-testid="settings-dialog"
    >
      <Stack gap="md">
        {!settings ? (
          <Loader size="sm" />
        ) : (
          <Switch
            data-testid="settings-force-tcg"
            checked={settings.forceSoftwareEmulation}
            disabled={saving}
            onChange={(e) => void setForceTcg(e.currentTarget.checked)}
            label="Force software emulation"
            description="New guests use QEMU's software emulation (TCG) even where KVM works: slower, but runs anywhere."
          />
        )}
        {settings && bridge.shell === 'electron' && (
          <Switch
            data-testid="settings-keep-in-tray"
            checked={settings.keepRunningInTray}
            disabled={saving}
            onChange={(e) => void setDesktopSetting({ keepRunningInTray: e.currentTarget.checked })}
            label="Keep running in the tray"
            description="Closing the window leaves KVM Desk in the tray, where your desktop shows one; otherwise closing it quits."
          />
        )}
        {settings && (
          <Switch
            data-testid="settings-start-at-login"
            checked={bridge.shell === 'electron' && settings.startAtLogin}
            disabled={saving || bridge.shell !== 'electron'}
            onChange={(e) => void setDesktopSetting({ startAtLogin: e.currentTarget.checked })}
            label="Start at login"
            description={
              bridge.shell === 'electron'
                ? 'KVM Desk starts in the tray when you log in (in its window where your desktop shows no tray).'
                : 'This belongs to the desktop app (kvm-desk): the browser shell is started with npm run serve.'
            }
          />
        )}
        {host && (
          <Alert
            color={host.kvmUsable ? 'green' : 'yellow'}
            title={host.kvmUsable ? 'KVM is available' : 'KVM is not available'}
            data-testid="settings-kvm"
          >
            <Text size="sm">
              {host.kvmUsable
                ? `New guests use ${host.accelerator === 'kvm' ? 'KVM' : 'software emulation'}.`
                : `Guests run in slow software emulation.${host.kvmReason ? ` ${host.kvmReason}` : ''}`}
            </Text>
          </Alert>
        )}
        {settings && (
          <NumberInput
            data-testid="settings-shutdown-timeout"
            label="Wait for a guest to shut down"
            description="After this long without a reaction to Shut down or Reboot, KVM Desk says so and offers Force off."
            suffix=" s"
            min={1}
            max={3600}
            step={5}
            allowDecimal={false}
            allowNegative={false}
            defaultValue={settings.shutdownTimeoutSeconds}
            onBlur={(e) => void setTimeoutSeconds(e.currentTarget.value)}
            onKeyDown={(e) => e.key === 'Enter' && void setTimeoutSeconds(e.currentTarget.value)}
          />
        )}
        {settings && (
          <NotificationSettings
            settings={settings}
            disabled={saving}
            onChange={(n) => void setNotifications(n)}
          />
        )}
        {props.connection && (
          <Group gap={6}>
            <Text size="sm" c="dimmed">
              Connection:
            </Text>
            <Text size="sm" ff="monospace">
              {props.connection}
            </Text>
          </Group>
        )}
      </Stack>
    </Modal>
  );
}
