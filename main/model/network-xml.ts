// A libvirt <network> as the Networks panel shows it, and the XML of a new NAT, routed, open, isolated or
// bridge network (built with the XML library). Only IPv4 is read: the panel has no IPv6 column yet.

import {
  addressesOf,
  type Cidr,
  maskOf,
  parseCidr,
  parseIpv4,
  prefixOfNetmask,
} from '../../preload/network-fields';
import type { NetworkMode } from '../../preload/networks';
import { attr, buildXml, child, children, h, parseXml } from './xml';

export interface NetworkFacts {
  forward?: string;
  mode: NetworkMode | 'other';
  bridge?: string;
  ipv4?: { address: string; prefix: number };
  dhcp?: { start: string; end: string };
}

const MODES: Record<string, NetworkMode> = { nat: 'nat', route: 'route', open: 'open', bridge: 'bridge' };

export function networkFacts(xml: string): NetworkFacts {
  const root = parseXml(xml).documentElement!;
  const fwd = child(root, 'forward');
  // <forward/> without a mode is NAT (libvirt's default)
  const forward = fwd ? (attr(fwd, 'mode') ?? 'nat') : undefined;
  const facts: NetworkFacts = {
    forward,
    mode: forward === undefined ? 'isolated' : (MODES[forward] ?? 'other'),
    bridge: attr(child(root, 'bridge'), 'name'),
  };
  const ip = children(root, 'ip').find((e) => (attr(e, 'family') ?? 'ipv4') === 'ipv4');
  const address = attr(ip, 'address');
  if (ip && address) {
    const netmask = attr(ip, 'netmask');
    const prefix =
      attr(ip, 'prefix') !== undefined ? Number(attr(ip, 'prefix')) : netmask ? prefixOfNetmask(netmask) : 24;
    if (prefix !== undefined) facts.ipv4 = { address, prefix };
    const range = child(child(ip, 'dhcp'), 'range');
    const start = attr(range, 'start');
    const end = attr(range, 'end');
    if (start && end) facts.dhcp = { start, end };
  }
  return facts;
}

/** the subnet a network's IPv4 address lies in, "192.168.122.0/24" */
export function subnetOf(ipv4: { address: string; prefix: number }): Cidr | undefined {
  const a = parseIpv4(ipv4.address);
  return a === undefined ? undefined : { base: (a & maskOf(ipv4.prefix)) >>> 0, prefix: ipv4.prefix };
}

export interface NetworkSpec {
  name: string;
  mode: NetworkMode;
  subnet?: string;
  dhcp?: { start: string; end: string };
  /** bridge mode: the host bridge */
  bridge?: string;
}

/** The new network's XML; the bridge device of a libvirt-made bridge is left to libvirt (virbrN). */
export function buildNetworkXml(spec: NetworkSpec): string {
  if (spec.mode === 'bridge')
    return buildXml(
      h(
        'network',
        {},
        h('name', {}, spec.name),
        h('forward', { mode: 'bridge' }),
        h('bridge', { name: spec.bridge }),
      ),
    );
  const c = spec.subnet ? parseCidr(spec.subnet) : undefined;
  if (!c) throw new Error(`a ${spec.mode} network needs a subnet`);
  return buildXml(
    h(
      'network',
      {},
      h('name', {}, spec.name),
      spec.mode !== 'isolated' && h('forward', { mode: spec.mode }),
      h('bridge', { stp: 'on', delay: '0' }),
      h(
        'ip',
        { address: addressesOf(c).host, prefix: String(c.prefix) },
        spec.dhcp && h('dhcp', {}, h('range', { start: spec.dhcp.start, end: spec.dhcp.end })),
      ),
    ),
  );
}
