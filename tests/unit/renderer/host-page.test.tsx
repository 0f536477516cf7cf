// @vitest-environment jsdom
// The host page: opened from the status bar's connection name (its route '#/host/<connection>/overview'),
// its facts from host.info (KVM not usable says why), live CPU and memory from host.stats, watched
// only while the page is visible and shown; selecting a guest closes it and unwatches.
import './dom';
import { act, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { HostInfo, HostStatsSample } from '../../../preload/contract';
import { hostHash, hostRoute } from '../../../preload/routes';
import { HOST_CHARTS, hostNowLine } from '../../../renderer/features/hosts/overview/host-charts';
import { chartColumns } from '../../../renderer/features/vm-details/performance/chart-series';
import { bridgeWith, guest, URI } from './fake-bridge';
import { renderApp } from './render-app';

// uPlot draws on a canvas jsdom does not have: the stub shows how many points it was given
vi.mock('../../../renderer/features/vm-details/performance/TimeChart', () => ({
  TimeChart: ({ spec, data }: { spec: { id: string }; data: unknown[][] }) => (
    <div data-testid={`chart-${spec.id}`}>{data[0].length} points</div>
  ),
}));

const INFO: HostInfo = {
  connection: URI,
  hostname: 'testhost',
  cpuModel: 'Skylake-Client-IBRS',
  cpuVendor: 'Intel',
  arch: 'x86_64',
  cpus: 4,
  mhz: 2400,
  sockets: 1,
  cores: 4,
  threads: 1,
  memoryKiB: 8 * 1024 * 1024,
  libvirtVersion: '9.0.0',
  hypervisor: 'QEMU',
  hypervisorVersion: '7.2.22',
  status: {
    connection: URI,
    hostname: 'testhost',
    cpus: 4,
    memoryKiB: 8 * 1024 * 1024,
    kvmUsable: false,
    kvmReason: 'KVM Desk may not use /dev/kvm (add your user to the kvm group).',
    forceSoftwareEmulation: false,
    accelerator: 'qemu',
  },
};
const sample = (t: number, extra: Partial<HostStatsSample> = {}): HostStatsSample => ({
  t,
  memoryTotalKiB: 8 * 1024 * 1024,
  memoryFreeKiB: 2 * 1024 * 1024,
  memoryUsedKiB: 4 * 1024 * 1024,
  memoryCacheKiB: 2 * 1024 * 1024,
  runningGuests: 1,
  ...extra,
});

function hostBridge() {
  let n = 0;
  const web = guest('web');
  const bridge = bridgeWith([web])
    .handle('host.info', () => ({ ...INFO, status: { ...INFO.status } }))
    .handle('host.statsHistory', () => [sample(1000)])
    .handle('host.watchStats', () => ({ id: `h${++n}` }));
  // the host.status the store learns on connecting says the same as host.info
  bridge.handle('host.status', () => INFO.status);
  return { bridge, web };
}

function setHidden(hidden: boolean) {
  Object.defineProperty(document, 'hidden', { configurable: true, get: () => hidden });
  document.dispatchEvent(new Event('visibilitychange'));
}
afterEach(() => setHidden(false));

describe('the host page', () => {
  it('opens from the status bar with the host’s facts, KVM’s reason and live figures', async () => {
    const { bridge, web } = hostBridge();
    const { user } = await renderApp(bridge, { waitForRow: 'web' });
    await user.click(screen.getByTestId('status-host-link'));
    expect(await screen.findByTestId('host-page')).toBeInTheDocument();
    expect(screen.queryByTestId('guest-details')).toBeNull();
    expect(screen.getByRole('tab', { name: 'Overview' })).toHaveAttribute('aria-selected', 'true');
    expect(await screen.findByTestId('host-fact-cpu', {}, { timeout: 5000 })).toHaveTextContent(
      'Intel Skylake-Client-IBRS · 4 CPUs (1 socket, 4 cores, 1 thread per core) · 2.40 GHz · x86_64',
    );
    expect(screen.getByTestId('host-fact-kvm')).toHaveTextContent('KVM not usable');
    expect(screen.getByTestId('host-fact-kvm')).toHaveTextContent('add your user to the kvm group');
    expect(screen.getByTestId('host-fact-libvirt')).toHaveTextContent('9.0.0');
    expect(screen.getByTestId('host-fact-hypervisor')).toHaveTextContent('7.2.22');
    await waitFor(() => expect(bridge.callsOf('host.watchStats')).toEqual([{ connection: URI }]));
    expect(screen.getByTestId('host-fact-memory')).toHaveTextContent('8 GiB total · 2 GiB free');
    act(() =>
      bridge.emit('host.stats', {
        connection: URI,
        sample: sample(2000, { cpuPercent: 42, guestsCpuPercent: 12.5, iowaitPercent: 1 }),
      }),
    );
    act(() =>
      bridge.emit('host.stats', { connection: 'qemu:///session', sample: sample(3000, { cpuPercent: 99 }) }),
    );
    expect(screen.getByTestId('host-cpu-now')).toHaveTextContent(
      'Host: 42 % · 1 running guest: 13 % · Waiting for I/O: 1.0 %',
    );
    expect(screen.getByTestId('chart-host-cpu')).toHaveTextContent('2 points');

    // hidden: unwatched; visible: watched again
    act(() => setHidden(true));
    await waitFor(() => expect(bridge.callsOf('host.unwatchStats')).toEqual([{ id: 'h1' }]));
    act(() => setHidden(false));
    await waitFor(() => expect(bridge.callsOf('host.watchStats')).toHaveLength(2));

    // a guest selected: the host page goes, and its watch with it
    await user.click(screen.getByTestId(`vm-${web.name}`));
    expect(await screen.findByTestId('guest-details')).toBeInTheDocument();
    expect(screen.queryByTestId('host-page')).toBeNull();
    await waitFor(() => expect(bridge.callsOf('host.unwatchStats')).toEqual([{ id: 'h1' }, { id: 'h2' }]));
  }, 20_000);

  it('starts on the host page its route names (a reload), not on the first guest', async () => {
    const { bridge } = hostBridge();
    await renderApp(bridge, { hash: hostHash({ connection: URI, tab: 'overview' }), waitForRow: 'web' });
    expect(await screen.findByTestId('host-page')).toBeInTheDocument();
    expect(screen.queryByTestId('guest-details')).toBeNull();
  });
});

describe('the host route and charts', () => {
  it('round-trips a connection with slashes and colons, and refuses other hashes', () => {
    const h = hostHash({ connection: 'qemu+ssh://root@far/system', tab: 'overview' });
    expect(hostRoute(h)).toEqual({ connection: 'qemu+ssh://root@far/system', tab: 'overview' });
    expect(hostRoute(hostHash({ connection: URI }))).toEqual({ connection: URI });
    expect(hostRoute('#/vm/x/y')).toBeNull();
    expect(hostRoute('#/host/%E0%A4%A/overview')).toBeNull();
  });

  it('plots gaps, not zeros, for what is not known, and says so in words', () => {
    const [cpu, memory] = HOST_CHARTS;
    expect(chartColumns(cpu, [sample(1000), sample(2000, { cpuPercent: 5 })])).toEqual([
      [1, 2],
      [null, 5],
      [null, null],
      [null, null],
    ]);
    expect(hostNowLine(cpu, undefined)).toBe('Waiting for the first measurement…');
    expect(hostNowLine(cpu, sample(1))).toContain('a rate needs a second measurement');
    expect(hostNowLine(cpu, sample(1, { cpuPercent: 3, runningGuests: 0, guestsCpuPercent: 0 }))).toContain(
      'no guest running',
    );
    expect(hostNowLine(memory, sample(1))).toBe('Total: 8 GiB · In use: 4 GiB · Cache and buffers: 2 GiB');
    expect(hostNowLine(memory, { t: 1 })).toBe('This connection does not report the host’s memory.');
  });
});
