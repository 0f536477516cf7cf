// @vitest-environment jsdom
// The Hardware tab: a CD drive's Eject sends vms.edit with the version the details were read at, and
// what the running guest gets only at its next start is listed above the tabs.
import './dom';
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { VmDetails } from '../../../preload/contract';
import { guestHash } from '../../../preload/routes';
import { bridgeWith, guest } from './fake-bridge';
import { renderApp } from './render-app';

vi.mock('../../../renderer/features/console/ConsolePane', () => ({ ConsolePane: () => <div>console</div> }));

describe('the Hardware tab', () => {
  it('ejects a CD through vms.edit, with the details’ version; lists the pending changes', async () => {
    const vm = guest('web', { state: 'running', reason: 'booted' });
    const details: VmDetails = {
      ...vm,
      firmware: 'bios',
      secureBoot: false,
      tpm: false,
      nics: [],
      disks: [
        {
          target: 'sdb',
          device: 'cdrom',
          bus: 'sata',
          path: '/isos/grub.iso',
          readonly: true,
          deletable: false,
        },
      ],
      version: '0123456789abcdef',
      pendingChanges: ['Video: vga now, bochs at next start'],
    };
    const bridge = bridgeWith([vm])
      .handle('vms.details', () => details)
      .handle('vms.edit', () => ({ applied: 'live' }));
    const { user } = await renderApp(bridge, {
      waitForRow: 'web',
      hash: guestHash({ connection: vm.connection, uuid: vm.uuid, tab: 'hardware' }),
    });
    const cd = await screen.findByTestId('disk-sdb');
    expect(await screen.findByTestId('details-pending-changes')).toHaveTextContent(
      'Video: vga now, bochs at next start',
    );
    await user.click(within(cd).getByTestId('disk-sdb-eject'));
    await waitFor(() =>
      expect(bridge.callsOf('vms.edit')).toEqual([
        {
          connection: vm.connection,
          uuid: vm.uuid,
          version: '0123456789abcdef',
          edit: { kind: 'cdromMedia', target: 'sdb' },
        },
      ]),
    );
    expect(within(cd).getByTestId('disk-sdb-insert')).toHaveTextContent('Change…');
  });
});
