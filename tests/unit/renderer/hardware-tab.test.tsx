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
      resources: { vcpus: 1, maxVcpus: 2, memoryKiB: 262144, maxMemoryKiB: 393216 },
      cpu: { mode: 'maximum' },
      boot: { order: ['cdrom', 'hd'], perDevice: false, menu: false },
      devices: { tablet: false, guestAgent: false, rng: false },
    };
    const bridge = bridgeWith([vm])
      .handle('vms.details', () => details)
      .handle('vms.edit', () => ({ applied: 'live', version: 'fedcba9876543210' }));
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

  it('edits processors and memory: messages as typed, one vms.edit per family, chained by version', async () => {
    const vm = guest('web', { state: 'shutoff', reason: 'shut down', vcpus: 1 });
    const bridge = bridgeWith([vm]);
    let n = 0;
    bridge.handle('vms.edit', () => ({ applied: 'saved', version: `000000000000000${++n}` }));
    bridge.handle('create.defaults', () => ({
      name: 'web',
      os: { id: 'debian12', name: 'Debian 12', family: 'linux', eol: false },
      resources: { memoryMiB: 2048, vcpus: 2, diskGiB: 20, minMemoryMiB: 1024, minVcpus: 1, source: 'x' },
      firmware: 'bios',
      tpm: false,
      reasons: [],
      accelerator: 'qemu',
    }));
    const { user } = await renderApp(bridge, {
      waitForRow: 'web',
      hash: guestHash({ connection: vm.connection, uuid: vm.uuid, tab: 'hardware' }),
    });
    const card = await screen.findByTestId('details-resources');
    await user.click(await within(card).findByTestId('resources-edit'));
    // the OS's minimums from osinfo-db beside the fields (2 GiB is above them: no warning yet)
    expect(await within(card).findByTestId('resources-os-minimum')).toHaveTextContent(
      'Debian 12 needs at least 1024 MiB of memory and 1 processor.',
    );
    expect(within(card).queryByTestId('resources-os-warning')).toBeNull();
    const vcpus = within(card).getByTestId('resources-vcpus');
    const max = within(card).getByTestId('resources-maxVcpus');
    await user.clear(max);
    await user.type(max, '9');
    expect(await within(card).findByText('This host has 4 processors: at most 4.')).toBeInTheDocument();
    expect(within(card).getByTestId('resources-save')).toBeDisabled();
    await user.clear(max);
    await user.type(max, '2');
    await user.clear(vcpus);
    await user.type(vcpus, '2');
    const mem = within(card).getByTestId('resources-memoryMiB');
    await user.clear(mem);
    await user.type(mem, '128');
    // below the OS's minimum: a warning, not a refusal
    expect(within(card).getByTestId('resources-os-warning')).toHaveTextContent("Below Debian 12's minimum");
    await user.click(within(card).getByTestId('resources-save'));
    await waitFor(() => expect(bridge.callsOf('vms.edit')).toHaveLength(2));
    const [a, b] = bridge.callsOf('vms.edit') as { version: string; edit: unknown }[];
    expect(a).toMatchObject({ version: 'v1', edit: { kind: 'vcpus', current: 2, maximum: 2 } });
    expect(b).toMatchObject({
      version: '0000000000000001',
      edit: { kind: 'memory', currentKiB: 128 * 1024, maximumKiB: vm.memoryKiB },
    });
  });
});
