// The Networks panel's pure parts: the host's routes read from the kernel's and iproute2's formats, the
// suggested subnet, the subnet/DHCP/name checks in the user's words, and network XML read and built.
import { describe, expect, it } from 'vitest';
import { parseIpJsonRoutes, parseProcNetRoute, suggestSubnet } from '../../../main/model/network-subnet';
import { buildNetworkXml, networkFacts } from '../../../main/model/network-xml';
import {
  bridgeNameProblem,
  dhcpRangeProblem,
  networkNameProblem,
  subnetProblem,
} from '../../../preload/network-fields';

// this machine's own /proc/net/route and `ip -j route` (a default route and eth0's 192.0.2.0/24)
const PROC_ROUTE = `Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT
eth0\t00000000\t010200C0\t0003\t0\t0\t0\t00000000\t0\t0\t0
eth0\t000200C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0
virbr0\t007AA8C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0
`;
const IP_JSON = JSON.stringify([
  { dst: 'default', gateway: '192.0.2.1', dev: 'eth0', flags: [] },
  { dst: '192.0.2.0/24', dev: 'eth0', protocol: 'kernel', scope: 'link', prefsrc: '192.0.2.2', flags: [] },
  { dst: '192.168.100.7', dev: 'wg0', flags: [] },
]);

describe("the host's routes", () => {
  it('reads /proc/net/route (little-endian hex) without the default route', () => {
    expect(parseProcNetRoute(PROC_ROUTE)).toEqual([
      { subnet: '192.0.2.0/24', dev: 'eth0' },
      { subnet: '192.168.122.0/24', dev: 'virbr0' },
    ]);
  });
  it('reads `ip -j route`: a bare address is a /32, garbage is nothing', () => {
    expect(parseIpJsonRoutes(IP_JSON)).toEqual([
      { subnet: '192.0.2.0/24', dev: 'eth0' },
      { subnet: '192.168.100.7/32', dev: 'wg0' },
    ]);
    expect(parseIpJsonRoutes('not json')).toEqual([]);
  });
});

describe('the suggested subnet', () => {
  it('is the first 192.168.N.0/24 from 100 that nothing uses', () => {
    expect(suggestSubnet([])).toBe('192.168.100.0/24');
    expect(suggestSubnet(['192.168.100.7/32', '192.168.101.0/24', '192.168.122.0/24'])).toBe(
      '192.168.102.0/24',
    );
  });
  it('steps over a wider route that covers many /24s, then falls back to 10.N.0.0/24', () => {
    expect(suggestSubnet(['192.168.96.0/20'])).toBe('192.168.112.0/24');
    expect(suggestSubnet(['192.168.0.0/16'])).toBe('10.100.0.0/24');
  });
});

describe("what a new network may be, in the user's words", () => {
  const taken = [{ subnet: '192.168.122.0/24', by: "the network 'default'" }];
  it('accepts a free subnet and names who uses a colliding one', () => {
    expect(subnetProblem('192.168.100.0/24', taken)).toBeUndefined();
    expect(subnetProblem('192.168.122.0/25', taken)).toBe(
      "192.168.122.0/25 overlaps 192.168.122.0/24, used by the network 'default'.",
    );
    expect(subnetProblem('192.168.0.0/16', taken)).toMatch(/overlaps 192.168.122.0\/24/);
  });
  it('says what is wrong with a malformed one', () => {
    expect(subnetProblem('', taken)).toMatch(/Give the network a subnet/);
    expect(subnetProblem('192.168.300.0/24', taken)).toMatch(/IPv4 address and a prefix/);
    expect(subnetProblem('192.168.100.1/24', taken)).toBe(
      '192.168.100.1/24 is not the start of its subnet: did you mean 192.168.100.0/24?',
    );
    expect(subnetProblem('10.0.0.0/31', taken)).toMatch(/between \/8 and \/30/);
    expect(subnetProblem('127.0.0.0/24', taken)).toMatch(/reserved/);
  });
  it('keeps the DHCP range inside the subnet, after the host and before the broadcast', () => {
    expect(dhcpRangeProblem('192.168.100.0/24', '192.168.100.2', '192.168.100.254')).toBeUndefined();
    expect(dhcpRangeProblem('192.168.100.0/24', '192.168.100.1', '192.168.100.254')).toMatch(/inside/);
    expect(dhcpRangeProblem('192.168.100.0/24', '192.168.100.2', '192.168.100.255')).toMatch(/inside/);
    expect(dhcpRangeProblem('192.168.100.0/24', '192.168.100.90', '192.168.100.10')).toMatch(/come before/);
    expect(dhcpRangeProblem('192.168.100.0/24', 'x', '192.168.100.10')).toMatch(/first DHCP/);
  });
  it('checks network and bridge names', () => {
    expect(networkNameProblem('lab-net')).toBeUndefined();
    expect(networkNameProblem('lab/net')).toMatch(/only contain letters/);
    expect(networkNameProblem('-lab')).toMatch(/must start/);
    expect(networkNameProblem('default', new Set(['default']))).toMatch(/already exists/);
    expect(bridgeNameProblem('br0')).toBeUndefined();
    expect(bridgeNameProblem('a-bridge-too-long')).toMatch(/at most 15/);
    expect(bridgeNameProblem('')).toMatch(/Choose the host bridge/);
  });
});

