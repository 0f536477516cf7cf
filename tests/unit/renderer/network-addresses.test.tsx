// @vitest-environment jsdom
// The Overview's Network addresses over the fake bridge: what each source said while nothing is known,
// asked again on the slow timer only while shown (stopping once known), every address with its prefix
// and source, Copy ssh command with the backend's user name (never for link-local), and "Off".
import './dom';
import { act, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { GuestAddresses, VmSummary } from '../../../preload/contract';
import { guestHash } from '../../../preload/routes';
import {
  COLUMNS_KEY,
  loadColumns,
  saveColumns,
} from '../../../renderer/features/vm-list/columns/list-columns';
import { bridgeWith, guest } from './fake-bridge';
import { renderApp } from './render-app';

vi.mock('../../../renderer/features/console/ConsolePane', () => ({ ConsolePane: () => <div>console</div> }));
vi.mock('../../../renderer/features/console/GuestThumbnail', () => ({ GuestThumbnail: () => null }));

const MAC = '52:54:00:aa:bb:01';
const NONE_YET = (vm: VmSummary): GuestAddresses => ({
  connection: vm.connection,
  uuid: vm.uuid,
  state: 'running',
  nics: [{ mac: MAC, type: 'network', network: 'default', device: 'vnet0', addresses: [] }],
  sources: [
    { source: 'agent', status: 'unavailable', message: 'This guest has no guest agent channel.' },
    { source: 'lease', status: 'none' },
    { source: 'arp', status: 'none' },
  ],
  known: false,
  askedAt: 1,
  sshUser: 'ann',
});
const LEASED = (vm: VmSummary): GuestAddresses => ({
  ...NONE_YET(vm),
  nics: [
    {
      mac: MAC,
      type: 'network',
      network: 'default',
      device: 'vnet0',
      addresses: [
        { address: '192.168.122.20', prefix: 24, family: 'ipv4', source: 'lease', linkLocal: false },
        { address: 'fe80::5054:ff:feaa:bb01', prefix: 64, family: 'ipv6', source: 'arp', linkLocal: true },
      ],
    },
  ],
  sources: [{ source: 'lease', status: 'found' }],
  known: true,
  askedAt: 2,
});

afterEach(() => {
  vi.useRealTimers();
  localStorage.removeItem(COLUMNS_KEY);
});

async function open(vm: VmSummary, answers: (vm: VmSummary) => GuestAddresses) {
  const bridge = bridgeWith([vm]).handle('addresses.get', () => answers(vm));
  bridge.handle('addresses.refresh', () => answers(vm));
  const r = await renderApp(bridge, {
    waitForRow: vm.name,
    hash: guestHash({ connection: vm.connection, uuid: vm.uuid, tab: 'overview' }),
  });
  return { ...r, bridge, card: await screen.findByTestId('network-addresses') };
}

describe("the Overview's network addresses", () => {
  it('says what each source answered while none is known, and asks again until the lease is there', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const vm = guest('web', { state: 'running', reason: 'booted' });
    let answer = NONE_YET;
    // the IP column is off by default: this user turned it on
    saveColumns([...loadColumns(), 'ip']);
    const { bridge, card } = await open(vm, (v) => answer(v));
    const waiting = await within(card).findByTestId('addresses-waiting');
    expect(waiting).toHaveTextContent('No address yet. Asking again in a few seconds.');
    expect(waiting).toHaveTextContent('Guest agent: This guest has no guest agent channel.');
    expect(waiting).toHaveTextContent('DHCP lease: none yet on default (the guest has not asked for one).');
    expect(within(card).getByText(MAC)).toBeInTheDocument();
    const asked = bridge.callsOf('addresses.get').length;
    answer = LEASED;
    // the slow timer (5 s) asks again
    await act(() => vi.advanceTimersByTimeAsync(5000));
    await within(card).findByTestId('address-192.168.122.20');
    expect(bridge.callsOf('addresses.get').length).toBeGreaterThan(asked);
    expect(within(card).queryByTestId('addresses-waiting')).toBeNull();
    // the list's cell shows the same first address (one ask serves both)
    expect(screen.getByTestId('vm-web-ip')).toHaveTextContent('192.168.122.20');
  });

  it('a running guest without a network adapter says so, shows no waiting and asks no more', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const vm = guest('bare', { state: 'running', reason: 'booted' });
    const { bridge, card } = await open(vm, (v) => ({ ...NONE_YET(v), nics: [] }));
    await within(card).findByText('This guest has no network adapter.');
    expect(within(card).queryByTestId('addresses-waiting')).toBeNull();
    const asked = bridge.callsOf('addresses.get').length;
    await act(() => vi.advanceTimersByTimeAsync(40_000));
    expect(bridge.callsOf('addresses.get')).toHaveLength(asked);
  });

  it('shows every address with prefix and source, and copies the ssh command (none for link-local)', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const vm = guest('db', { state: 'running', reason: 'booted' });
    const { user, bridge, card } = await open(vm, LEASED);
    const v4 = await within(card).findByTestId('address-192.168.122.20');
    expect(v4).toHaveTextContent('192.168.122.20/24');
    expect(v4).toHaveTextContent('lease');
    const v6 = within(card).getByTestId('address-fe80::5054:ff:feaa:bb01');
    expect(v6).toHaveTextContent('fe80::5054:ff:feaa:bb01/64');
    expect(v6).toHaveTextContent('ARP');
    expect(v6).toHaveTextContent('link-local');
    expect(within(card).queryByTestId('copy-ssh-fe80::5054:ff:feaa:bb01')).toBeNull();
    await user.click(within(card).getByTestId('copy-ssh-192.168.122.20'));
    // user-event's stand-in for the clipboard
    expect(await navigator.clipboard.readText()).toBe('ssh ann@192.168.122.20');
    await user.click(within(card).getByTestId('copy-address-fe80::5054:ff:feaa:bb01'));
    expect(await navigator.clipboard.readText()).toBe('fe80::5054:ff:feaa:bb01');
    await user.click(within(card).getByTestId('addresses-refresh'));
    await waitFor(() => expect(bridge.callsOf('addresses.refresh')).toHaveLength(1));
    // known: no timer asks again
    const gets = bridge.callsOf('addresses.get').length;
    await act(() => vi.advanceTimersByTimeAsync(40_000));
    expect(bridge.callsOf('addresses.get')).toHaveLength(gets);
  });

  it('says Off for a guest that is off, and asks nothing', async () => {
    const vm = guest('off-one', { state: 'shutoff', reason: 'shut down' });
    const { bridge, card } = await open(vm, NONE_YET);
    expect(within(card).getByTestId('addresses-off')).toHaveTextContent('Off');
    expect(within(card).getByTestId('addresses-refresh')).toBeDisabled();
    expect(screen.queryByTestId('vm-off-one-ip')).toBeNull();
    expect(bridge.callsOf('addresses.get')).toHaveLength(0);
  });
});
