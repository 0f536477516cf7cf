// @vitest-environment jsdom
// The Devices card's "Add hardware" menu and Remove, the XML tab's editor keeping a refused text with
// libvirt's message, and "Shut down and apply" (asked, shut down, started again once off).
import './dom';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { VmDetails, VmSummary } from '../../../preload/contract';
import { guestHash } from '../../../preload/routes';
import { bridgeWith, guest } from './fake-bridge';
import { renderApp } from './render-app';

vi.mock('../../../renderer/features/console/ConsolePane', () => ({ ConsolePane: () => <div>console</div> }));

function detailsOf(vm: VmSummary, more: Partial<VmDetails> = {}): VmDetails {
  return {
    ...vm,
    firmware: 'bios',
    secureBoot: false,
    tpm: false,
    nics: [],
    disks: [],
    machine: 'pc-q35-7.2',
    version: '0123456789abcdef',
    pendingChanges: [],
    resources: { vcpus: 1, maxVcpus: 1, memoryKiB: 262144, maxMemoryKiB: 262144 },
    devices: { tablet: false, guestAgent: false, rng: false },
    cpu: { mode: 'maximum' },
    boot: { order: ['hd'], perDevice: false, menu: false },
    ...more,
  };
}

const open = (vm: VmSummary, tab: string) => ({
  waitForRow: vm.name,
  hash: guestHash({ connection: vm.connection, uuid: vm.uuid, tab }),
});

describe('the Devices card', () => {
  it('adds a TPM from the menu and removes the sound card, each one vms.edit with the version', async () => {
    const vm = guest('web');
    const bridge = bridgeWith([vm])
      .handle('vms.details', () =>
        detailsOf(vm, { devices: { sound: 'ich9', tablet: false, guestAgent: false, rng: false } }),
      )
      .handle('vms.edit', () => ({ applied: 'saved', version: 'fedcba9876543210' }));
    const { user } = await renderApp(bridge, open(vm, 'hardware'));
    const card = await screen.findByTestId('details-devices');
    expect(await within(card).findByTestId('device-sound')).toHaveTextContent('ich9');
    await user.click(within(card).getByTestId('add-hardware'));
    const menu = await screen.findByTestId('add-hardware-menu');
    // what it has is not offered again
    expect(within(menu).queryByTestId('add-hardware-sound')).toBeNull();
    await user.click(within(menu).getByTestId('add-hardware-tpm'));
    await waitFor(() => expect(bridge.callsOf('vms.edit')).toHaveLength(1));
    await user.click(within(card).getByTestId('device-sound-remove'));
    await waitFor(() =>
      expect(bridge.callsOf('vms.edit')).toEqual([
        {
          connection: vm.connection,
          uuid: vm.uuid,
          version: '0123456789abcdef',
          edit: { kind: 'tpm', enabled: true },
        },
        // the second from the version the first answered (the details are not read again here)
        {
          connection: vm.connection,
          uuid: vm.uuid,
          version: 'fedcba9876543210',
          edit: { kind: 'sound', model: 'none' },
        },
      ]),
    );
  });

  it('on a running guest it says the changes apply at next start', async () => {
    const vm = guest('web', { state: 'running', reason: 'booted' });
    const bridge = bridgeWith([vm]).handle('vms.details', () => detailsOf(vm));
    await renderApp(bridge, open(vm, 'hardware'));
    expect(await screen.findByTestId('devices-next-start')).toHaveTextContent('apply at next start');
  });
});

