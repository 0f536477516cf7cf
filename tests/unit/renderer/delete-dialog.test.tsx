// @vitest-environment jsdom
import './dom';
import { notifications } from '@mantine/notifications';
import { act, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DeletePlanDisk } from '../../../preload/contract';
import { bridgeWith, guest, URI } from './fake-bridge';
import { renderApp } from './render-app';

vi.mock('../../../renderer/features/console/ConsolePane', () => ({ ConsolePane: () => <div>console</div> }));

const DISKS: DeletePlanDisk[] = [
  {
    target: 'vda',
    device: 'disk',
    bus: 'virtio',
    path: '/var/lib/libvirt/images/web.qcow2',
    volume: { pool: 'default', name: 'web.qcow2' },
    format: 'qcow2',
    readonly: false,
    deletable: true,
    sharedWith: [],
    sizeBytes: 1288490189,
    capacityBytes: 20 * 1024 ** 3,
  },
  {
    target: 'vdb',
    device: 'disk',
    bus: 'virtio',
    path: '/var/lib/libvirt/images/web-data.raw',
    format: 'raw',
    readonly: false,
    deletable: true,
    sharedWith: [],
    sizeBytes: 512 * 1024 ** 2,
  },
  {
    target: 'sda',
    device: 'cdrom',
    bus: 'sata',
    path: '/isos/debian-12.iso',
    format: 'raw',
    readonly: true,
    keptReason: 'read-only media',
    deletable: false,
    sharedWith: [],
    sizeBytes: 600 * 1024 ** 2,
  },
  {
    target: 'sdb',
    device: 'cdrom',
    bus: 'sata',
    readonly: true,
    keptReason: 'read-only media',
    deletable: false,
    sharedWith: [],
  },
];

const KEPT: DeletePlanDisk[] = [
  {
    target: 'vdc',
    device: 'disk',
    bus: 'virtio',
    path: '/dev/vg0/web-home',
    format: 'raw',
    readonly: false,
    keptReason: 'block device',
    deletable: false,
    sharedWith: [],
  },
  {
    target: 'vdd',
    device: 'disk',
    bus: 'virtio',
    path: '/var/lib/libvirt/images/common.qcow2',
    format: 'qcow2',
    readonly: false,
    keptReason: 'also used by mail, db',
    deletable: false,
    sharedWith: ['mail', 'db'],
    sizeBytes: 3 * 1024 ** 3,
  },
  {
    target: 'vde',
    device: 'disk',
    bus: 'virtio',
    path: 'rbd-pool/web-scratch',
    readonly: false,
    keptReason: 'network disk',
    deletable: false,
    sharedWith: [],
  },
  {
    target: 'vdf',
    device: 'disk',
    bus: 'virtio',
    path: '/srv/cluster.img',
    format: 'raw',
    readonly: false,
    keptReason: 'shared (shareable)',
    deletable: false,
    sharedWith: [],
    sizeBytes: 0,
  },
];

function setup(state: 'shutoff' | 'running' = 'shutoff', disks: DeletePlanDisk[] = DISKS) {
  const vm = guest('web', { state, reason: state === 'running' ? 'booted' : 'shutdown' });
  const bridge = bridgeWith([vm])
    .handle('vms.deletePlan', () => ({ disks }))
    .handle('vms.delete', ({ deleteDisks }) => ({ deleted: deleteDisks, remaining: [] }));
  return { vm, bridge };
}

async function openDelete(bridge: ReturnType<typeof setup>['bridge']) {
  const app = await renderApp(bridge, { waitForRow: 'web' });
  await waitFor(() => expect(screen.getByTestId('toolbar-delete')).toBeEnabled());
  await app.user.click(screen.getByTestId('toolbar-delete'));
  const dialog = await screen.findByRole('dialog');
  await within(dialog).findByTestId('delete-disks');
  return { ...app, dialog };
}

// notifications outlive a rendered app: each test starts with none
afterEach(() => act(() => notifications.clean()));

