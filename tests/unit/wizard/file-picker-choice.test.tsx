// @vitest-environment jsdom
// Browse… on the Source step: the desktop's own picker (files.pick) in the Electron app, KVM Desk's
// server-side file browser in the browser shell or when files.pick is unavailable; a remote host offers
// its pools' volumes only.
import { cleanup, configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { CreateWizard } from '../../../renderer/features/create-wizard/CreateWizard';
import { FakeHost, polyfillBrowser, renderWithHost } from './fake-host';

beforeAll(polyfillBrowser);
configure({ asyncUtilTimeout: 5000 });
vi.setConfig({ testTimeout: 30_000 });
afterEach(cleanup);

function open(host: FakeHost, connection = 'test:///default') {
  renderWithHost(<CreateWizard opened onClose={() => undefined} connection={connection} />, host);
  return userEvent.setup();
}

const pathInput = () => screen.getByTestId('source-path') as HTMLInputElement;
const serverBrowser = (title: string) => screen.queryByRole('dialog', { name: title });

describe('choosing the file on the Source step', () => {
  it('uses the native picker in the Electron app and fills in the path it returns', async () => {
    const host = new FakeHost();
    host.shell = 'electron';
    host.handle('files.pick', () => ({ path: '/isos/debian.iso' }));
    const user = open(host);
    await user.click(await screen.findByTestId('browse'));
    await waitFor(() => expect(pathInput().value).toBe('/isos/debian.iso'));
    expect(host.callsOf('files.pick')).toEqual([
      { connection: 'test:///default', title: 'Choose an ISO image', filters: 'iso' },
    ]);
    expect(serverBrowser('Choose an ISO image')).not.toBeInTheDocument();
    expect(host.callsOf('files.list')).toEqual([]);
  });

  it('asks for disk images when importing, and keeps the path when the picker is cancelled', async () => {
    const host = new FakeHost();
    host.shell = 'electron';
    host.handle('files.pick', () => ({}));
    const user = open(host);
    await user.click(screen.getByRole('radio', { name: 'Existing disk image' }));
    await user.type(pathInput(), '/var/lib/libvirt/images/old.qcow2');
    await user.click(await screen.findByTestId('browse'));
    await waitFor(() =>
      expect(host.callsOf('files.pick')).toEqual([
        { connection: 'test:///default', title: 'Choose a disk image', filters: 'disk' },
      ]),
    );
    expect(pathInput().value).toBe('/var/lib/libvirt/images/old.qcow2');
    expect(serverBrowser('Choose a disk image')).not.toBeInTheDocument();
  });

  it('uses the server-side file browser in the browser shell', async () => {
    const host = new FakeHost();
    const user = open(host);
    await user.click(await screen.findByTestId('browse'));
    expect(await screen.findByRole('dialog', { name: 'Choose an ISO image' })).toBeInTheDocument();
    expect(host.callsOf('files.pick')).toEqual([]);
  });

  it('falls back to the server-side browser when the native picker is unavailable', async () => {
    const host = new FakeHost();
    host.shell = 'electron';
    host.handle('files.pick', () => ({
      code: 'NOT_FOUND',
      message: 'not here',
      detail: { picker: 'unavailable' },
    }));
    const user = open(host);
    await user.click(await screen.findByTestId('browse'));
    expect(await screen.findByRole('dialog', { name: 'Choose an ISO image' })).toBeInTheDocument();
    expect(host.callsOf('files.pick')).toHaveLength(1);
  });

  it('shows why the picker failed otherwise', async () => {
    const host = new FakeHost();
    host.shell = 'electron';
    host.handle('files.pick', () => ({ code: 'INTERNAL', message: 'The file picker could not open.' }));
    const user = open(host);
    await user.click(await screen.findByTestId('browse'));
    expect(await screen.findByTestId('pick-error')).toHaveTextContent('The file picker could not open.');
    expect(serverBrowser('Choose an ISO image')).not.toBeInTheDocument();
  });

  it("offers a remote host's pools only, never this machine's files, even in Electron", async () => {
    const host = new FakeHost();
    host.shell = 'electron';
    const user = open(host, 'qemu+ssh://root@server/system');
    await user.click(await screen.findByTestId('browse-pools'));
    const picker = await screen.findByRole('dialog', { name: /^ISO images on / });
    await user.click(within(picker).getByTestId('media-volume-default-debian.iso'));
    await waitFor(() => expect(pathInput().value).toBe('/srv/isos/debian.iso'));
    expect(screen.queryByTestId('browse')).not.toBeInTheDocument();
    expect(host.callsOf('files.pick')).toEqual([]);
    expect(host.callsOf('files.list')).toEqual([]);
  });
});
