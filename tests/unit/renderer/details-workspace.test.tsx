// @vitest-environment jsdom
// The selected guest's workspace: its tabs (mouse, keyboard, the route's tab) and the Overview form
// (messages as typed, rename only when off and why, what Save sends, values shown once events bring them).
import './dom';
import { act, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { guestHash } from '../../../preload/routes';
import { bridgeWith, guest } from './fake-bridge';
import { renderApp } from './render-app';

vi.mock('../../../renderer/features/console/ConsolePane', () => ({
  ConsolePane: () => <div data-testid="console-stub">console</div>,
}));

const ref = (vm: { connection: string; uuid: string }) => ({ connection: vm.connection, uuid: vm.uuid });
const selected = () => screen.getAllByRole('tab').find((t) => t.getAttribute('aria-selected') === 'true');

describe('the details tabs', () => {
  it('opens on Overview; Hardware by mouse, then Snapshots and Console along the tab list with the arrow keys', async () => {
    const web = guest('web');
    const { user } = await renderApp(bridgeWith([web]), { waitForRow: 'web' });
    expect(await screen.findByTestId('overview-form')).toBeInTheDocument();
    expect(selected()).toHaveTextContent('Overview');
    expect(screen.getAllByRole('tab').map((t) => t.textContent)).toEqual([
      'Overview',
      'Hardware',
      'Snapshots',
      'Console',
      'XML',
      'Performance',
    ]);

    await user.click(screen.getByTestId('details-tab-hardware'));
    expect(await screen.findByTestId('details-disks')).toHaveTextContent('No disks.');
    expect(screen.queryByTestId('overview-form')).toBeNull();

    await user.keyboard('{ArrowRight}');
    expect(selected()).toHaveTextContent('Snapshots');
    await user.keyboard('{ArrowRight}');
    expect(selected()).toHaveTextContent('Console');
    expect(await screen.findByTestId('console-stub')).toBeInTheDocument();
    await user.keyboard('{ArrowLeft}{ArrowLeft}{ArrowLeft}');
    expect(selected()).toHaveTextContent('Overview');
    expect(screen.getByTestId('details-name')).toHaveTextContent('web');
  });

  it('starts on the guest and tab the route names (a reload), not on the first guest', async () => {
    const a = guest('a-guest');
    const b = guest('b-guest');
    await renderApp(bridgeWith([a, b]), {
      waitForRow: 'a-guest',
      hash: guestHash({ ...ref(b), tab: 'hardware' }),
    });
    await waitFor(() => expect(screen.getByTestId('details-name')).toHaveTextContent('b-guest'));
    expect(selected()).toHaveTextContent('Hardware');
  });

  it('an unknown tab in the route opens Overview', async () => {
    const a = guest('a-guest');
    await renderApp(bridgeWith([a]), {
      waitForRow: 'a-guest',
      hash: guestHash({ ...ref(a), tab: 'no-such-tab' }),
    });
    await waitFor(() => expect(selected()).toHaveTextContent('Overview'));
  });
});

describe('the Overview form', () => {
  it('checks a new name as it is typed, in the wizard’s words, and renames on Save', async () => {
    const web = guest('web');
    // after web in the list, so web is the guest selected first
    const db = guest('web-db');
    const bridge = bridgeWith([web, db]).handle('vms.rename', () => undefined);
    const { user } = await renderApp(bridge, { waitForRow: 'web' });
    const name = await screen.findByTestId('overview-name');
    const save = screen.getByTestId('overview-save');
    expect(save).toBeDisabled();

    await user.clear(name);
    expect(screen.getByText('Give the guest a name.')).toBeInTheDocument();
    await user.type(name, 'web server');
    expect(
      screen.getByText(
        "A guest name can't contain spaces. Use letters, digits, dots (.), hyphens (-) and underscores (_).",
      ),
    ).toBeInTheDocument();
    expect(save).toBeDisabled();
    await user.clear(name);
    await user.type(name, 'web-db');
    expect(
      screen.getByText('A guest named "web-db" already exists. Choose another name.'),
    ).toBeInTheDocument();
    await user.clear(name);
    await user.type(name, 'web-2{Enter}');
    expect(bridge.callsOf('vms.rename')).toEqual([{ ...ref(web), name: 'web-2' }]);
    expect(bridge.callsOf('vms.setInfo')).toEqual([]);

    // the reply changes nothing: the list, the header and the form follow libvirt's renamed event
    expect(screen.getByTestId('details-name')).toHaveTextContent('web');
    act(() => bridge.emit('vm.changed', { ...web, name: 'web-2' }));
    await waitFor(() => expect(screen.getByTestId('details-name')).toHaveTextContent('web-2'));
    expect(screen.getByTestId('vm-web-2')).toBeInTheDocument();
    expect(name).toHaveValue('web-2');
    await waitFor(() => expect(save).toBeDisabled());
  });

  it('a running guest’s name cannot change, and the form says why', async () => {
    const web = guest('web', { state: 'running', reason: 'booted' });
    await renderApp(bridgeWith([web]), { waitForRow: 'web' });
    expect(await screen.findByTestId('overview-name')).toBeDisabled();
    expect(
      screen.getByText('Shut the guest off to rename it: libvirt renames only guests that are off.'),
    ).toBeInTheDocument();
    // the rest of the form stays editable
    expect(screen.getByTestId('overview-title')).toBeEnabled();
  });

  it('saves title and description as typed and shows markup in them as text', async () => {
    const web = guest('web');
    const bridge = bridgeWith([web]).handle('vms.setInfo', () => undefined);
    const { user } = await renderApp(bridge, { waitForRow: 'web' });
    const title = await screen.findByTestId('overview-title');
    // pasted: typing every character takes jsdom seconds
    await user.click(title);
    await user.paste('<script>alert(1)</script> ]]> Grüße');
    const description = screen.getByTestId('overview-description');
    await waitFor(() => expect(description).toBeEnabled());
    await user.click(description);
    await user.paste('line one\n<b>two</b> 名前');
    await user.click(screen.getByTestId('overview-save'));
    expect(bridge.callsOf('vms.setInfo')).toEqual([
      { ...ref(web), title: '<script>alert(1)</script> ]]> Grüße', description: 'line one\n<b>two</b> 名前' },
    ]);
    act(() => bridge.emit('vm.changed', { ...web, title: '<script>alert(1)</script> ]]> Grüße' }));
    expect(await screen.findByTestId('details-title')).toHaveTextContent(
      '<script>alert(1)</script> ]]> Grüße',
    );
    expect(document.querySelector('[data-testid="guest-details"] script')).toBeNull();
  });

  it('refuses a control character in the title as it is typed, and shows what the api refused', async () => {
    const web = guest('web');
    const bridge = bridgeWith([web]).handle('vms.setInfo', () => ({
      code: 'PERMISSION',
      message: 'access denied: you may not change this guest',
    }));
    const { user } = await renderApp(bridge, { waitForRow: 'web' });
    const title = await screen.findByTestId('overview-title');
    await user.type(title, 'bell \u0007');
    expect(screen.getByText("A title can't contain control characters.")).toBeInTheDocument();
    expect(screen.getByTestId('overview-save')).toBeDisabled();
    await user.clear(title);
    await user.type(title, 'fine');
    await user.click(screen.getByTestId('overview-save'));
    expect(await screen.findByTestId('overview-failure')).toHaveTextContent(
      'access denied: you may not change this guest',
    );
  });

  it('changes the OS remembered in KVM Desk’s metadata, chosen from osinfo-db’s list', async () => {
    const web = guest('web');
    const os = (id: string, name: string) => ({ id, name, family: 'linux' as const, eol: false });
    const bridge = bridgeWith([web])
      .handle('osinfo.list', () => [os('debian12', 'Debian 12'), os('fedora39', 'Fedora Linux 39')])
      .handle('vms.setInfo', () => undefined);
    const { user } = await renderApp(bridge, { waitForRow: 'web' });
    const select = await screen.findByTestId('overview-os');
    await waitFor(() => expect(select).toHaveValue('Debian 12'));
    await user.click(select);
    await user.click(await screen.findByRole('option', { name: 'Fedora Linux 39' }));
    await user.click(screen.getByTestId('overview-save'));
    expect(bridge.callsOf('vms.setInfo')).toEqual([{ ...ref(web), osId: 'fedora39' }]);
  });

  it('turns autostart on through the api; the switch follows the guest list', async () => {
    const web = guest('web', { autostart: false });
    const bridge = bridgeWith([web]).handle('vms.setAutostart', () => undefined);
    const { user } = await renderApp(bridge, { waitForRow: 'web' });
    const toggle = await screen.findByTestId('overview-autostart');
    await user.click(toggle);
    expect(bridge.callsOf('vms.setAutostart')).toEqual([{ ...ref(web), enabled: true }]);
    expect(toggle).not.toBeChecked();
    act(() => bridge.emit('vm.changed', { ...web, autostart: true }));
    await waitFor(() => expect(toggle).toBeChecked());
  });
});
