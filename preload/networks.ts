// The contract's virtual-network types (contract.ts re-exports them): a network as the Networks panel
// lists it, what creating one asks, and the DHCP leases a shown lease table is pushed. Types only.
import type { ConnectionId } from './contract';

/** libvirt's forward modes as the panel names them; 'isolated' is a network without <forward> */
export type NetworkMode = 'nat' | 'route' | 'open' | 'isolated' | 'bridge';

export interface NetworkInfo {
  connection: ConnectionId;
  name: string;
  uuid: string;
  active: boolean;
  autostart: boolean;
  /** libvirt's forward mode as written (nat, route, bridge, ...); absent: isolated */
  forward?: string;
  /** the mode in the panel's words; 'other' for modes it does not create (passthrough, hostdev ...) */
  mode?: NetworkMode | 'other';
  bridge?: string;
  /** the host's IPv4 address on the network and its prefix ("192.168.100.1", 24) */
  ipv4?: { address: string; prefix: number };
  dhcp?: { start: string; end: string };
  /** defined (not transient): only these can autostart and be deleted */
  persistent?: boolean;
  /** guests with an interface on it (saved or live definition), by name, and which of them run; only
   *  when listed `withGuests` */
  guests?: string[];
  runningGuests?: string[];
}

export interface CreateNetworkArgs {
  connection: ConnectionId;
  name: string;
  mode: NetworkMode;
  /** "192.168.100.0/24": the network; the host takes its first address (not for bridge mode) */
  subnet?: string;
  /** DHCP range inside the subnet; absent: no DHCP */
  dhcp?: { start: string; end: string };
  /** bridge mode: an existing host bridge */
  bridge?: string;
  /** start it now (default true) and when the host boots */
  start?: boolean;
  autostart?: boolean;
}

/** What the Create dialog needs: a free subnet, what already takes room, and the host's bridges. */
export interface NetworkCreateInfo {
  suggestedSubnet: string;
  /** subnets already used: other networks' and the host's routes, each with who uses it */
  taken: { subnet: string; by: string }[];
  /** existing host bridges a bridge network can attach to */
  bridges: string[];
  /** how the bridges were found, or why there are none */
  bridgesNote?: string;
}

export interface NetworkLease {
  mac: string;
  ip: string;
  prefix: number;
  hostname?: string;
  /** ms since the epoch */
  expiresAt: number;
  /** the guest of this connection with this MAC, if any */
  guest?: string;
}

export interface NetworkRefArgs {
  connection: ConnectionId;
  name: string;
}

/** `networks.leases` event: the leases of a watched network, each poll */
export interface NetworkLeases extends NetworkRefArgs {
  leases: NetworkLease[];
}

/** `networks.changed` event: a network was defined, undefined, started or stopped (libvirt's event) */
export interface NetworkChange extends NetworkRefArgs {
  event: string;
}
