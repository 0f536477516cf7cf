// @vitest-environment jsdom
import './dom';
import { act, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { HostStatus, Settings } from '../../../preload/contract';
import { NOTIFY_DEFAULTS } from '../../../preload/notify-rules';
import { bridgeWith, CONNECTED, guest, URI } from './fake-bridge';
import { renderApp } from './render-app';

vi.mock('../../../renderer/features/console/ConsolePane', () => ({ ConsolePane: () => <div>console</div> }));

// the settings this test does not change
const SETTINGS: Settings = {
  forceSoftwareEmulation: false,
  shutdownTimeoutSeconds: 30,
  keepRunningInTray: true,
  startAtLogin: false,
  notifications: NOTIFY_DEFAULTS,
};

const NO_KVM: HostStatus = {
  connection: URI,
  hostname: 'testhost',
  cpus: 2,
  memoryKiB: 4 * 1024 * 1024,
  kvmUsable: false,
  kvmReason: '/dev/kvm does not exist.',
  forceSoftwareEmulation: false,
  accelerator: 'qemu',
};

describe('banners and the status bar', () => {
  it('shows the connection URI, says plainly when libvirtd is lost and clears by itself', async () => {
    const bridge = bridgeWith([guest('web')]);
    await renderApp(bridge, { waitForRow: 'web' });
    expect(screen.getByTestId('status-connection')).toHaveTextContent(URI);
    expect(screen.queryByTestId('banner-disconnected')).toBeNull();

    act(() =>
      bridge.emit('connection', { ...CONNECTED, state: 'disconnected', message: 'libvirtd stopped.' }),
    );
    expect(screen.getByTestId('banner-disconnected')).toHaveTextContent(
      'Lost connection to libvirtd — reconnecting…',
    );
    expect(screen.getByTestId('status-connection')).toHaveAttribute('data-state', 'disconnected');

    act(() => bridge.emit('connection', CONNECTED));
    expect(screen.queryByTestId('banner-disconnected')).toBeNull();
  });

  it('warns when KVM is not usable, and not when it is', async () => {
    const bridge = bridgeWith([guest('web')]).handle('host.status', () => NO_KVM);
    await renderApp(bridge, { waitForRow: 'web' });
    expect(await screen.findByTestId('banner-no-kvm')).toHaveTextContent(
      'KVM is not available: guests run in slow software emulation',
    );
    act(() => bridge.emit('host', { ...NO_KVM, kvmUsable: true, accelerator: 'kvm' }));
    expect(screen.queryByTestId('banner-no-kvm')).toBeNull();
  });
});

describe('settings', () => {
  it('turns forced software emulation on and off', async () => {
    let force = false;
    const bridge = bridgeWith([guest('web')])
      .handle('settings.get', () => ({ ...SETTINGS, forceSoftwareEmulation: force }))
      .handle('settings.set', (s) => {
        force = s.forceSoftwareEmulation ?? force;
        return { ...SETTINGS, forceSoftwareEmulation: force };
      });
    const { user } = await renderApp(bridge, { waitForRow: 'web' });
    await user.click(screen.getByTestId('toolbar-settings'));
    const toggle = await screen.findByRole('switch', { name: /Force software emulation/ });
    expect(toggle).not.toBeChecked();
    await user.click(toggle);
    expect(bridge.callsOf('settings.set')).toEqual([{ forceSoftwareEmulation: true }]);
    await waitFor(() => expect(toggle).toBeChecked());
    await user.click(toggle);
    expect(bridge.callsOf('settings.set')).toEqual([
      { forceSoftwareEmulation: true },
      { forceSoftwareEmulation: false },
    ]);
    await waitFor(() => expect(toggle).not.toBeChecked());
  });
});
