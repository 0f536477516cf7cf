// @vitest-environment jsdom
import './dom';
// The page a window shows when its bridge did not load, and the status bar while still connecting.
import { MantineProvider } from '@mantine/core';
import { render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { Settings } from '../../../preload/contract';
import { NOTIFY_DEFAULTS } from '../../../preload/notify-rules';
import { BridgeError } from '../../../renderer/app/BridgeError';
import { StatusBar } from '../../../renderer/app/StatusBar';
import { bridgeWith, guest } from './fake-bridge';
import { renderApp } from './render-app';

vi.mock('../../../renderer/features/console/ConsolePane', () => ({ ConsolePane: () => <div>console</div> }));

describe('start-up pages', () => {
  it('says the bridge did not load, and why', () => {
    render(<BridgeError message="the preload script did not run." />);
    expect(screen.getByTestId('bridge-error')).toHaveTextContent(
      'KVM Desk’s bridge to the system did not load: the preload script did not run.',
    );
  });

  it('shows "connecting" before the first snapshot, "Not connected" after one without a connection', () => {
    const { rerender } = render(
      <MantineProvider>
        <StatusBar loaded={false} total={0} running={0} />
      </MantineProvider>,
    );
    expect(screen.getByTestId('status-connection')).toHaveAttribute('data-state', 'connecting');
    expect(screen.getByTestId('status-connection')).toHaveTextContent('Connecting to libvirt…');
    rerender(
      <MantineProvider>
        <StatusBar loaded total={0} running={0} />
      </MantineProvider>,
    );
    expect(screen.getByTestId('status-connection')).toHaveTextContent('Not connected');
  });
});

describe('keep running in the tray', () => {
  const settingsBridge = (shell: 'electron' | 'browser') => {
    let keep = true;
    const bridge = bridgeWith([guest('web')])
      .handle('settings.get', () => ({ keepRunningInTray: keep, notifications: NOTIFY_DEFAULTS }) as Settings)
      .handle('settings.set', (s) => {
        keep = s.keepRunningInTray ?? keep;
        return { keepRunningInTray: keep, notifications: NOTIFY_DEFAULTS } as Settings;
      });
    (bridge as { shell: string }).shell = shell;
    return bridge;
  };

  it('is a setting of the desktop app', async () => {
    const bridge = settingsBridge('electron');
    const { user } = await renderApp(bridge, { waitForRow: 'web' });
    await user.click(screen.getByTestId('toolbar-settings'));
    const toggle = await screen.findByRole('switch', { name: /Keep running in the tray/ });
    expect(toggle).toBeChecked();
    await user.click(toggle);
    expect(bridge.callsOf('settings.set')).toEqual([{ keepRunningInTray: false }]);
    await waitFor(() => expect(toggle).not.toBeChecked());
  });

  it('is not offered in the browser shell, which has no tray', async () => {
    const { user } = await renderApp(settingsBridge('browser'), { waitForRow: 'web' });
    await user.click(screen.getByTestId('toolbar-settings'));
    await screen.findByTestId('settings-force-tcg');
    expect(screen.queryByTestId('settings-keep-in-tray')).toBeNull();
  });
});
