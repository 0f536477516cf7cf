// @vitest-environment jsdom
// The wizard on many hosts: the host select (two or more connected, the selected one first), and every
// call after it naming the chosen host: its pools' media, ISO detection, pools, networks, create.
import { cleanup, configure, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CreateVmSpec } from '../../../preload/contract';
import { FakeHost, polyfillBrowser } from './fake-host';
import { CONN, next, openWizard, pathInput } from './wizard-ui';

beforeAll(polyfillBrowser);
configure({ asyncUtilTimeout: 5000 });
vi.setConfig({ testTimeout: 30_000 });
afterEach(cleanup);

const REMOTE = 'qemu+ssh://root@server/system';
const HOSTS = [
  { id: CONN, name: 'This computer' },
  { id: REMOTE, name: 'server' },
];

describe('the wizard on many hosts', () => {
  it('has no host select with one host', async () => {
    const host = new FakeHost();
    openWizard(host, { hosts: [HOSTS[0]] });
    await screen.findByTestId('browse');
    expect(screen.queryByTestId('wizard-host')).not.toBeInTheDocument();
  });

  it('starts on the selected host; choosing another asks that host for everything after', async () => {
    const host = new FakeHost();
    host.handle('osinfo.detectIso', ({ path }) => ({
      path,
      volumeId: 'Debian 12.1.0 amd64 n',
      systemId: '',
      publisher: '',
      applicationId: '',
    }));
    const { user } = openWizard(host, { hosts: HOSTS });
    const select = (await screen.findByTestId('wizard-host')) as HTMLInputElement;
    expect(select.value).toBe('This computer');
    // a local file typed for this computer goes when the host changes
    await user.type(pathInput(), '/isos/debian.iso');
    await user.click(select);
    await user.click(await screen.findByRole('option', { name: 'server' }));
    await waitFor(() => expect(select.value).toBe('server'));
    expect(pathInput().value).toBe('');
    // the remote host: no Browse… (this machine's files), its pools' ISOs instead
    await user.click(await screen.findByTestId('browse-pools'));
    const picker = await screen.findByRole('dialog', { name: 'ISO images on server' });
    expect(within(picker).getByTestId('media-pool-stopped')).toHaveTextContent('not running');
    await user.click(within(picker).getByTestId('media-volume-default-debian.iso'));
    await waitFor(() => expect(pathInput().value).toBe('/srv/isos/debian.iso'));
    expect(screen.queryByTestId('browse')).not.toBeInTheDocument();
    await waitFor(() => expect(next()).toBeEnabled());
    await user.click(next());
    await waitFor(() =>
      expect(host.callsOf('osinfo.detectIso')).toContainEqual({
        connection: REMOTE,
        path: '/srv/isos/debian.iso',
      }),
    );
    expect(host.callsOf('create.installMedia')).toContainEqual({ connection: REMOTE, kind: 'iso' });
    expect(host.callsOf('storage.pools')).toContainEqual({ connection: REMOTE });
    expect(host.callsOf('networks.list')).toContainEqual({ connection: REMOTE });
    await waitFor(() =>
      expect(host.callsOf('create.validate')).toContainEqual(
        expect.objectContaining<Partial<CreateVmSpec>>({
          connection: REMOTE,
          source: { kind: 'iso', path: '/srv/isos/debian.iso' },
        }),
      ),
    );
    expect(host.callsOf('files.list')).toEqual([]);
    // the summary names the host the guest is made on
    await waitFor(() => expect(next()).toBeEnabled());
    await user.click(next());
    await waitFor(() => expect(next()).toBeEnabled());
    await user.click(next());
    expect(await screen.findByTestId('summary-host')).toHaveTextContent('server');
  });

  it("offers this computer's files and its pools' ISOs side by side", async () => {
    const host = new FakeHost();
    const { user } = openWizard(host, { hosts: HOSTS });
    await screen.findByTestId('browse');
    await user.click(screen.getByTestId('browse-pools'));
    const picker = await screen.findByRole('dialog', { name: 'ISO images on This computer' });
    await user.click(within(picker).getByTestId('media-volume-default-debian.iso'));
    await waitFor(() => expect(pathInput().value).toBe('/isos/debian.iso'));
  });
});
