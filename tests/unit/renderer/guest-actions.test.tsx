// @vitest-environment jsdom
import './dom';
import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { bridgeWith, CONNECTED, guest, URI } from './fake-bridge';
import { renderApp } from './render-app';

vi.mock('../../../renderer/features/console/ConsolePane', () => ({ ConsolePane: () => <div>console</div> }));
// the wizard has its own tests (tests/unit/wizard): here it only has to open
vi.mock('../../../renderer/features/create-wizard/CreateWizard', () => ({
  CreateWizard: ({ opened }: { opened: boolean }) =>
    opened ? <div role="dialog" aria-label="New guest" /> : null,
}));

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

  it.each([
    ['electron', 'Ctrl+N', '{Control>}n{/Control}'],
    ['browser', 'Ctrl+Alt+N', '{Control>}{Alt>}n{/Alt}{/Control}'],
  ] as const)(
    'in the %s shell, New guest is %s: shown in the popover, and the key opens the wizard',
    async (shell, label, keys) => {
      const bridge = bridgeWith([guest('web')]);
      bridge.shell = shell;
      const { user } = await renderApp(bridge, { waitForRow: 'web' });
      await user.click(screen.getByTestId('toolbar-shortcuts'));
      const help = await screen.findByTestId('shortcut-help');
      expect(help).toHaveTextContent(`${label}New guest`);
      await user.keyboard('{Escape}');
      await user.keyboard(keys);
      expect(await screen.findByRole('dialog', { name: 'New guest' })).toBeInTheDocument();
    },
  );

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

describe('actions that cannot work', () => {
  it('disables Console for a guest that is off, saying why (the console pane keeps its Start)', async () => {
    const bridge = bridgeWith([guest('web')]);
    const { user } = await renderApp(bridge, { waitForRow: 'web' });
    await waitFor(() => expect(screen.getByTestId('toolbar-start')).toBeEnabled());
    expect(screen.getByTestId('toolbar-console')).toBeDisabled();
    await user.hover(screen.getByTestId('toolbar-console-tip'));
    expect(await screen.findByRole('tooltip')).toHaveTextContent(
      'The guest is off: start it to see its console.',
    );
  });

  it('disables every action while the connection is down, and the shortcuts do nothing', async () => {
    const vm = guest('web', { state: 'running', reason: 'booted' });
    const bridge = bridgeWith([vm]);
    const { user } = await renderApp(bridge, { waitForRow: 'web' });
    await waitFor(() => expect(screen.getByTestId('toolbar-shutdown')).toBeEnabled());
    act(() =>
      bridge.emit('connection', { ...CONNECTED, state: 'disconnected', message: 'libvirtd stopped' }),
    );
    for (const slug of ['start', 'shutdown', 'reboot', 'pause', 'force-off', 'reset', 'console', 'delete']) {
      await waitFor(() => expect(screen.getByTestId(`toolbar-${slug}`)).toBeDisabled());
    }
    await user.hover(screen.getByTestId('toolbar-shutdown-tip'));
    expect(await screen.findByRole('tooltip')).toHaveTextContent('KVM Desk is not connected to libvirt.');
    await user.keyboard('{Control>}{Shift>}s{/Shift}{/Control}');
    await user.keyboard('{Delete}');
    expect(bridge.callsOf('vms.shutdown')).toEqual([]);
    expect(screen.queryByRole('dialog')).toBeNull();

    await user.pointer({ keys: '[MouseRight]', target: screen.getByTestId('vm-web') });
    const menu = await screen.findByTestId('guest-menu');
    expect(within(menu).getByTestId('menu-shutdown')).toBeDisabled();
    expect(within(menu).getByTestId('menu-console')).toBeDisabled();

    act(() => bridge.emit('connection', CONNECTED));
    await waitFor(() => expect(screen.getByTestId('toolbar-shutdown')).toBeEnabled());
  });

  it('a transient guest: no Delete in its menu, Make permanent instead, and Force off says it removes it', async () => {
    const vm = guest('scratch', { state: 'running', reason: 'booted', persistent: false });
    const bridge = bridgeWith([vm]).handle('vms.makePermanent', () => undefined);
    const { user } = await renderApp(bridge, { waitForRow: 'scratch' });
    await waitFor(() => expect(screen.getByTestId('toolbar-force-off')).toBeEnabled());
    expect(screen.getByTestId('toolbar-delete')).toBeDisabled();

    await user.pointer({ keys: '[MouseRight]', target: screen.getByTestId('vm-scratch') });
    const menu = await screen.findByTestId('guest-menu');
    expect(within(menu).queryByTestId('menu-delete')).toBeNull();
    await user.click(within(menu).getByTestId('menu-make-permanent'));
    expect(bridge.callsOf('vms.makePermanent')).toEqual([ref(vm)]);

    await user.click(screen.getByTestId('toolbar-force-off'));
    expect(await screen.findByTestId('confirm-transient')).toHaveTextContent('once it is off it is gone');
  });

  it('saves a running guest’s state from the toolbar; a saved guest reads “Saved” and may discard it, after asking', async () => {
    const web = guest('web', { state: 'running', reason: 'booted' });
    const old = guest('old', { state: 'shutoff', reason: 'saved', savedState: true });
    const bridge = bridgeWith([web, old]);
    const { user } = await renderApp(bridge, { waitForRow: 'web' });
    await user.click(screen.getByTestId('vm-web'));
    await waitFor(() => expect(screen.getByTestId('toolbar-save-state')).toBeEnabled());
    await user.click(screen.getByTestId('toolbar-save-state'));
    expect(bridge.callsOf('vms.saveState')).toEqual([ref(web)]);

    const state = screen.getByTestId('vm-old-state');
    expect(state).toHaveTextContent('Saved');
    expect(state).not.toHaveTextContent('(saved)');
    expect(state).toHaveAttribute('data-saved', 'true');
    expect(screen.getByTestId('vm-web-state')).not.toHaveAttribute('data-saved');

    await user.pointer({ keys: '[MouseRight]', target: screen.getByTestId('vm-old') });
    const menu = await screen.findByTestId('guest-menu');
    expect(within(menu).getByTestId('menu-start')).toBeEnabled();
    expect(within(menu).getByTestId('menu-save-state')).toBeDisabled();
    await user.click(within(menu).getByTestId('menu-discard-saved-state'));
    const dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent('the next start boots it afresh');
    expect(bridge.callsOf('vms.discardSavedState')).toEqual([]);
    await user.click(within(dialog).getByTestId('confirm-ok'));
    expect(bridge.callsOf('vms.discardSavedState')).toEqual([ref(old)]);

    // a guest without a saved state is not offered the discard at all
    await user.pointer({ keys: '[MouseRight]', target: screen.getByTestId('vm-web') });
    expect(
      within(await screen.findByTestId('guest-menu')).queryByTestId('menu-discard-saved-state'),
    ).toBeNull();
  });

  it('a defined guest has no Make permanent', async () => {
    const bridge = bridgeWith([guest('web', { state: 'running', reason: 'booted' })]);
    const { user } = await renderApp(bridge, { waitForRow: 'web' });
    await user.pointer({ keys: '[MouseRight]', target: screen.getByTestId('vm-web') });
    const menu = await screen.findByTestId('guest-menu');
    expect(within(menu).getByTestId('menu-delete')).toBeEnabled();
    expect(within(menu).queryByTestId('menu-make-permanent')).toBeNull();
  });
});

