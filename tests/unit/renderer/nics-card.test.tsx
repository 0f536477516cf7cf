// @vitest-environment jsdom
// The Network card: an adapter's model and source changed (two vms.edit, the second from the version the
// first answered), a new adapter on a host bridge with a typed MAC, and the MAC's messages as typed.
import './dom';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { VmDetails } from '../../../preload/contract';
import { guestHash } from '../../../preload/routes';
import { bridgeProblem, macProblem, nicEdits } from '../../../renderer/features/vm-details/hardware/nic-form';
import { bridgeWith, guest } from './fake-bridge';
import { renderApp } from './render-app';

vi.mock('../../../renderer/features/console/ConsolePane', () => ({ ConsolePane: () => <div>console</div> }));

const MAC = '52:54:00:aa:bb:cc';

async function openCard() {
  const vm = guest('web', { state: 'shutoff', reason: 'shut down' });
  const details: VmDetails = {
    ...vm,
    firmware: 'bios',
    secureBoot: false,
    tpm: false,
    disks: [],
    nics: [{ mac: MAC, type: 'network', source: 'default', model: 'e1000' }],
    version: 'v1',
    pendingChanges: [],
    resources: { vcpus: 1, maxVcpus: 1, memoryKiB: 262144, maxMemoryKiB: 262144 },
    cpu: { mode: 'maximum' },
    boot: { order: ['hd'], perDevice: false, menu: false },
    devices: { tablet: false, guestAgent: false, rng: false },
  };
  let n = 1;
  const bridge = bridgeWith([vm])
    .handle('vms.details', () => details)
    .handle('networks.list', ({ connection }) => [
      { connection, name: 'default', active: true, autostart: true, uuid: '1', bridge: 'virbr0' },
    ])
    .handle('storage.pools', () => [])
    .handle('vms.edit', () => ({ applied: 'saved', version: `v${++n}` }));
  const r = await renderApp(bridge, {
    waitForRow: 'web',
    hash: guestHash({ connection: vm.connection, uuid: vm.uuid, tab: 'hardware' }),
  });
  return { ...r, bridge, vm, card: await screen.findByTestId('details-nics') };
}

describe('the Network card', () => {
  it('changes an adapter’s model and source: two edits, chained by version', async () => {
    const { user, bridge, vm, card } = await openCard();
    await user.click(await within(card).findByTestId(`nic-${MAC}-edit`));
    const form = within(card).getByTestId('nic-edit-form');
    expect(within(form).getByTestId('nic-edit-save')).toBeDisabled(); // nothing changed yet
    await user.click(within(form).getByTestId('nic-edit-model'));
    await user.click(await screen.findByRole('option', { name: /^virtio/ }));
    fireEvent.click(within(form).getByText('Host bridge'));
    const br = within(form).getByTestId('nic-edit-bridge');
    await user.type(br, 'br 0');
    expect(await within(form).findByText(/no spaces, slashes or colons/)).toBeInTheDocument();
    expect(within(form).getByTestId('nic-edit-save')).toBeDisabled();
    await user.clear(br);
    await user.type(br, 'br0');
    await user.click(within(form).getByTestId('nic-edit-save'));
    const ref = { connection: vm.connection, uuid: vm.uuid };
    await waitFor(() =>
      expect(bridge.callsOf('vms.edit')).toEqual([
        { ...ref, version: 'v1', edit: { kind: 'nicModel', mac: MAC, model: 'virtio' } },
        { ...ref, version: 'v2', edit: { kind: 'nicSource', mac: MAC, source: { bridge: 'br0' } } },
      ]),
    );
  });

  it('adds an adapter with a typed MAC, after saying what is wrong with it as typed', async () => {
    const { user, bridge, card } = await openCard();
    await user.click(within(card).getByTestId('nic-add'));
    const form = within(card).getByTestId('nic-add-form');
    await waitFor(() => expect(within(form).getByTestId('nic-add-network')).toHaveValue('default'));
    const mac = within(form).getByTestId('nic-add-mac');
    await user.type(mac, '52:54:00');
    expect(await within(form).findByText(/Must be a MAC address such as/)).toBeInTheDocument();
    expect(within(form).getByTestId('nic-add-save')).toBeDisabled();
    await user.clear(mac);
    await user.type(mac, MAC.toUpperCase());
    expect(await within(form).findByText(/already has an adapter with this address/)).toBeInTheDocument();
    await user.clear(mac);
    await user.type(mac, '52:54:00:12:34:56');
    await user.click(within(form).getByTestId('nic-add-save'));
    await waitFor(() =>
      expect(bridge.callsOf('vms.edit').map((c) => (c as { edit: unknown }).edit)).toEqual([
        { kind: 'addNic', source: { network: 'default' }, model: 'virtio', mac: '52:54:00:12:34:56' },
      ]),
    );
  });
});

describe('Add hardware’s disk and network entries', () => {
  it('open the Storage card’s dialog and the Network card’s form', async () => {
    const { user } = await openCard();
    const devices = await screen.findByTestId('details-devices');
    await user.click(within(devices).getByTestId('add-hardware'));
    await user.click(within(await screen.findByTestId('add-hardware-menu')).getByTestId('add-hardware-nic'));
    expect(await within(screen.getByTestId('details-nics')).findByTestId('nic-add-form')).toBeVisible();
    await user.click(within(devices).getByTestId('add-hardware'));
    await user.click(within(await screen.findByTestId('add-hardware-menu')).getByTestId('add-hardware-disk'));
    expect(await screen.findByTestId('disk-add-dialog')).toBeInTheDocument();
  });
});

describe('the network adapter checks', () => {
  it('MAC: empty is fine (libvirt makes one); format, unicast and this guest’s own in words', () => {
    expect(macProblem('')).toBeUndefined();
    expect(macProblem('52:54:00:12:34:56')).toBeUndefined();
    expect(macProblem('52-54-00-12-34-56')).toMatch(/such as 52:54:00:12:34:56/);
    expect(macProblem('01:00:5e:00:00:01')).toMatch(/unicast/);
    expect(macProblem('52:54:00:AA:BB:CC', [{ mac: MAC, type: 'network' }])).toMatch(/already has/);
  });

  it('bridge names as Linux allows them', () => {
    expect(bridgeProblem('br0')).toBeUndefined();
    expect(bridgeProblem('')).toMatch(/such as br0/);
    expect(bridgeProblem('a-very-long-bridge-name')).toMatch(/at most 15/);
  });

  it('edits: only what changed; a model we do not offer stays unless one is picked', () => {
    const nic = { mac: MAC, type: 'network', source: 'default', model: 'ne2k_pci' };
    expect(nicEdits(nic, undefined, { network: 'default' })).toEqual([]);
    expect(nicEdits(nic, 'virtio', { network: 'default' })).toEqual([
      { kind: 'nicModel', mac: MAC, model: 'virtio' },
    ]);
    expect(nicEdits(nic, undefined, { network: 'lab' })).toEqual([
      { kind: 'nicSource', mac: MAC, source: { network: 'lab' } },
    ]);
  });
});