describe('deleting a guest', () => {
  it('lists the disk files with their sizes, deletable ones ticked; the ISO is kept, unticked and disabled', async () => {
    const { vm, bridge } = setup();
    const { dialog } = await openDelete(bridge);
    expect(bridge.callsOf('vms.deletePlan')).toEqual([{ connection: URI, uuid: vm.uuid }]);
    const boxes = within(dialog).getAllByRole('checkbox') as HTMLInputElement[];
    expect(boxes.map((b) => [b.checked, b.disabled])).toEqual([
      [true, false],
      [true, false],
      [false, true],
    ]);
    expect(within(dialog).getByLabelText('/var/lib/libvirt/images/web.qcow2')).toBeChecked();
    expect(within(dialog).getByLabelText('/var/lib/libvirt/images/web-data.raw')).toBeChecked();
    expect(within(dialog).getByLabelText('/isos/debian-12.iso')).toBeDisabled();
    expect(within(dialog).getByLabelText('/isos/debian-12.iso')).not.toBeChecked();
    expect(within(dialog).getByTestId('kept-disk-sda')).toHaveTextContent('/isos/debian-12.iso');
    expect(within(dialog).getByTestId('kept-reason-sda')).toHaveTextContent('kept: read-only media');
    // sizes: a pool volume's allocation and capacity, a plain file's size on disk
    expect(dialog).toHaveTextContent('volume “web.qcow2” of pool “default” · 1.2 GiB on disk (of 20 GiB)');
    expect(dialog).toHaveTextContent('vdb · disk · raw · virtio · 512 MiB on disk');
    expect(within(dialog).getByTestId('kept-disk-sda')).toHaveTextContent('600 MiB on disk');
    // nothing is deleted while the dialog is open
    expect(bridge.callsOf('vms.delete')).toEqual([]);
  });

  it('keeps block devices, network disks, shareable disks and files other guests use, and says why', async () => {
    const { vm, bridge } = setup('shutoff', [DISKS[0], ...KEPT]);
    const { user, dialog } = await openDelete(bridge);
    const reasons = KEPT.map((d) => within(dialog).getByTestId(`kept-reason-${d.target}`).textContent);
    expect(reasons).toEqual([
      'kept: block device',
      'kept: also used by mail, db',
      'kept: network disk',
      'kept: shared (shareable)',
    ]);
    for (const d of KEPT) {
      const box = within(dialog).getByLabelText(d.path!);
      expect(box).toBeDisabled();
      expect(box).not.toBeChecked();
      await user.click(box); // a disabled box cannot be ticked
      expect(box).not.toBeChecked();
    }
    expect(within(dialog).getByTestId('kept-disk-vdd')).toHaveTextContent('3 GiB on disk');
    expect(within(dialog).getByTestId('kept-disk-vde')).toHaveTextContent('size unknown');
    expect(within(dialog).getByTestId('kept-disk-vdf')).toHaveTextContent('0 bytes on disk');
    await user.click(within(dialog).getByTestId('delete-confirm'));
    expect(bridge.callsOf('vms.delete')).toEqual([
      { connection: URI, uuid: vm.uuid, deleteDisks: ['/var/lib/libvirt/images/web.qcow2'] },
    ]);
  });

  it('deletes exactly the ticked files; an unticked one stays', async () => {
    const { vm, bridge } = setup();
    const { user, dialog } = await openDelete(bridge);
    await user.click(within(dialog).getByLabelText('/var/lib/libvirt/images/web-data.raw'));
    await user.click(within(dialog).getByTestId('delete-confirm'));
    expect(bridge.callsOf('vms.delete')).toEqual([
      { connection: URI, uuid: vm.uuid, deleteDisks: ['/var/lib/libvirt/images/web.qcow2'] },
    ]);
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(await screen.findByText('Deleted “web”')).toBeInTheDocument();
  });

  it('deletes no files when every box is unticked, and nothing at all on Cancel', async () => {
    const { vm, bridge } = setup();
    const { user, dialog } = await openDelete(bridge);
    await user.click(within(dialog).getByTestId('delete-cancel'));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(bridge.callsOf('vms.delete')).toEqual([]);

    await user.click(screen.getByTestId('toolbar-delete'));
    const again = await screen.findByRole('dialog');
    await within(again).findByTestId('delete-disks');
    for (const box of within(again).getAllByRole('checkbox')) await user.click(box);
    await user.click(within(again).getByTestId('delete-confirm'));
    expect(bridge.callsOf('vms.delete')).toEqual([{ connection: URI, uuid: vm.uuid, deleteDisks: [] }]);
  });

  it('says a running guest is forced off first', async () => {
    const { bridge } = setup('running');
    const { dialog } = await openDelete(bridge);
    expect(dialog).toHaveTextContent('It is running and will be forced off first.');
  });

  it('names each file that could not be deleted', async () => {
    const { bridge } = setup();
    bridge.handle('vms.delete', () => ({
      deleted: ['/var/lib/libvirt/images/web.qcow2'],
      remaining: [{ path: '/var/lib/libvirt/images/web-data.raw', message: 'Permission denied' }],
    }));
    const { user, dialog } = await openDelete(bridge);
    await user.click(within(dialog).getByTestId('delete-confirm'));
    const remaining = await screen.findByTestId('delete-remaining');
    expect(remaining).toHaveTextContent('/var/lib/libvirt/images/web-data.raw: Permission denied');
  });

  it('shows libvirt’s message when the delete fails and keeps the dialog open', async () => {
    const { bridge } = setup();
    bridge.handle('vms.delete', () => ({
      code: 'LIBVIRT',
      message: 'Requested operation is not valid: cannot undefine domain with nvram',
    }));
    const { user, dialog } = await openDelete(bridge);
    await user.click(within(dialog).getByTestId('delete-confirm'));
    expect(await screen.findByTestId('error-notification')).toHaveTextContent(
      'cannot undefine domain with nvram',
    );
    expect(screen.getByRole('dialog')).toBeInTheDocument();
  });
});
