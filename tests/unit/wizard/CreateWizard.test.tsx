// @vitest-environment jsdom
import { act, cleanup, configure, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CreateVmSpec } from '../../../preload/contract';
import { FakeHost, OSES, polyfillBrowser } from './fake-host';
import { CONN, next, openWizard as open, pathInput, toSummary } from './wizard-ui';

beforeAll(polyfillBrowser);
// the wizard debounces validation and detection; a busy CI machine needs more than the default second
configure({ asyncUtilTimeout: 5000 });
// typing key by key through user-event is slow on a busy 2-core machine
vi.setConfig({ testTimeout: 30_000 });
afterEach(cleanup);

describe('creation wizard', () => {
  it('shows no error on opening; Next without an ISO says what is missing', async () => {
    const host = new FakeHost();
    const { user } = open(host);
    // the empty path has been validated (the answer is "Choose an ISO image."), yet nothing is red
    await waitFor(() => expect(host.callsOf('create.validate').length).toBeGreaterThan(0));
    await waitFor(() => expect(next()).toBeEnabled());
    expect(screen.queryByText('Choose an ISO image.')).not.toBeInTheDocument();
    await user.click(next());
    expect(await screen.findByText('Choose an ISO image.')).toBeInTheDocument();
    expect(screen.getByTestId('wizard-step-source')).toBeInTheDocument();
    expect(next()).toBeDisabled();
  });

  it('checks the path when the user leaves the field, then as they type, and says why it is wrong', async () => {
    const host = new FakeHost();
    const { user } = open(host);
    await user.type(pathInput(), '/etc');
    // validated (Next is enabled once the answer is in: its error is not shown yet), and not red
    await waitFor(() =>
      expect(host.callsOf('create.validate')).toContainEqual(
        expect.objectContaining({ source: { kind: 'iso', path: '/etc' } }),
      ),
    );
    await waitFor(() => expect(next()).toBeEnabled());
    expect(screen.queryByText('/etc is not a file.')).not.toBeInTheDocument();
    await user.tab();
    expect(await screen.findByText('/etc is not a file.')).toBeInTheDocument();
    expect(next()).toBeDisabled();
    await user.clear(pathInput());
    await user.type(pathInput(), '/root/debian.iso');
    expect(
      await screen.findByText(
        /^\/root\/debian.iso can't be read by the hypervisor \(user libvirt-qemu\): \/root is private/,
      ),
    ).toBeInTheDocument();
    expect(next()).toBeDisabled();
    await user.clear(pathInput());
    await user.type(pathInput(), '/isos/debian.iso');
    await waitFor(() => expect(next()).toBeEnabled());
    expect(screen.queryByText(/is not a file|can't be read/)).not.toBeInTheDocument();
  });

  it('picks the ISO in the host-side file browser, offering .iso files', async () => {
    const host = new FakeHost();
    const { user } = open(host);
    await user.click(await screen.findByTestId('browse'));
    await user.click(await screen.findByText('isos'));
    expect(await screen.findByText('debian.iso')).toBeInTheDocument();
    expect(screen.queryByText('notes.txt')).not.toBeInTheDocument();
    await user.click(screen.getByLabelText('Show all files'));
    expect(screen.getByText('notes.txt')).toBeInTheDocument();
    await user.click(screen.getByText('debian.iso'));
    await waitFor(() => expect(pathInput().value).toBe('/isos/debian.iso'));
    expect(host.callsOf('files.list')).toContainEqual({ connection: CONN, path: '/isos' });
  });

  it('detects the OS from the ISO and prefills resources from its defaults', async () => {
    const host = new FakeHost();
    const { user } = open(host);
    await user.type(pathInput(), '/isos/debian.iso');
    await waitFor(() => expect(next()).toBeEnabled());
    await user.click(next());
    expect(await screen.findByText('Detected: Debian 12')).toBeInTheDocument();
    expect(screen.getByTestId('os-choice')).toHaveTextContent('Debian 12');
    await waitFor(() =>
      expect(host.callsOf('create.defaults')).toContainEqual({ connection: CONN, osId: 'debian12' }),
    );
    await user.click(next());
    // the defaults are applied when the call answers, after it is seen: wait for them
    await waitFor(() =>
      expect((screen.getByLabelText('Memory (MiB)') as HTMLInputElement).value).toBe('2 048'),
    );
    expect(screen.getByTestId('host-capacity')).toHaveTextContent('4 CPUs and 8.0 GiB');
    expect((screen.getByLabelText('Disk (GiB)') as HTMLInputElement).value).toBe('25');
  });

  it('says unknown media is unknown and lets the user search every OS, end-of-life ones marked', async () => {
    const host = new FakeHost();
    const { user } = open(host);
    await user.type(pathInput(), '/isos/grub.iso');
    await waitFor(() => expect(next()).toBeEnabled());
    await user.click(next());
    expect(await screen.findByText('Unknown media')).toBeInTheDocument();
    expect(screen.getByTestId('os-choice')).toHaveTextContent('Unknown (generic defaults)');
    await user.type(screen.getByTestId('os-search'), 'debian');
    const list = screen.getByRole('listbox');
    const options = within(list).getAllByRole('option');
    expect(options.map((o) => o.textContent)).toEqual([
      expect.stringContaining('Debian 12'),
      expect.stringContaining('Debian 9'),
    ]);
    expect(options[1]).toHaveTextContent('end of life');
    expect(options[0]).not.toHaveTextContent('end of life');
    await user.click(options[0]);
    expect(screen.getByTestId('os-choice')).toHaveTextContent('Debian 12');
  });

  it('shows resource problems as typed: errors block, a value below the minimum only warns', async () => {
    const host = new FakeHost();
    const { user } = open(host);
    await user.click(screen.getByRole('radio', { name: 'Network boot (PXE)' }));
    await waitFor(() => expect(next()).toBeEnabled());
    await user.click(next());
    await user.click(next());
    const memory = screen.getByLabelText('Memory (MiB)');
    await user.clear(memory);
    await user.type(memory, '99999');
    await user.tab();
    expect(await screen.findByText("Memory must be at most 8 GiB, the host's RAM.")).toBeInTheDocument();
    expect(next()).toBeDisabled();
    await user.clear(memory);
    await user.type(memory, '512');
    expect(await screen.findByText(/needs at least 1 GiB of memory/)).toBeInTheDocument();
    await waitFor(() => expect(next()).toBeEnabled());
    const vcpus = screen.getByLabelText('Virtual CPUs');
    await user.clear(vcpus);
    await user.type(vcpus, '0');
    await user.tab();
    expect(await screen.findByText('Give the guest at least one vCPU.')).toBeInTheDocument();
    expect(next()).toBeDisabled();
  });

  it('disables Create while the name is empty, taken or has characters libvirt refuses', async () => {
    const host = new FakeHost();
    const { user } = open(host);
    await toSummary(user);
    const name = screen.getByLabelText(/^Name/) as HTMLInputElement;
    await waitFor(() => expect(name.value).toBe('debian12-2026-11-27'));
    const create = screen.getByTestId('wizard-create');
    await waitFor(() => expect(create).toBeEnabled());

    await user.clear(name);
    await user.tab();
    expect(await screen.findByText('Give the guest a name.')).toBeInTheDocument();
    expect(create).toBeDisabled();
    await user.type(name, 'existing-guest');
    expect(
      await screen.findByText('A guest named "existing-guest" already exists. Choose another name.'),
    ).toBeInTheDocument();
    expect(create).toBeDisabled();
    await user.clear(name);
    await user.type(name, 'my guest/1"');
    // the refused characters as chips, each one once: no '"""'
    await waitFor(() =>
      expect(screen.getAllByTestId('refused-char').map((c) => c.textContent)).toEqual(['/', '"']),
    );
    expect(screen.getByTestId('name-refused')).toHaveTextContent(
      /^A guest name can't contain spaces or\s*\/\s*"\s*\. Use letters, digits/,
    );
    expect(create).toBeDisabled();
    await user.clear(name);
    await user.type(name, 'my-guest');
    await waitFor(() => expect(create).toBeEnabled());
  });

  it('warns that guests run in software emulation when KVM is not usable', async () => {
    const host = new FakeHost();
    const { user } = open(host);
    await toSummary(user);
    expect(await screen.findByTestId('accelerator-warning')).toHaveTextContent('slow software emulation');
  });

  it('offers to create the NAT network when it is missing, and starts it first when it is stopped', async () => {
    const host = new FakeHost();
    host.networks = [];
    const { user } = open(host);
    await toSummary(user);
    expect(await screen.findByTestId('network-offer')).toHaveTextContent('does not exist');
    await user.click(screen.getByTestId('create-network'));
    await waitFor(() => expect(screen.queryByTestId('network-offer')).not.toBeInTheDocument());
    expect(host.callsOf('networks.createDefault')).toEqual([{ connection: CONN }]);
    cleanup();

    // stopped: the job starts it first (ticked); unticked, Create is disabled and says why
    const stopped = new FakeHost();
    stopped.networks = [{ ...stopped.networks[0], active: false }];
    const second = open(stopped);
    await toSummary(second.user);
    const start = (await screen.findByLabelText(/Start network “default” first/)) as HTMLInputElement;
    expect(start).toBeChecked();
    const create = screen.getByTestId('wizard-create');
    await waitFor(() => expect(create).toBeEnabled());
    await second.user.click(start);
    expect(await screen.findByText(/“default” is not running: let KVM Desk start it/)).toBeInTheDocument();
    await waitFor(() => expect(create).toBeDisabled());
    await second.user.click(start);
    await waitFor(() => expect(create).toBeEnabled());
    await second.user.click(create);
    await waitFor(() => expect(stopped.callsOf('create.start')).toHaveLength(1));
    expect(stopped.callsOf('create.start')[0]).toMatchObject({
      network: { kind: 'nat', name: 'default' },
      startNetwork: true,
    });
    expect(stopped.callsOf('networks.start')).toEqual([]);
  });

  it('customise before creating: defines without starting and asks for the details', async () => {
    const host = new FakeHost();
    const onCreated = vi.fn();
    const { user } = open(host, { onCreated });
    await toSummary(user);
    await user.click(screen.getByLabelText(/Customise before creating/));
    await waitFor(() => expect(screen.getByTestId('wizard-create')).toBeEnabled());
    await user.click(screen.getByTestId('wizard-create'));
    await screen.findByTestId('create-progress');
    expect((host.callsOf('create.start')[0] as CreateVmSpec).startAfterCreate).toBe(false);
    act(() =>
      host.emit('job', {
        id: 'job-1',
        title: 'Creating',
        step: 'Defining the guest',
        state: 'done',
        result: { connection: CONN, uuid: 'u2' },
      }),
    );
    expect(await screen.findByTestId('create-done')).toHaveTextContent('is defined and not started');
    expect(onCreated).toHaveBeenCalledWith({ connection: CONN, uuid: 'u2' }, { customise: true });
  });

  it('imports an existing disk image: no new disk is asked for, and the spec says import', async () => {
    const host = new FakeHost();
    host.handle('create.validate', () => []);
    const { user } = open(host);
    await user.click(screen.getByRole('radio', { name: 'Existing disk image' }));
    await user.type(
      screen.getByLabelText(/Disk image \(qcow2 or raw\)/),
      '/var/lib/libvirt/images/old.qcow2',
    );
    await waitFor(() => expect(next()).toBeEnabled());
    await user.click(next());
    expect(screen.queryByTestId('detection')).not.toBeInTheDocument(); // only ISOs are read for their OS
    await user.click(next());
    expect(screen.queryByLabelText('Disk (GiB)')).not.toBeInTheDocument();
    expect(screen.getByText(/uses the disk image you chose as it is/)).toBeInTheDocument();
    await waitFor(() => expect(next()).toBeEnabled());
    await user.click(next());
    await waitFor(() => expect(screen.getByTestId('wizard-create')).toBeEnabled());
    await user.click(screen.getByTestId('wizard-create'));
    await screen.findByTestId('create-progress');
    expect((host.callsOf('create.start')[0] as CreateVmSpec).source).toEqual({
      kind: 'import',
      path: '/var/lib/libvirt/images/old.qcow2',
    });
    expect(host.callsOf('osinfo.detectIso')).toEqual([]);
  });

  it('puts the virtio-win driver ISO into the spec of a Windows guest and shows it in the summary', async () => {
    const host = new FakeHost();
    host.handle('osinfo.detectIso', ({ path }) => ({
      path,
      volumeId: 'CCCOMA_X64FRE_EN-US_DV9',
      systemId: '',
      publisher: '',
      applicationId: '',
      os: OSES.find((o) => o.id === 'win11'),
    }));
    const { user } = open(host);
    await user.type(pathInput(), '/isos/win11.iso');
    await waitFor(() => expect(next()).toBeEnabled());
    await user.click(next());
    await screen.findByText('Detected: Microsoft Windows 11');
    await user.click(next());
    await waitFor(() => expect(next()).toBeEnabled());
    await user.click(next());
    await screen.findByTestId('wizard-step-summary');
    expect(screen.queryByTestId('summary-drivers')).not.toBeInTheDocument();
    await user.type(screen.getByLabelText(/virtio-win driver ISO/), '/isos/virtio-win.iso');
    expect(screen.getByTestId('summary-drivers')).toHaveTextContent('virtio-win /isos/virtio-win.iso');
    await waitFor(() =>
      expect(host.callsOf('create.validate')).toContainEqual(
        expect.objectContaining({ virtioWinIso: '/isos/virtio-win.iso' }),
      ),
    );
    await waitFor(() => expect(screen.getByTestId('wizard-create')).toBeEnabled());
    await user.click(screen.getByTestId('wizard-create'));
    await screen.findByTestId('create-progress');
    const spec = host.callsOf('create.start')[0] as CreateVmSpec;
    expect(spec).toMatchObject({
      osId: 'win11',
      source: { kind: 'iso', path: '/isos/win11.iso' },
      virtioWinIso: '/isos/virtio-win.iso',
    });
  });

  it("shows the defaults' note when the OS is newer than the host's OS database", async () => {
    const NOTE = "Debian 12 is newer than this host's OS database; using Debian 11's settings";
    const host = new FakeHost();
    host.handle('create.defaults', ({ connection, osId }) => ({
      name: `${osId ?? 'guest'}-2026-11-27`,
      os: OSES.find((o) => o.id === osId),
      resources: { memoryMiB: 2048, vcpus: 2, diskGiB: 20, minMemoryMiB: 1024, source: 'recommended' },
      firmware: 'bios',
      tpm: false,
      reasons: [`${connection}: Linux runs fastest on virtio`],
      accelerator: 'qemu',
      note: osId === 'debian12' ? NOTE : undefined,
    }));
    const { user } = open(host);
    // no ISO detection involved: the OS is picked from the list (network boot)
    await user.click(screen.getByRole('radio', { name: 'Network boot (PXE)' }));
    await waitFor(() => expect(next()).toBeEnabled());
    await user.click(next());
    await user.type(screen.getByTestId('os-search'), 'debian 12');
    await user.click(within(screen.getByRole('listbox')).getAllByRole('option')[0]);
    expect(host.callsOf('osinfo.detectIso')).toEqual([]);
    await user.click(next());
    expect(await screen.findByTestId('defaults-note')).toHaveTextContent(NOTE);
    await waitFor(() => expect(next()).toBeEnabled());
    await user.click(next());
    expect(await screen.findByTestId('summary-os')).toHaveTextContent(`Debian 12 (${NOTE})`);
    expect(host.callsOf('create.defaults')).toContainEqual(
      expect.objectContaining({ connection: CONN, osId: 'debian12' }),
    );
  });

  it('shows no note when the defaults have none', async () => {
    const host = new FakeHost();
    const { user } = open(host);
    await toSummary(user);
    expect(screen.getByTestId('summary-os')).toHaveTextContent(/^Operating systemDebian 12$/);
    await user.click(screen.getByTestId('wizard-back'));
    expect(screen.queryByTestId('defaults-note')).not.toBeInTheDocument();
  });

  it('a search for a release newer than the OS database offers the nearest older one in one click', async () => {
    const host = new FakeHost();
    const { user } = open(host);
    await user.click(screen.getByRole('radio', { name: 'Network boot (PXE)' }));
    await waitFor(() => expect(next()).toBeEnabled());
    await user.click(next());
    await user.type(screen.getByTestId('os-search'), 'Debian 13');
    const offer = await screen.findByTestId('os-nearest');
    expect(offer).toHaveTextContent("Debian 13 is not in this host's OS database (version 20221203)");
    await user.click(within(offer).getByRole('button', { name: "Use Debian 12's settings for Debian 13" }));
    await waitFor(() =>
      expect(host.callsOf('create.defaults')).toContainEqual(expect.objectContaining({ osId: 'debian13' })),
    );
  });

  it('chooses the pool from a list with free space; capped suggestions say why', async () => {
    const host = new FakeHost();
    host.handle('create.defaults', ({ osId }) => ({
      name: 'g',
      os: undefined,
      resources: {
        memoryMiB: 2048,
        vcpus: 2,
        diskGiB: 20,
        source: "KVM Desk's default",
        capped: ['Disk capped at 20 GiB (instead of 25): storage pool “fast” has 20 GiB free.'],
      },
      firmware: 'bios',
      tpm: false,
      reasons: [osId ?? 'none'],
      accelerator: 'qemu',
    }));
    const { user } = open(host);
    await user.click(screen.getByRole('radio', { name: 'Network boot (PXE)' }));
    await waitFor(() => expect(next()).toBeEnabled());
    await user.click(next());
    await user.click(next());
    const pool = (await screen.findByTestId('pool')) as HTMLInputElement;
    await waitFor(() => expect(pool.value).toBe('default: 100 GiB free'));
    await user.click(pool);
    await user.click(await screen.findByRole('option', { name: 'fast: 20 GiB free' }));
    await waitFor(() =>
      expect(host.callsOf('create.defaults')).toContainEqual(expect.objectContaining({ pool: 'fast' })),
    );
    expect(await screen.findByTestId('resources-capped')).toHaveTextContent('Disk capped at 20 GiB');
    await waitFor(() =>
      expect(host.callsOf('create.validate')).toContainEqual(expect.objectContaining({ pool: 'fast' })),
    );
  });
});
