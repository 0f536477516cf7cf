// @vitest-environment jsdom
// The Storage card: a new disk added through its dialog (vms.edit newDisk with the pool, size and bus the
// user chose, the size checked against the pool's free space as typed), a disk grown (a shrink refused as
// typed), and a running guest's disk whose removal is pending shown as such, with no second Remove.
import './dom';
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { VmDetails } from '../../../preload/contract';
import { guestHash } from '../../../preload/routes';
import { bridgeWith, guest } from './fake-bridge';
import { renderApp } from './render-app';

vi.mock('../../../renderer/features/console/ConsolePane', () => ({ ConsolePane: () => <div>console</div> }));

const GiB = 1024 ** 3;

function setup(state: 'running' | 'shutoff') {
  const vm = guest('web', { state, reason: state === 'running' ? 'booted' : 'shut down' });
  const details: VmDetails = {
    ...vm,
    firmware: 'bios',
    secureBoot: false,
    tpm: false,
    machine: 'pc-q35-7.2',
    nics: [{ mac: '52:54:00:00:00:02', type: 'network', source: 'default', nextStart: 'removed' }],
    disks: [
      {
        target: 'vda',
        device: 'disk',
        bus: 'virtio',
        path: '/p/web.qcow2',
        format: 'qcow2',
        readonly: false,
        deletable: true,
        capacityBytes: 2 * GiB,
      },
      {
        target: 'vdb',
        device: 'disk',
        bus: 'virtio',
        path: '/p/old.qcow2',
        readonly: false,
        deletable: true,
        nextStart: 'removed',
      },
    ],
    version: '0123456789abcdef',
    pendingChanges: [],
    resources: { vcpus: 1, maxVcpus: 1, memoryKiB: 262144, maxMemoryKiB: 262144 },
    cpu: { mode: 'maximum' },
    boot: { order: ['hd'], perDevice: false, menu: false },
    devices: { tablet: false, guestAgent: false, rng: false },
  };
  const bridge = bridgeWith([vm])
    .handle('vms.details', () => details)
    .handle('storage.pools', () => [
      { name: 'default', active: true, availableBytes: 20 * GiB, capacityBytes: 40 * GiB },
    ])
    .handle('vms.edit', () => ({ applied: 'live', version: 'fedcba9876543210' }));
  return { vm, bridge };
}

describe('the Storage card', () => {
  it('adds a new disk: pool, size within its free space, bus', async () => {
    const { vm, bridge } = setup('running');
    const { user } = await renderApp(bridge, {
      waitForRow: 'web',
      hash: guestHash({ connection: vm.connection, uuid: vm.uuid, tab: 'hardware' }),
    });
    await user.click(await screen.findByTestId('disk-add'));
    const dialog = await screen.findByTestId('disk-add-dialog');
    await waitFor(() =>
      expect(within(dialog).getByTestId('disk-add-pool')).toHaveValue('default (20 GiB free)'),
    );
    const size = within(dialog).getByTestId('disk-add-size');
    await user.clear(size);
    await user.type(size, '25');
    expect(
      await within(dialog).findByText('The pool has 20 GiB free: the disk must fit in it.'),
    ).toBeInTheDocument();
    expect(within(dialog).getByTestId('disk-add-save')).toBeDisabled();
    await user.clear(size);
    await user.type(size, '5');
    await user.click(within(dialog).getByTestId('disk-add-save'));
    await waitFor(() =>
      expect(bridge.callsOf('vms.edit')).toEqual([
        {
          connection: vm.connection,
          uuid: vm.uuid,
          version: '0123456789abcdef',
          edit: { kind: 'newDisk', pool: 'default', sizeGiB: 5, bus: 'virtio' },
        },
      ]),
    );
  });

  it('grows a disk and refuses a shrink as typed', async () => {
    const { vm, bridge } = setup('running');
    const { user } = await renderApp(bridge, {
      waitForRow: 'web',
      hash: guestHash({ connection: vm.connection, uuid: vm.uuid, tab: 'hardware' }),
    });
    await user.click(await screen.findByTestId('disk-vda-edit'));
    const dialog = await screen.findByTestId('disk-edit-dialog');
    const size = within(dialog).getByTestId('disk-edit-size');
    expect(size).toHaveValue('2');
    await user.clear(size);
    await user.type(size, '1');
    expect(
      await within(dialog).findByText(
        'It is 2.0 GiB: a disk can only grow. Shrinking would cut off what the guest keeps at its end.',
      ),
    ).toBeInTheDocument();
    expect(within(dialog).getByTestId('disk-edit-grow')).toBeDisabled();
    await user.clear(size);
    await user.type(size, '3');
    await user.click(within(dialog).getByTestId('disk-edit-grow'));
    await waitFor(() =>
      expect((bridge.callsOf('vms.edit') as { edit: unknown }[]).map((c) => c.edit)).toEqual([
        { kind: 'growDisk', target: 'vda', sizeGiB: 3 },
      ]),
    );
  });

  it('shows a pending removal as such, with no Remove; a CD/DVD drive is added only while off', async () => {
    const { vm, bridge } = setup('running');
    await renderApp(bridge, {
      waitForRow: 'web',
      hash: guestHash({ connection: vm.connection, uuid: vm.uuid, tab: 'hardware' }),
    });
    const vdb = await screen.findByTestId('disk-vdb');
    expect(within(vdb).getByTestId('disk-vdb-next-start')).toHaveTextContent('removed at next start');
    expect(within(vdb).queryByTestId('disk-vdb-remove')).toBeNull();
    expect(screen.getByTestId('disk-vda-remove')).toBeInTheDocument();
    const nic = screen.getByTestId('nic-52:54:00:00:00:02');
    expect(within(nic).getByText('removed at next start')).toBeInTheDocument();
    expect(within(nic).queryByTestId('nic-52:54:00:00:00:02-remove')).toBeNull();
    expect(screen.getByTestId('cdrom-add')).toBeDisabled();
  });

  it('adds a CD/DVD drive on SATA to a shut-off Q35 guest', async () => {
    const { vm, bridge } = setup('shutoff');
    const { user } = await renderApp(bridge, {
      waitForRow: 'web',
      hash: guestHash({ connection: vm.connection, uuid: vm.uuid, tab: 'hardware' }),
    });
    await user.click(await screen.findByTestId('cdrom-add'));
    await waitFor(() =>
      expect((bridge.callsOf('vms.edit') as { edit: unknown }[]).map((c) => c.edit)).toEqual([
        { kind: 'addCdrom', bus: 'sata' },
      ]),
    );
  });
});
