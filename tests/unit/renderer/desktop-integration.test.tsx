// @vitest-environment jsdom
import './dom';
// Start at login (Settings) and "Create desktop shortcut…" (guest menu, details header): the desktop
// app's, shown disabled with the reason in the browser shell.
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { Settings } from '../../../preload/contract';
import { NOTIFY_DEFAULTS } from '../../../preload/notify-rules';
import { bridgeWith, guest } from './fake-bridge';
import { renderApp } from './render-app';

vi.mock('../../../renderer/features/console/ConsolePane', () => ({ ConsolePane: () => <div>console</div> }));

function desktopBridge(shell: 'electron' | 'browser') {
  let startAtLogin = false;
  const web = guest('web');
  const bridge = bridgeWith([web])
    .handle(
      'settings.get',
      () => ({ keepRunningInTray: true, startAtLogin, notifications: NOTIFY_DEFAULTS }) as Settings,
    )
    .handle('settings.set', (s) => {
      startAtLogin = s.startAtLogin ?? startAtLogin;
      return { keepRunningInTray: true, startAtLogin, notifications: NOTIFY_DEFAULTS } as Settings;
    })
    .handle('vms.createShortcut', () => ({
      paths: ['/home/me/.local/share/applications/kvm-desk-web-1.desktop'],
    }));
  bridge.shell = shell;
  return { bridge, web };
}

describe('start at login', () => {
  it('is a switch in the desktop app that writes the autostart entry', async () => {
    const { bridge } = desktopBridge('electron');
    const { user } = await renderApp(bridge, { waitForRow: 'web' });
    await user.click(screen.getByTestId('toolbar-settings'));
    const toggle = await screen.findByRole('switch', { name: /Start at login/ });
    expect(toggle).not.toBeChecked();
    await user.click(toggle);
    expect(bridge.callsOf('settings.set')).toEqual([{ startAtLogin: true }]);
    await waitFor(() => expect(toggle).toBeChecked());
  });

  it('is shown disabled in the browser shell, saying it belongs to the desktop app', async () => {
    const { user } = await renderApp(desktopBridge('browser').bridge, { waitForRow: 'web' });
    await user.click(screen.getByTestId('toolbar-settings'));
    const toggle = await screen.findByRole('switch', { name: /Start at login/ });
    expect(toggle).toBeDisabled();
    expect(screen.getByText(/belongs to the desktop app/)).toBeInTheDocument();
  });
});

describe('create desktop shortcut', () => {
  it('from the guest menu: asks about the Desktop, creates it and lists the files', async () => {
    const { bridge, web } = desktopBridge('electron');
    const { user } = await renderApp(bridge, { waitForRow: 'web' });
    await user.pointer({ keys: '[MouseRight]', target: screen.getByTestId('vm-web') });
    await user.click(within(await screen.findByTestId('guest-menu')).getByTestId('menu-create-shortcut'));
    const dialog = await screen.findByRole('dialog', { name: 'Desktop shortcut for web' });
    await user.click(within(dialog).getByTestId('shortcut-desktop'));
    await user.click(within(dialog).getByTestId('shortcut-create'));
    expect(bridge.callsOf('vms.createShortcut')).toEqual([
      { connection: web.connection, uuid: web.uuid, desktop: false },
    ]);
    expect(await screen.findByTestId('shortcut-created')).toHaveTextContent('kvm-desk-web-1.desktop');
  });

  it('is disabled in the browser shell, in the menu and in the details header', async () => {
    const { bridge, web } = desktopBridge('browser');
    const { user } = await renderApp(bridge, {
      waitForRow: 'web',
      hash: `#/vm/${encodeURIComponent(web.connection)}/${web.uuid}/overview`,
    });
    await user.pointer({ keys: '[MouseRight]', target: screen.getByTestId('vm-web') });
    expect(
      within(await screen.findByTestId('guest-menu')).getByTestId('menu-create-shortcut'),
    ).toBeDisabled();
    expect(await screen.findByTestId('details-shortcut')).toBeDisabled();
  });
});
