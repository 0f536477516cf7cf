// @vitest-environment jsdom
// The Boot and Processor model cards: on a running guest the firmware is locked with the reason, a
// boot order moved with the buttons is one vms.edit; a TCG guest's processor modes say why two are
// unavailable, and a firmware change that kept old UEFI variables says so.
import './dom';
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { VmDetails } from '../../../preload/contract';
import { guestHash } from '../../../preload/routes';
import { bridgeWith, guest } from './fake-bridge';
import { renderApp } from './render-app';

vi.mock('../../../renderer/features/console/ConsolePane', () => ({ ConsolePane: () => <div>console</div> }));

function detailsOf(vm: ReturnType<typeof guest>, more: Partial<VmDetails> = {}): VmDetails {
  return {
    ...vm,
    domainType: 'qemu',
    machine: 'pc-q35-7.2',
    arch: 'x86_64',
    firmware: 'efi',
    secureBoot: false,
    tpm: false,
    nics: [],
    disks: [
      { target: 'vda', device: 'disk', bus: 'virtio', path: '/d.qcow2', readonly: false, deletable: true },
    ],
    version: 'v1',
    pendingChanges: [],
    resources: { vcpus: 2, maxVcpus: 2, memoryKiB: 262144, maxMemoryKiB: 262144 },
    cpu: {
      mode: 'maximum',
      offered: { hostPassthrough: false, hostModel: true, maximum: true, models: ['qemu64'] },
    },
    boot: { order: ['cdrom', 'hd'], perDevice: false, menu: false },
    devices: { tablet: false, guestAgent: false, rng: false },
    ...more,
  };
}

async function hardwareOf(vm: ReturnType<typeof guest>, details: VmDetails) {
  const bridge = bridgeWith([vm])
    .handle('vms.details', () => details)
    .handle('vms.edit', () => ({ applied: 'saved', version: 'v2', nvramNeedsReset: true }));
  const r = await renderApp(bridge, {
    waitForRow: vm.name,
    hash: guestHash({ connection: vm.connection, uuid: vm.uuid, tab: 'hardware' }),
  });
  return { bridge, ...r };
}

describe('the Boot card', () => {
  it('a running guest: firmware locked with the reason; the order moved is one bootOrder edit', async () => {
    const vm = guest('web', { state: 'running', reason: 'booted' });
    const { bridge, user } = await hardwareOf(vm, detailsOf(vm));
    const boot = await screen.findByTestId('details-boot');
    expect(
      within(boot).getByText(
        'The firmware can be changed only while the guest is shut off: shut it down first.',
      ),
    ).toBeInTheDocument();
    for (const f of ['bios', 'efi', 'efi-secure'])
      expect(within(boot).getByTestId(`boot-firmware-${f}`)).toBeDisabled();
    await user.click(within(boot).getByRole('button', { name: 'Move CD/DVD down' }));
    expect(within(boot).getByText('Applies when the guest next starts.')).toBeInTheDocument();
    await user.click(within(boot).getByTestId('boot-order-save'));
    await waitFor(() =>
      expect(bridge.callsOf('vms.edit')).toMatchObject([
        { edit: { kind: 'bootOrder', order: ['hd', 'cdrom'] } },
      ]),
    );
  });

  it('a shut-off guest: UEFI -> Secure Boot after the warning; kept UEFI variables are said', async () => {
    const vm = guest('web', { state: 'shutoff', reason: 'shut down' });
    const { bridge, user } = await hardwareOf(vm, detailsOf(vm));
    const boot = await screen.findByTestId('details-boot');
    await user.click(within(boot).getByTestId('boot-firmware-efi-secure'));
    const dialog = await screen.findByRole('dialog', { name: 'Start from UEFI with Secure Boot?' });
    expect(dialog).toHaveTextContent('only signed boot loaders start');
    expect(bridge.callsOf('vms.edit')).toEqual([]);
    await user.click(within(dialog).getByTestId('boot-firmware-confirm-change'));
    await waitFor(() =>
      expect(bridge.callsOf('vms.edit')).toMatchObject([
        { edit: { kind: 'firmware', firmware: 'efi-secure' } },
      ]),
    );
    expect(await within(boot).findByTestId('boot-nvram-reset')).toHaveTextContent(
      'virsh start --reset-nvram',
    );
  });
});

describe('the Processor model card', () => {
  it('under TCG says why host passthrough and host model are unavailable; a topology is one edit', async () => {
    const vm = guest('web', { state: 'shutoff', reason: 'shut down' });
    const { bridge, user } = await hardwareOf(vm, detailsOf(vm));
    const card = await screen.findByTestId('details-cpu');
    expect(within(card).getByTestId('cpu-topology')).toHaveTextContent('Not set: one socket per processor');
    await user.click(within(card).getByTestId('cpu-edit'));
    expect(within(card).getByTestId('cpu-mode-unavailable')).toHaveTextContent(
      'Not with software emulation (TCG)',
    );
    const sockets = within(card).getByTestId('cpu-sockets');
    await user.clear(sockets);
    await user.type(sockets, '1');
    const cores = within(card).getByTestId('cpu-cores');
    await user.clear(cores);
    await user.type(cores, '2');
    expect(within(card).getByTestId('cpu-topology-says')).toHaveTextContent(
      '1 socket × 2 cores × 1 thread = 2 processors, the guest’s maximum.',
    );
    await user.click(within(card).getByTestId('cpu-save'));
    await waitFor(() =>
      expect(bridge.callsOf('vms.edit')).toMatchObject([
        { version: 'v1', edit: { kind: 'topology', sockets: 1, cores: 2, threads: 1 } },
      ]),
    );
  });
});
