import { describe, expect, it } from 'vitest';
import {
  addressNicsOf,
  isLinkLocal,
  mergeGuestAddresses,
  nicsWithoutAddress,
} from '../../../main/model/guest-addresses';
import { firstAddress, type GuestAddresses, sshCommand } from '../../../preload/addresses';

const LIVE = `<domain type='qemu'><name>g</name><devices>
  <interface type='network'><mac address='52:54:00:AA:00:01'/><source network='default' bridge='virbr0'/><target dev='vnet3'/></interface>
  <interface type='bridge'><mac address='52:54:00:aa:00:02'/><source bridge='br0'/><target dev='vnet4'/></interface>
  <interface type='user'><mac address='52:54:00:aa:00:03'/></interface>
</devices></domain>`;

const V4 = 0;
const V6 = 1;

describe('guest addresses, found the way virt-manager finds them', () => {
  const nics = addressNicsOf(LIVE);

  it('reads each adapter from the live XML: MAC (lower case), type, network or bridge, host device', () => {
    expect(nics).toEqual([
      { mac: '52:54:00:aa:00:01', type: 'network', network: 'default', device: 'vnet3' },
      { mac: '52:54:00:aa:00:02', type: 'bridge', network: 'br0', device: 'vnet4' },
      { mac: '52:54:00:aa:00:03', type: 'user' },
    ]);
  });

  it("matches every source's answer to the adapters by MAC, leaving out the guest's own lo and docker0", () => {
    const merged = mergeGuestAddresses(nics, [
      {
        source: 'agent',
        ifaces: [
          { name: 'lo', hwaddr: '00:00:00:00:00:00', addrs: [{ type: V4, addr: '127.0.0.1', prefix: 8 }] },
          {
            name: 'enp1s0',
            hwaddr: '52:54:00:aa:00:01',
            addrs: [
              { type: V6, addr: 'FE80::5054:ff:feaa:1', prefix: 64 },
              { type: V4, addr: '192.168.122.20', prefix: 24 },
            ],
          },
          {
            name: 'docker0',
            hwaddr: '02:42:ac:11:00:01',
            addrs: [{ type: V4, addr: '172.17.0.1', prefix: 16 }],
          },
        ],
      },
      {
        source: 'lease',
        ifaces: [
          {
            name: 'vnet3',
            hwaddr: '52:54:00:aa:00:01',
            addrs: [{ type: V4, addr: '192.168.122.20', prefix: 24 }],
          },
        ],
      },
      {
        source: 'arp',
        ifaces: [
          { name: 'vnet4', hwaddr: '52:54:00:AA:00:02', addrs: [{ type: V4, addr: '10.0.0.7', prefix: 0 }] },
        ],
      },
    ]);
    // the address both the agent and the lease know keeps the agent's label; IPv4 before link-local
    expect(merged[0].addresses).toEqual([
      { address: '192.168.122.20', prefix: 24, family: 'ipv4', source: 'agent', linkLocal: false },
      { address: 'fe80::5054:ff:feaa:1', prefix: 64, family: 'ipv6', source: 'agent', linkLocal: true },
    ]);
    expect(merged[1].addresses).toEqual([
      { address: '10.0.0.7', prefix: 0, family: 'ipv4', source: 'arp', linkLocal: false },
    ]);
    expect(merged[2].addresses).toEqual([]);
    expect(nicsWithoutAddress(merged).map((n) => n.mac)).toEqual(['52:54:00:aa:00:03']);
  });

  it('tells link-local addresses (no ssh offered) from the rest', () => {
    expect(isLinkLocal('169.254.3.4')).toBe(true);
    expect(isLinkLocal('fe80::1')).toBe(true);
    expect(isLinkLocal('febf::1')).toBe(true);
    expect(isLinkLocal('fec0::1')).toBe(false);
    expect(isLinkLocal('2001:db8::1')).toBe(false);
    expect(isLinkLocal('10.0.0.1')).toBe(false);
  });

  it("shows the list the first adapter's IPv4 and builds ssh commands for all but link-local addresses", () => {
    const merged = mergeGuestAddresses(nics, [
      {
        source: 'lease',
        ifaces: [
          {
            name: 'vnet3',
            hwaddr: '52:54:00:aa:00:01',
            addrs: [
              { type: V6, addr: '2001:db8::20', prefix: 64 },
              { type: V4, addr: '192.168.122.20', prefix: 24 },
            ],
          },
        ],
      },
    ]);
    const a: Omit<GuestAddresses, 'nics'> = {
      connection: 'c',
      uuid: 'u',
      state: 'running',
      sources: [],
      known: true,
      askedAt: 0,
      sshUser: 'ann',
    };
    const first = firstAddress({ ...a, nics: merged })!;
    expect(first.address).toBe('192.168.122.20');
    expect(sshCommand('ann', first)).toBe('ssh ann@192.168.122.20');
    expect(sshCommand('ann', merged[0].addresses[1])).toBe('ssh ann@2001:db8::20');
    expect(sshCommand('ann', { ...first, address: 'fe80::1', linkLocal: true })).toBeUndefined();
    expect(firstAddress(undefined)).toBeUndefined();
  });
});
