// @vitest-environment jsdom
import './dom';
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { DiskInfo } from '../../../preload/contract';
import { bridgeWith, guest, URI } from './fake-bridge';
import { renderApp } from './render-app';

vi.mock('../../../renderer/features/console/ConsolePane', () => ({ ConsolePane: () => <div>console</div> }));

const DISKS: DiskInfo[] = [
  {
    target: 'vda',
    device: 'disk',
    bus: 'virtio',
    path: '/var/lib/libvirt/images/web.qcow2',
    format: 'qcow2',
    readonly: false,
    deletable: true,
  },
  {
    target: 'vdb',
    device: 'disk',
    bus: 'virtio',
    path: '/var/lib/libvirt/images/web-data.raw',
    format: 'raw',
    readonly: false,
    deletable: true,
  },
  {
    target: 'sda',
    device: 'cdrom',
    bus: 'sata',
    path: '/isos/debian-12.iso',
    format: 'raw',
    readonly: true,
    deletable: false,
  },
  { target: 'sdb', device: 'cdrom', bus: 'sata', readonly: true, deletable: false },
];

function setup(state: 'shutoff' | 'running' = 'shutoff') {
  const vm = guest('web', { state, reason: state === 'running' ? 'booted' : 'shutdown' });
  const bridge = bridgeWith([vm])
    .handle('vms.details', () => ({
      ...vm,
      firmware: 'bios',
      secureBoot: false,
      tpm: false,
      disks: DISKS,
      nics: [],
    }))
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

describe('deleting a guest', () => {
  it('lists the disk files, deletable ones ticked; the ISO is shown as kept and never offered', async () => {
    const { bridge } = setup();
    const { dialog } = await openDelete(bridge);
    const boxes = within(dialog).getAllByRole('checkbox');
    expect(boxes.map((b) => (b as HTMLInputElement).checked)).toEqual([true, true]);
    expect(within(dialog).getByLabelText('/var/lib/libvirt/images/web.qcow2')).toBeChecked();
    expect(within(dialog).getByLabelText('/var/lib/libvirt/images/web-data.raw')).toBeChecked();
    expect(within(dialog).queryByLabelText('/isos/debian-12.iso')).toBeNull();
    expect(within(dialog).getByTestId('kept-disk-sda')).toHaveTextContent('/isos/debian-12.iso');
    expect(within(dialog).getByTestId('kept-disk-sda')).toHaveTextContent('kept');
    // nothing is deleted while the dialog is open
    expect(bridge.callsOf('vms.delete')).toEqual([]);
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