describe('a Shut down the guest has not acted on', () => {
  it('shows “Shutting down…” with the time, then why and a Force off button', async () => {
    const vm = guest('web', { state: 'running', reason: 'booted' });
    const bridge = bridgeWith([vm]);
    const { user } = await renderApp(bridge, { waitForRow: 'web' });
    await waitFor(() => expect(screen.getByTestId('details-name')).toHaveTextContent('web'));
    const since = Date.now() - 12_000;
    act(() =>
      bridge.emit('vm.changed', { ...vm, pendingRequest: { action: 'shutdown', since, overdue: false } }),
    );
    expect(await screen.findByTestId('vm-web-pending')).toHaveTextContent(/Shutting down… 1[2-4] s/);
    expect(screen.getByTestId('details-pending')).toHaveTextContent(/Shutting down… 1[2-4] s/);
    expect(screen.queryByTestId('details-pending-message')).toBeNull();

    act(() =>
      bridge.emit('vm.changed', {
        ...vm,
        pendingRequest: { action: 'shutdown', since: Date.now() - 31_000, overdue: true },
      }),
    );
    expect(await screen.findByTestId('details-pending-message')).toHaveTextContent(
      'web did not react to the shutdown request: its OS may not handle ACPI, or it is not installed yet.',
    );
    expect(screen.getByTestId('vm-web-pending')).toHaveTextContent(/Did not react · 3[1-3] s/);
    await user.click(screen.getByTestId('details-pending-forceOff'));
    await user.click(within(await screen.findByRole('dialog')).getByTestId('confirm-ok'));
    expect(bridge.callsOf('vms.forceOff')).toEqual([ref(vm)]);

    // the event that follows clears it
    act(() => bridge.emit('vm.changed', { ...vm, state: 'shutoff', reason: 'destroyed' }));
    await waitFor(() => expect(screen.queryByTestId('vm-web-pending')).toBeNull());
    expect(screen.queryByTestId('details-pending')).toBeNull();
  });

  it('a reboot request offers Force reset once overdue', async () => {
    const vm = guest('web', { state: 'running', reason: 'booted' });
    const bridge = bridgeWith([vm]);
    await renderApp(bridge, { waitForRow: 'web' });
    act(() =>
      bridge.emit('vm.changed', {
        ...vm,
        pendingRequest: { action: 'reboot', since: Date.now(), overdue: true },
      }),
    );
    expect(await screen.findByTestId('details-pending')).toHaveTextContent('Reboot requested…');
    expect(screen.getByTestId('details-pending-message')).toHaveTextContent(
      'did not react to the reboot request',
    );
    expect(screen.getByTestId('details-pending-reset')).toBeInTheDocument();
  });
});