describe('network XML', () => {
  it("reads libvirt's default network: NAT, its address by netmask, its DHCP range", () => {
    const xml = `<network><name>default</name><uuid>1f3a0c2e-0000-4000-8000-000000000001</uuid>
      <forward mode='nat'><nat><port start='1024' end='65535'/></nat></forward>
      <bridge name='virbr0' stp='on' delay='0'/><mac address='52:54:00:aa:bb:cc'/>
      <ip address='192.168.122.1' netmask='255.255.255.0'><dhcp><range start='192.168.122.2' end='192.168.122.254'/></dhcp></ip>
      <ip family='ipv6' address='fd00::1' prefix='64'/></network>`;
    expect(networkFacts(xml)).toEqual({
      forward: 'nat',
      mode: 'nat',
      bridge: 'virbr0',
      ipv4: { address: '192.168.122.1', prefix: 24 },
      dhcp: { start: '192.168.122.2', end: '192.168.122.254' },
    });
  });
  it('calls a network without <forward> isolated, and a bare <forward/> NAT', () => {
    expect(
      networkFacts('<network><name>i</name><ip address="10.0.0.1" prefix="16"/></network>'),
    ).toMatchObject({
      mode: 'isolated',
      ipv4: { address: '10.0.0.1', prefix: 16 },
    });
    expect(networkFacts('<network><name>n</name><forward/></network>').mode).toBe('nat');
    expect(networkFacts("<network><name>p</name><forward mode='passthrough'/></network>").mode).toBe('other');
  });
  it('builds each mode, and reads back what it built', () => {
    for (const mode of ['nat', 'route', 'open', 'isolated'] as const) {
      const xml = buildNetworkXml({
        name: `kvmdesk-test-${mode}`,
        mode,
        subnet: '192.168.100.0/24',
        dhcp: { start: '192.168.100.2', end: '192.168.100.254' },
      });
      expect(networkFacts(xml)).toMatchObject({
        mode,
        ipv4: { address: '192.168.100.1', prefix: 24 },
        dhcp: { start: '192.168.100.2', end: '192.168.100.254' },
      });
    }
    const bridged = buildNetworkXml({ name: 'lan', mode: 'bridge', bridge: 'br0' });
    expect(networkFacts(bridged)).toEqual({ forward: 'bridge', mode: 'bridge', bridge: 'br0' });
    expect(
      networkFacts(buildNetworkXml({ name: 'i', mode: 'isolated', subnet: '10.9.0.0/16' })).dhcp,
    ).toBeUndefined();
  });
  it('escapes a name as XML, never as a string', () => {
    expect(buildNetworkXml({ name: 'a<b&c', mode: 'bridge', bridge: 'br0' })).toContain(
      '<name>a&lt;b&amp;c</name>',
    );
  });
});
