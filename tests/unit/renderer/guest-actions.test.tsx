// @vitest-environment jsdom
import './dom';
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { bridgeWith, guest, URI } from './fake-bridge';
import { renderApp } from './render-app';

vi.mock('../../../renderer/features/console/ConsolePane', () => ({ ConsolePane: () => <div>console</div> }));

const ref = (vm: { uuid: string }) => ({ connection: URI, uuid: vm.uuid });

describe('guest actions', () => {
  it('starts a guest that is off from the toolbar; only the allowed actions are enabled', async () => {
    const vm = guest('web');
    const bridge = bridgeWith([vm]);
    const { user } = await renderApp(bridge, { waitForRow: 'web' });
    await waitFor(() => expect(screen.getByTestId('toolbar-start')).toBeEnabled());
    expect(screen.getByTestId('toolbar-shutdown')).toBeDisabled();
    expect(screen.getByTestId('toolbar-pause')).toBeDisabled();
    await user.click(screen.getByTestId('toolbar-start'));
    expect(bridge.callsOf('vms.start')).toEqual([ref(vm)]);
  });

  it('shows Resume instead of Pause for a paused guest', async () => {
    const vm = guest('web', { state: 'paused', reason: 'paused by user' });
    const bridge = bridgeWith([vm]);
    const { user } = await renderApp(bridge, { waitForRow: 'web' });
    await waitFor(() => expect(screen.getByTestId('toolbar-resume')).toBeEnabled());
    expect(screen.queryByTestId('toolbar-pause')).toBeNull();
    await user.click(screen.getByTestId('toolbar-resume'));
    expect(bridge.callsOf('vms.resume')).toEqual([ref(vm)]);
  });

  it.each([
    ['force-off', 'vms.forceOff', 'Force off “web”?'],
    ['reset', 'vms.reset', 'Force reset “web”?'],
  ] as const)(
    'asks before %s and does nothing while the dialog is open or after Cancel',
    async (slug, method, title) => {
      const vm = guest('web', { state: 'running', reason: 'booted' });
      const bridge = bridgeWith([vm]);
      const { user } = await renderApp(bridge, { waitForRow: 'web' });
      await waitFor(() => expect(screen.getByTestId(`toolbar-${slug}`)).toBeEnabled());

      await user.click(screen.getByTestId(`toolbar-${slug}`));
      const dialog = await screen.findByRole('dialog');
      expect(dialog).toHaveTextContent(title);
      // the dialog blocks the other ways in too: shortcuts do nothing while it is open
      await user.keyboard('{Control>}{Shift>}s{/Shift}{/Control}');
      expect(bridge.calls.filter((c) => c.method.startsWith('vms.') && c.method !== 'vms.details')).toEqual(
        [],
      );

      await user.click(within(dialog).getByTestId('confirm-cancel'));
      await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
      expect(bridge.callsOf(method)).toEqual([]);

      await user.click(screen.getByTestId(`toolbar-${slug}`));
      await user.click(within(await screen.findByRole('dialog')).getByTestId('confirm-ok'));
      expect(bridge.callsOf(method)).toEqual([ref(vm)]);
    },
  );

  it('offers the same actions in a context menu on right click', async () => {
    const a = guest('alpha', { state: 'running', reason: 'booted' });
    const b = guest('beta', { state: 'running', reason: 'booted' });
    const bridge = bridgeWith([a, b]);
    const { user } = await renderApp(bridge, { waitForRow: 'beta' });
    await user.pointer({ keys: '[MouseRight]', target: screen.getByTestId('vm-beta') });
    const menu = await screen.findByTestId('guest-menu');
    expect(within(menu).getByTestId('menu-start')).toBeDisabled();
    await user.click(within(menu).getByTestId('menu-pause'));
    // the right-clicked guest, not the one selected before
    expect(bridge.callsOf('vms.pause')).toEqual([ref(b)]);

    await user.pointer({ keys: '[MouseRight]', target: screen.getByTestId('vm-alpha') });
    await user.click(within(await screen.findByTestId('guest-menu')).getByTestId('menu-force-off'));
    expect(await screen.findByRole('dialog')).toHaveTextContent('Force off “alpha”?');
    expect(bridge.callsOf('vms.forceOff')).toEqual([]);
  });

  it('runs actions from the keyboard', async () => {
    const vm = guest('web', { state: 'running', reason: 'booted' });
    const bridge = bridgeWith([vm]);
    const { user } = await renderApp(bridge, { waitForRow: 'web' });
    await waitFor(() => expect(screen.getByTestId('toolbar-shutdown')).toBeEnabled());
    await user.keyboard('{Control>}{Shift>}s{/Shift}{/Control}');
    expect(bridge.callsOf('vms.shutdown')).toEqual([ref(vm)]);
    await user.keyboard('{Control>}r{/Control}');
    expect(bridge.callsOf('vms.reboot')).toEqual([ref(vm)]);
    await user.keyboard('{Control>}p{/Control}');
    expect(bridge.callsOf('vms.pause')).toEqual([ref(vm)]);
    // Ctrl+Enter would start, but a running guest cannot be started: no call
    await user.keyboard('{Control>}{Enter}{/Control}');
    expect(bridge.callsOf('vms.start')).toEqual([]);
    // Delete asks first
    await user.keyboard('{Delete}');
    expect(await screen.findByRole('dialog')).toHaveTextContent('Delete “web”?');
    expect(bridge.callsOf('vms.delete')).toEqual([]);
  });

  it('documents the keyboard shortcuts', async () => {
    const { user } = await renderApp(bridgeWith([guest('web')]), { waitForRow: 'web' });
    await user.click(screen.getByTestId('toolbar-shortcuts'));
    const help = await screen.findByTestId('shortcut-help');
    expect(help).toHaveTextContent('Ctrl+EnterStart');
    expect(help).toHaveTextContent('Ctrl+Shift+SShut down');
    expect(help).toHaveTextContent('Ctrl+PPause / Resume');
    expect(help).toHaveTextContent('DeleteDelete');
  });

  it('shows libvirt’s message, and for an inactive network a button that starts it', async () => {
    const vm = guest('web');
    const bridge = bridgeWith([vm])
      .handle('vms.start', () => ({
        code: 'NETWORK_INACTIVE',
        message: "Requested operation is not valid: network 'default' is not active",
        detail: { network: 'default', libvirtCode: 55 },
      }))
      .handle('networks.start', () => undefined);
    const { user } = await renderApp(bridge, { waitForRow: 'web' });
    await waitFor(() => expect(screen.getByTestId('toolbar-start')).toBeEnabled());
    await user.click(screen.getByTestId('toolbar-start'));
    const note = await screen.findByTestId('error-notification');
    expect(note).toHaveTextContent("network 'default' is not active");
    expect(screen.getByText('Could not start “web”')).toBeInTheDocument();
    await user.click(within(note).getByTestId('start-network'));
    expect(bridge.callsOf('networks.start')).toEqual([{ connection: URI, name: 'default' }]);
    expect(await screen.findByText('Network started')).toBeInTheDocument();
  });

  it('shows other errors without a network button', async () => {
    const vm = guest('web', { state: 'running', reason: 'booted' });
    const bridge = bridgeWith([vm]).handle('vms.pause', () => ({
      code: 'LIBVIRT',
      message: 'Requested operation is not valid: domain is not running',
      detail: { libvirtCode: 55 },
    }));
    const { user } = await renderApp(bridge, { waitForRow: 'web' });
    await waitFor(() => expect(screen.getByTestId('toolbar-pause')).toBeEnabled());
    await user.click(screen.getByTestId('toolbar-pause'));
    const note = await screen.findByTestId('error-notification');
    expect(note).toHaveTextContent('domain is not running');
    expect(within(note).queryByTestId('start-network')).toBeNull();
  });
});
