// @vitest-environment jsdom
import { cleanup, configure, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { VmDetails } from '../../../preload/contract';
import { EjectIsoPrompt, installerToEject } from '../../../renderer/features/create-wizard/EjectIsoPrompt';
import { FakeHost, polyfillBrowser, renderWithHost } from './fake-host';

beforeAll(polyfillBrowser);
configure({ asyncUtilTimeout: 5000 });
afterEach(() => {
  cleanup();
  localStorage.clear();
});

const ISO = '/var/lib/libvirt/images/debian-12.iso';
const installed: VmDetails = {
  connection: 'qemu:///system',
  uuid: '11111111-2222-3333-4444-555555555555',
  name: 'debian12-20261127',
  state: 'shutoff',
  reason: 'shut down',
  persistent: true,
  vcpus: 2,
  memoryKiB: 2 * 1024 * 1024,
  osFamily: 'linux',
  domainType: 'qemu',
  hasConsole: true,
  firmware: 'bios',
  secureBoot: false,
  tpm: false,
  version: 'v1',
  pendingChanges: [],
  resources: { vcpus: 2, maxVcpus: 2, memoryKiB: 2097152, maxMemoryKiB: 2097152 },
  cpu: { mode: 'custom' },
  boot: { order: ['hd'], perDevice: false, menu: false },
  devices: { tablet: false, guestAgent: false, rng: false },
  installSource: ISO,
  disks: [
    {
      target: 'vda',
      device: 'disk',
      path: '/var/lib/libvirt/images/debian12.qcow2',
      readonly: false,
      deletable: true,
    },
    { target: 'sda', device: 'cdrom', path: ISO, readonly: true, deletable: false },
  ],
  nics: [],
};

describe('offer to eject the installer after the first shutdown', () => {
  it('asks only when the guest is off and its install ISO is still in a drive', () => {
    expect(installerToEject(installed)?.target).toBe('sda');
    expect(installerToEject({ ...installed, reason: 'destroyed' })?.target).toBe('sda');
    expect(installerToEject({ ...installed, state: 'running' })).toBeUndefined();
    // defined and never started ("customise before creating"): nothing was installed yet
    expect(installerToEject({ ...installed, reason: 'unknown' })).toBeUndefined();
    expect(installerToEject({ ...installed, installSource: undefined })).toBeUndefined();
    const ejected = { ...installed, disks: [installed.disks[0], { ...installed.disks[1], path: undefined }] };
    expect(installerToEject(ejected)).toBeUndefined();
  });

  it('asks after a libvirtd restart (reason "unknown") when KVM Desk noted that the guest ran', () => {
    const restarted = { ...installed, reason: 'unknown', startedSinceInstall: true };
    expect(installerToEject(restarted)?.target).toBe('sda');
    expect(installerToEject({ ...restarted, reason: '' })?.target).toBe('sda');
    expect(installerToEject({ ...restarted, state: 'running' })).toBeUndefined();
    expect(installerToEject({ ...restarted, state: 'paused' })).toBeUndefined();
    // the ISO is no longer in the drive (ejected, or another one inserted): nothing to offer
    const other = { ...installed.disks[1], path: '/isos/other.iso' };
    expect(installerToEject({ ...restarted, disks: [installed.disks[0], other] })).toBeUndefined();
    expect(installerToEject({ ...restarted, startedSinceInstall: false })).toBeUndefined();
  });

  it('shows the offer for a guest that ran, shut off with reason "unknown"', () => {
    const host = new FakeHost();
    renderWithHost(
      <EjectIsoPrompt vm={{ ...installed, reason: 'unknown', startedSinceInstall: true }} />,
      host,
    );
    expect(screen.getByTestId('eject-iso-prompt')).toHaveTextContent(ISO);
    cleanup();
    renderWithHost(<EjectIsoPrompt vm={{ ...installed, reason: 'unknown' }} />, host);
    expect(screen.queryByTestId('eject-iso-prompt')).not.toBeInTheDocument();
  });

  it('ejects the ISO from its drive when asked', async () => {
    const host = new FakeHost();
    renderWithHost(<EjectIsoPrompt vm={installed} />, host);
    expect(screen.getByTestId('eject-iso-prompt')).toHaveTextContent(ISO);
    await userEvent.click(screen.getByTestId('eject-iso'));
    await waitFor(() => expect(screen.queryByTestId('eject-iso-prompt')).not.toBeInTheDocument());
    expect(host.callsOf('vms.ejectMedia')).toEqual([
      { connection: installed.connection, uuid: installed.uuid, target: 'sda' },
    ]);
  });

  it('shows why the eject failed, and stays', async () => {
    const host = new FakeHost();
    host.handle('vms.ejectMedia', () => ({ code: 'LIBVIRT', message: 'The drive is locked.' }));
    renderWithHost(<EjectIsoPrompt vm={installed} />, host);
    await userEvent.click(screen.getByTestId('eject-iso'));
    expect(await screen.findByText('The drive is locked.')).toBeInTheDocument();
    expect(screen.getByTestId('eject-iso-prompt')).toBeInTheDocument();
  });

  it('"Keep it" is remembered for that guest', async () => {
    const host = new FakeHost();
    renderWithHost(<EjectIsoPrompt vm={installed} />, host);
    await userEvent.click(screen.getByTestId('keep-iso'));
    expect(screen.queryByTestId('eject-iso-prompt')).not.toBeInTheDocument();
    cleanup();
    renderWithHost(<EjectIsoPrompt vm={installed} />, host);
    expect(screen.queryByTestId('eject-iso-prompt')).not.toBeInTheDocument();
    expect(host.callsOf('vms.ejectMedia')).toEqual([]);
  });
});
