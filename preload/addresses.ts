// The contract's guest-address types (contract.ts re-exports them): every address of every network
// adapter of a running guest, each with where it was found, and what each source said. Types and two
// pure rules the UI and the backend share (which address the list shows, what ssh is offered for).
import type { ConnectionId } from './contract';

/** where an address was found: libvirt's DHCP lease file, the guest agent inside the guest, the host's ARP table */
export type AddressSource = 'lease' | 'agent' | 'arp';

export interface GuestAddress {
  address: string;
  prefix: number;
  family: 'ipv4' | 'ipv6';
  source: AddressSource;
  /** 169.254.0.0/16 or fe80::/10: reachable only on the link, so no ssh command is offered */
  linkLocal: boolean;
}

export interface GuestNicAddresses {
  mac: string;
  /** network | bridge | direct | user ... */
  type: string;
  /** the libvirt network's or host bridge's name */
  network?: string;
  /** the host's side of it (vnet3), while the guest runs */
  device?: string;
  addresses: GuestAddress[];
}

/**
 * What one source said: 'found' (addresses for at least one adapter), 'none' (it answered, nothing
 * yet), 'unavailable' (it cannot answer for this guest: no agent, ARP unreadable; `message` says why),
 * 'not-asked' (not needed: an earlier source found every adapter, or no adapter it could know).
 */
export interface AddressSourceStatus {
  source: AddressSource;
  status: 'found' | 'none' | 'unavailable' | 'not-asked';
  message?: string;
}

export interface GuestAddresses {
  connection: ConnectionId;
  uuid: string;
  /** only a running (or paused) guest has addresses */
  state: 'running' | 'paused' | 'off';
  nics: GuestNicAddresses[];
  /** in the order they were tried: agent, lease, ARP (virt-manager's) */
  sources: AddressSourceStatus[];
  /** at least one address was found: the backend keeps it until the guest stops (refresh asks again) */
  known: boolean;
  /** when libvirt was asked, ms since the epoch */
  askedAt: number;
  /** the desktop user's login name, for "Copy ssh command" */
  sshUser: string;
}

const V4_FIRST = (a: GuestAddress) => (a.family === 'ipv4' ? 0 : 1);

/** The address the guest list shows: the first adapter's IPv4, else any address that is not link-local. */
export function firstAddress(a: GuestAddresses | undefined): GuestAddress | undefined {
  const all = (a?.nics ?? []).flatMap((n) => n.addresses);
  const usable = all.filter((x) => !x.linkLocal).sort((x, y) => V4_FIRST(x) - V4_FIRST(y));
  return usable[0] ?? all[0];
}

/** `ssh USER@ADDR`; undefined for a link-local address (it needs an interface name to be reached) */
export function sshCommand(user: string, a: GuestAddress): string | undefined {
  return a.linkLocal ? undefined : `ssh ${user}@${a.address}`;
}