describe('the XML tab', () => {
  const XML = "<domain type='qemu'>\n  <name>web</name>\n</domain>";
  it('shows the saved XML; a refused edit keeps its text and shows libvirt’s message', async () => {
    const vm = guest('web');
    const bridge = bridgeWith([vm])
      .handle('vms.details', () => detailsOf(vm))
      .handle('vms.getXml', () => ({ xml: XML, version: '0123456789abcdef' }))
      .handle('vms.defineXml', () => ({
        code: 'LIBVIRT',
        message: 'XML document failed to validate against schema: Element domain has extra content: bogus',
      }));
    const { user } = await renderApp(bridge, open(vm, 'xml'));
    expect(await screen.findByTestId('xml-view')).toHaveTextContent('<name>web</name>');
    await user.click(screen.getByTestId('xml-edit'));
    const editor = await screen.findByTestId('xml-editor');
    const typed = XML.replace('</domain>', '  <bogus/>\n</domain>');
    fireEvent.change(editor, { target: { value: typed } });
    await user.click(screen.getByTestId('xml-save'));
    expect(await screen.findByTestId('xml-refusal')).toHaveTextContent(
      'Element domain has extra content: bogus',
    );
    expect(screen.getByTestId('xml-editor')).toHaveValue(typed);
    expect(bridge.callsOf('vms.defineXml')).toEqual([
      { connection: vm.connection, uuid: vm.uuid, xml: typed, version: '0123456789abcdef' },
    ]);
    expect(screen.getByTestId('xml-editor-note')).toHaveTextContent('The name and UUID cannot change here');
  });

  it('a running guest’s live XML is one switch away', async () => {
    const vm = guest('web', { state: 'running', reason: 'booted' });
    const bridge = bridgeWith([vm])
      .handle('vms.details', () => detailsOf(vm))
      .handle('vms.getXml', ({ live }) => ({
        xml: live ? '<domain id="7"/>' : XML,
        version: '0123456789abcdef',
      }));
    const { user } = await renderApp(bridge, open(vm, 'xml'));
    await screen.findByTestId('xml-which');
    await user.click(screen.getByText('Running now'));
    await waitFor(() => expect(screen.getByTestId('xml-view')).toHaveTextContent('<domain id="7"/>'));
  });
});

describe('Shut down and apply', () => {
  it('asks, shuts the guest down, and starts it once libvirt reports it off', async () => {
    const vm = guest('web', { state: 'running', reason: 'booted' });
    const bridge = bridgeWith([vm])
      .handle('vms.details', () =>
        detailsOf(vm, { pendingChanges: ['TPM: added at next start (tpm-crb 2.0)'] }),
      )
      .handle('vms.shutdown', () => undefined)
      .handle('vms.start', () => undefined);
    const { user } = await renderApp(bridge, open(vm, 'hardware'));
    const banner = await screen.findByTestId('details-pending-changes');
    await user.click(within(banner).getByTestId('apply-restart-ask'));
    expect(bridge.callsOf('vms.shutdown')).toEqual([]);
    await user.click(within(banner).getByTestId('apply-restart-confirm'));
    await waitFor(() => expect(bridge.callsOf('vms.shutdown')).toHaveLength(1));
    expect(within(banner).getByTestId('apply-restart-status')).toHaveTextContent(
      'Waiting for web to shut down',
    );
    act(() =>
      bridge.emit('vm.changed', {
        ...vm,
        pendingRequest: { action: 'shutdown', since: Date.now(), overdue: true },
      }),
    );
    expect(await screen.findByText(/has not shut down: its OS may not react to ACPI/)).toBeTruthy();
    expect(bridge.callsOf('vms.forceOff')).toEqual([]);
    act(() => bridge.emit('vm.changed', { ...vm, state: 'shutoff', reason: 'shutdown' }));
    await waitFor(() =>
      expect(bridge.callsOf('vms.start')).toEqual([{ connection: vm.connection, uuid: vm.uuid }]),
    );
  });

  it('Cancel while waiting: the guest is not started again', async () => {
    const vm = guest('web', { state: 'running', reason: 'booted' });
    const bridge = bridgeWith([vm])
      .handle('vms.details', () => detailsOf(vm, { pendingChanges: ['Sound: ich9 now, ich6 at next start'] }))
      .handle('vms.shutdown', () => undefined);
    const { user } = await renderApp(bridge, open(vm, 'hardware'));
    const banner = await screen.findByTestId('details-pending-changes');
    await user.click(within(banner).getByTestId('apply-restart-ask'));
    await user.click(within(banner).getByTestId('apply-restart-confirm'));
    await user.click(await within(banner).findByTestId('apply-restart-cancel'));
    act(() => bridge.emit('vm.changed', { ...vm, state: 'shutoff', reason: 'shutdown' }));
    await new Promise((r) => setTimeout(r, 50));
    expect(bridge.callsOf('vms.start')).toEqual([]);
  });
});
