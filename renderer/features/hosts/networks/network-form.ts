// The Create network dialog's rules: the draft, its problems by field as typed (the same checks
// networks.create makes, from preload/network-fields.ts), and the call's arguments.
import type { CreateNetworkArgs, NetworkCreateInfo, NetworkMode } from '../../../../preload/contract';
import {
  addressesOf,
  bridgeNameProblem,
  dhcpRangeProblem,
  networkNameProblem,
  parseCidr,
  subnetProblem,
} from '../../../../preload/network-fields';

export interface NetworkDraft {
  mode: NetworkMode;
  name: string;
  subnet: string;
  dhcp: boolean;
  dhcpStart: string;
  dhcpEnd: string;
  /** the user typed a range: a new subnet no longer moves it */
  rangeTyped: boolean;
  bridge: string;
  autostart: boolean;
}

export const MODE_LABELS: Record<NetworkMode, string> = {
  nat: 'NAT',
  route: 'Routed',
  open: 'Open',
  isolated: 'Isolated',
  bridge: 'Bridge',
};

export const MODE_HELP: Record<NetworkMode, string> = {
  nat: 'Guests reach the outside through the host’s address; the outside does not see them.',
  route:
    'Guests are routed to the host’s networks under their own addresses (other machines need a route back).',
  open: 'Like routed, but libvirt adds no firewall rules: you manage them.',
  isolated: 'Guests reach each other and the host, nothing else.',
  bridge: 'Guests join an existing host bridge: they are on the host’s LAN.',
};

export function freshDraft(info: NetworkCreateInfo | undefined, existing: ReadonlySet<string>): NetworkDraft {
  let n = 1;
  while (existing.has(`network${n}`)) n++;
  const draft: NetworkDraft = {
    mode: 'nat',
    name: `network${n}`,
    subnet: info?.suggestedSubnet ?? '',
    dhcp: true,
    dhcpStart: '',
    dhcpEnd: '',
    rangeTyped: false,
    bridge: info?.bridges[0] ?? '',
    autostart: true,
  };
  return followSubnet(draft);
}

/** a new subnet moves an untouched DHCP range with it */
export function followSubnet(d: NetworkDraft): NetworkDraft {
  if (d.rangeTyped) return d;
  const c = parseCidr(d.subnet);
  if (!c || c.prefix > 30) return d;
  const a = addressesOf(c);
  return { ...d, dhcpStart: a.dhcpStart, dhcpEnd: a.dhcpEnd };
}

export type DraftProblems = Partial<Record<'name' | 'subnet' | 'dhcp' | 'bridge', string>>;

export function draftProblems(
  d: NetworkDraft,
  info: NetworkCreateInfo | undefined,
  existing: ReadonlySet<string>,
): DraftProblems {
  const p: DraftProblems = {};
  const name = networkNameProblem(d.name, existing);
  if (name) p.name = name;
  if (d.mode === 'bridge') {
    const b = bridgeNameProblem(d.bridge);
    if (b) p.bridge = b;
    return p;
  }
  const s = subnetProblem(d.subnet, info?.taken ?? []);
  if (s) p.subnet = s;
  else if (d.dhcp) {
    const r = dhcpRangeProblem(d.subnet, d.dhcpStart, d.dhcpEnd);
    if (r) p.dhcp = r;
  }
  return p;
}

export function createArgs(connection: string, d: NetworkDraft): CreateNetworkArgs {
  if (d.mode === 'bridge')
    return { connection, name: d.name, mode: 'bridge', bridge: d.bridge, autostart: d.autostart };
  return {
    connection,
    name: d.name,
    mode: d.mode,
    subnet: d.subnet.trim(),
    ...(d.dhcp && { dhcp: { start: d.dhcpStart.trim(), end: d.dhcpEnd.trim() } }),
    autostart: d.autostart,
  };
}
