// A running guest's addresses as virt-manager finds them: ask the guest agent, then libvirt's DHCP
// leases, then the host's ARP table (virDomainInterfaceAddresses sources 1, 0, 2), and match each
// answer to the guest's adapters by MAC. Pure: the service asks libvirt, this decides what it means.
//   addressNicsOf(liveXml)                  the adapters: MAC, type, network or bridge, host device
//   mergeGuestAddresses(nics, answers)      every address of every adapter, each with its first source
//   isLinkLocal(address)                    169.254/16 and fe80::/10
import type { AddressSource, GuestAddress, GuestNicAddresses } from '../../preload/addresses';
import { attr, child, findAll, parseXml } from './xml';

/** what libvirt answers per source (virDomainInterface): the guest's or host's interface name, MAC, addresses */
export interface InterfaceAnswer {
  name: string;
  hwaddr?: string;
  addrs: { type: number; addr: string; prefix: number }[];
}

export interface AddressAnswer {
  source: AddressSource;
  ifaces: InterfaceAnswer[];
}

export type AddressNic = Omit<GuestNicAddresses, 'addresses'>;

export function addressNicsOf(xml: string): AddressNic[] {
  const root = parseXml(xml).documentElement!;
  return findAll(root, 'devices/interface').flatMap((n) => {
    const mac = attr(child(n, 'mac'), 'address');
    if (!mac) return [];
    const source = child(n, 'source');
    const network = attr(source, 'network') ?? attr(source, 'bridge') ?? attr(source, 'dev');
    const device = attr(child(n, 'target'), 'dev');
    return [
      {
        mac: mac.toLowerCase(),
        type: attr(n, 'type') ?? '',
        ...(network !== undefined && { network }),
        ...(device !== undefined && { device }),
      },
    ];
  });
}

export function isLinkLocal(address: string): boolean {
  const a = address.toLowerCase();
  return a.startsWith('169.254.') || /^fe[89ab][0-9a-f]:/.test(a);
}

/** IPv4 first, link-local last; otherwise in the order the sources gave them */
const rank = (a: GuestAddress) => (a.linkLocal ? 2 : 0) + (a.family === 'ipv4' ? 0 : 1);

/**
 * Every address of every adapter, matched by MAC (the agent also reports lo, docker0 ...: no adapter
 * of the guest's has their MAC, so they are left out). An address two sources both know keeps the
 * first's label, in the answers' order (agent, lease, ARP).
 */
export function mergeGuestAddresses(nics: AddressNic[], answers: AddressAnswer[]): GuestNicAddresses[] {
  return nics.map((nic) => {
    const seen = new Set<string>();
    const addresses: GuestAddress[] = [];
    for (const { source, ifaces } of answers) {
      for (const iface of ifaces) {
        if (iface.hwaddr?.toLowerCase() !== nic.mac) continue;
        for (const a of iface.addrs) {
          const address = a.addr.toLowerCase();
          if (seen.has(address)) continue;
          seen.add(address);
          addresses.push({
            address,
            prefix: a.prefix,
            family: a.type === 1 ? 'ipv6' : 'ipv4',
            source,
            linkLocal: isLinkLocal(address),
          });
        }
      }
    }
    addresses.sort((x, y) => rank(x) - rank(y));
    return { ...nic, addresses };
  });
}

/** the adapters no source has given an address yet (the next source is asked only for them) */
export function nicsWithoutAddress(merged: GuestNicAddresses[]): GuestNicAddresses[] {
  return merged.filter((n) => n.addresses.length === 0);
}
