// @vitest-environment jsdom
import './dom';
import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { bridgeWith, guest, URI } from './fake-bridge';
import { renderApp } from './render-app';

// The wizard has its own tests; here it only has to open, for the right connection.
vi.mock('../../../renderer/features/create-wizard/CreateWizard', () => ({
  CreateWizard: (props: { opened: boolean; connection: string }) =>
    props.opened ? <div data-testid="wizard">New guest on {props.connection}</div> : null,
}));
vi.mock('../../../renderer/features/console/ConsolePane', () => ({ ConsolePane: () => <div>console</div> }));

describe('the guest list', () => {
  it('shows every guest from the store with OS, state and reason, vCPUs and memory', async () => {
    const web = guest('web', { state: 'running', reason: 'booted', vcpus: 4, memoryKiB: 4 * 1024 * 1024 });
    const win = guest('win11', {
      osFamily: 'windows',
      osName: 'Microsoft Windows 11',
      osId: 'win11',
      memoryKiB: 512 * 1024,
    });
    await renderApp(bridgeWith([web, win]), { waitForRow: 'web' });

    const row = screen.getByTestId('vm-web');
    expect(row).toHaveTextContent('Debian 12');
    expect(row).toHaveTextContent('4 vCPUs · 4 GiB');
    expect(screen.getByTestId('vm-web-state')).toHaveTextContent('Running(booted)');
    expect(screen.getByTestId('vm-web-state')).toHaveAttribute('data-state', 'running');
    expect(screen.getByTestId('vm-win11')).toHaveTextContent('Microsoft Windows 11');
    expect(screen.getByTestId('vm-win11')).toHaveTextContent('512 MiB');
    expect(screen.getByTestId('vm-win11').querySelector('[data-os-family="windows"]')).not.toBeNull();
    expect(screen.getByTestId('guest-count')).toHaveTextContent('2 guests');
  });

  it('marks a base “base of N” and its linked clones with a link, naming the others, while a search hides them', async () => {
    const base = guest('base');
    const of = { uuid: base.uuid, name: 'base' };
    const bridge = bridgeWith([base, guest('base-clone', { linkedCloneOf: of }), guest('tiny')]);
    const app = await renderApp(bridge, { waitForRow: 'base' });
    expect(screen.getByTestId('vm-base-base-of')).toHaveTextContent('base of 1');
    expect(screen.getByTestId('vm-base-clone-linked-clone')).toHaveAccessibleName(
      'Linked clone of “base”: it reads that guest’s disks and writes only its own changes.',
    );
    expect(screen.queryByTestId('vm-tiny-base-of')).toBeNull();
    expect(screen.queryByTestId('vm-tiny-linked-clone')).toBeNull();
    act(() => bridge.emit('vm.changed', guest('base-clone-2', { linkedCloneOf: of })));
    await waitFor(() => expect(screen.getByTestId('vm-base-base-of')).toHaveTextContent('base of 2'));
    await app.user.type(screen.getByTestId('guest-search'), 'tiny');
    await waitFor(() => expect(screen.queryByTestId('vm-base-clone')).toBeNull());
    await app.user.clear(screen.getByTestId('guest-search'));
    await app.user.type(screen.getByTestId('guest-search'), 'base');
    expect(await screen.findByTestId('vm-base-base-of')).toHaveAccessibleName(
      expect.stringContaining('(base-clone, base-clone-2)'),
    );
  });

  it('follows events: a changed guest updates its row, a new one appears, a removed one goes', async () => {
    const web = guest('web');
    const bridge = bridgeWith([web]);
    await renderApp(bridge, { waitForRow: 'web' });

    act(() => bridge.emit('vm.changed', { ...web, state: 'paused', reason: 'paused by user' }));
    expect(screen.getByTestId('vm-web-state')).toHaveAttribute('data-state', 'paused');
    expect(screen.getByTestId('vm-web-state')).toHaveTextContent('Paused(paused by user)');

    // the next two come within the first one's frame: shown together, at that frame's end
    act(() => bridge.emit('vm.changed', guest('db')));
    act(() => bridge.emit('vm.removed', { connection: URI, uuid: web.uuid }));
    expect(await screen.findByTestId('vm-db')).toBeInTheDocument();
    expect(screen.queryByTestId('vm-web')).toBeNull();
  });

  it('renders only the rows on screen for 1,000 guests', async () => {
    const many = Array.from({ length: 1000 }, (_, i) => guest(`guest-${String(i).padStart(4, '0')}`));
    await renderApp(bridgeWith(many), { waitForRow: 'guest-0000' });
    const rows = screen.getAllByRole('option');
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.length).toBeLessThan(40);
    expect(screen.getByTestId('guest-count')).toHaveTextContent('1000 guests');
  });

  it('searches by name and filters by state', async () => {
    const vms = [
      guest('web-1', { state: 'running', reason: 'booted' }),
      guest('web-2', { state: 'paused', reason: 'paused by user' }),
      guest('db', { state: 'shutoff' }),
    ];
    const { user } = await renderApp(bridgeWith(vms), { waitForRow: 'db' });

    await user.type(screen.getByTestId('guest-search'), 'WEB');
    expect(screen.getByTestId('vm-web-1')).toBeInTheDocument();
    expect(screen.getByTestId('vm-web-2')).toBeInTheDocument();
    expect(screen.queryByTestId('vm-db')).toBeNull();
    expect(screen.getByTestId('guest-count')).toHaveTextContent('2 of 3 guests');

    await user.click(within(screen.getByTestId('guest-filter')).getByText('Paused'));
    expect(screen.queryByTestId('vm-web-1')).toBeNull();
    expect(screen.getByTestId('vm-web-2')).toBeInTheDocument();

    await user.clear(screen.getByTestId('guest-search'));
    await user.click(within(screen.getByTestId('guest-filter')).getByText('Off'));
    expect(screen.getByTestId('vm-db')).toBeInTheDocument();
    expect(screen.queryByTestId('vm-web-2')).toBeNull();

    await user.type(screen.getByTestId('guest-search'), 'nothing-like-this');
    expect(screen.getByTestId('no-match')).toBeInTheDocument();
  });

  it('invites the user to create a first guest when there are none', async () => {
    const { user } = await renderApp(bridgeWith([]));
    const empty = await screen.findByTestId('empty-guests');
    expect(empty).toHaveTextContent('No guests yet');
    await user.click(screen.getByTestId('empty-create'));
    expect(await screen.findByTestId('wizard')).toHaveTextContent(`New guest on ${URI}`);
  });

  it('shows the selected guest’s details on the right and moves the selection with the arrow keys', async () => {
    const vms = [guest('a-guest', { vcpus: 1 }), guest('b-guest', { vcpus: 3 })];
    const { user } = await renderApp(bridgeWith(vms), { waitForRow: 'a-guest' });
    // the first guest is selected at start
    await waitFor(() => expect(screen.getByTestId('details-name')).toHaveTextContent('a-guest'));
    expect(screen.getByTestId('details-vcpus')).toHaveTextContent('1 vCPU');
    await user.keyboard('{ArrowDown}');
    expect(screen.getByTestId('details-name')).toHaveTextContent('b-guest');
    expect(screen.getByTestId('vm-b-guest')).toHaveAttribute('aria-selected', 'true');
    await user.keyboard('{ArrowUp}');
    expect(screen.getByTestId('details-name')).toHaveTextContent('a-guest');
    await user.click(screen.getByTestId('vm-b-guest'));
    expect(screen.getByTestId('details-vcpus')).toHaveTextContent('3 vCPUs');
    // while the context menu is open the arrow keys belong to it
    await user.pointer({ keys: '[MouseRight]', target: screen.getByTestId('vm-a-guest') });
    await screen.findByTestId('guest-menu');
    await user.keyboard('{ArrowDown}');
    expect(screen.getByTestId('details-name')).toHaveTextContent('a-guest');
  });
});
