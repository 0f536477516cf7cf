// @vitest-environment jsdom
import './dom';
import { act, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { ConnectionStatus } from '../../../preload/contract';
import { connectionName, connectionWord, listRows } from '../../../renderer/features/vm-list/grouping';
import { bridgeWith, CONNECTED, guest } from './fake-bridge';
import { renderApp } from './render-app';

vi.mock('../../../renderer/features/create-wizard/CreateWizard', () => ({ CreateWizard: () => null }));
vi.mock('../../../renderer/features/console/ConsolePane', () => ({ ConsolePane: () => <div>console</div> }));

const LAB = 'qemu+ssh://root@lab.example:2222/system';
const LAB_UP: ConnectionStatus = { id: LAB, uri: LAB, state: 'connected', connectAtStart: true };

describe('guests grouped by host', () => {
  it('names hosts and says their state in one word', () => {
    expect(connectionName(CONNECTED)).toBe('test:///default');
    expect(connectionName({ ...LAB_UP })).toBe('lab.example:2222');
    expect(connectionName({ id: 'qemu:///session', uri: 'qemu:///session', state: 'connected' })).toBe(
      'This computer (session)',
    );
    expect(connectionName({ ...LAB_UP, label: 'Lab' })).toBe('Lab');
    expect(connectionWord({ ...LAB_UP, state: 'disconnected' })).toBe('reconnecting');
    expect(connectionWord({ ...LAB_UP, state: 'disconnected', stopped: true })).toBe('disconnected');
  });

  it('one connection has no headers; two have a header each, collapsible and filtered', () => {
    const a = guest('alpha');
    const b = guest('beta', { connection: LAB });
    expect(listRows([a], [CONNECTED], new Set()).map((r) => r.kind)).toEqual(['guest']);
    const rows = listRows([a, b], [CONNECTED, LAB_UP], new Set());
    expect(rows.map((r) => (r.kind === 'header' ? `# ${r.connection.id} ${r.count}` : r.vm.name))).toEqual([
      '# test:///default 1',
      'alpha',
      `# ${LAB} 1`,
      'beta',
    ]);
    expect(listRows([a, b], [CONNECTED, LAB_UP], new Set([LAB])).map((r) => r.kind)).toEqual([
      'header',
      'guest',
      'header',
    ]);
    expect(listRows([a, b], [CONNECTED, LAB_UP], new Set(), LAB).map((r) => r.key)).toEqual([
      `header\n${LAB}`,
      `${LAB}\n${b.uuid}`,
    ]);
  });

  it('shows each host’s guests under its header; a dropped host says reconnecting, the other keeps going', async () => {
    const local = guest('local-vm');
    const remote = guest('remote-vm', { connection: LAB });
    const bridge = bridgeWith([local, remote]).handle('app.snapshot', () => ({
      connections: [CONNECTED, LAB_UP],
      vms: [local, remote],
    }));
    const { user } = await renderApp(bridge, { waitForRow: 'remote-vm' });
    const header = screen.getByTestId(`host-header-${LAB}`);
    expect(header).toHaveAttribute('data-state', 'connected');
    expect(header).toHaveTextContent('lab.example:2222');
    expect(screen.getByTestId('status-connections')).toHaveTextContent('2 of 2 connected');

    act(() => bridge.emit('connection', { ...LAB_UP, state: 'disconnected', message: 'reconnecting' }));
    expect(screen.getByTestId(`host-header-${LAB}`)).toHaveAttribute('data-state', 'reconnecting');
    expect(screen.getByTestId(`status-connection-${LAB}`)).toHaveAttribute('data-state', 'reconnecting');
    expect(screen.getByTestId('host-header-test:///default')).toHaveAttribute('data-state', 'connected');
    expect(screen.getByTestId('vm-local-vm')).toBeInTheDocument();

    // folding a host hides its guests only
    await user.click(
      within(screen.getByTestId('host-header-test:///default')).getByRole('button', { name: /Hide/ }),
    );
    expect(screen.queryByTestId('vm-local-vm')).toBeNull();
    expect(screen.getByTestId('vm-remote-vm')).toBeInTheDocument();

    // removed elsewhere: its header and guests go
    act(() => bridge.emit('connection.removed', { id: LAB }));
    expect(screen.queryByTestId('vm-remote-vm')).toBeNull();
    expect(screen.queryByTestId(`host-header-${LAB}`)).toBeNull();
  }, 20_000);
});
