// What the address views say, in the user's words: each source's short label beside an address, and
// while nothing is known yet, what each source said (so "no address yet" tells what is being tried).
import type { AddressSource, AddressSourceStatus, GuestNicAddresses } from '../../../preload/contract';

export const SOURCE_LABEL: Record<AddressSource, string> = { lease: 'lease', agent: 'agent', arp: 'ARP' };
const SOURCE_NAME: Record<AddressSource, string> = {
  agent: 'Guest agent',
  lease: 'DHCP lease',
  arp: 'Host ARP table',
};
export const SOURCE_TITLE: Record<AddressSource, string> = {
  lease: 'From the DHCP lease libvirt’s network gave the guest',
  agent: 'Reported by the guest agent inside the guest',
  arp: 'Seen in the host’s ARP table',
};

/** "Guest agent: This guest has no guest agent channel." ... one line per source tried */
export function sourceLines(sources: AddressSourceStatus[], nics: GuestNicAddresses[]): string[] {
  const networks = [...new Set(nics.filter((n) => n.type === 'network' && n.network).map((n) => n.network))];
  return sources.map((s) => {
    const name = SOURCE_NAME[s.source];
    if (s.status === 'found') return `${name}: found an address.`;
    if (s.status === 'none') {
      if (s.source === 'lease')
        return `${name}: none yet${networks.length ? ` on ${networks.join(', ')}` : ''} (the guest has not asked for one).`;
      if (s.source === 'arp') return `${name}: the host has not seen the guest on its network yet.`;
      return `${name}: answered, with no address.`;
    }
    return `${name}: ${s.message ?? (s.status === 'not-asked' ? 'not asked.' : 'unavailable.')}`;
  });
}

/** "on network default", "on bridge br0" */
export function nicWhere(n: GuestNicAddresses): string {
  if (!n.network) return n.type;
  return n.type === 'network' ? `network ${n.network}` : `${n.type} ${n.network}`;
}
