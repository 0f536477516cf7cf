// Guests' network addresses, found as virt-manager finds them (model/guest-addresses.ts): the guest
// agent first, but only when the live XML says its channel is connected, and with a short timeout (a
// hung agent never holds the answer); then libvirt's DHCP leases for adapters on a libvirt network;
// then the host's ARP table for adapters still without one. One answer per guest is kept once an address
// is known, and forgotten when the guest starts, stops or goes away. libvirt 9.0 has no lease event:
// the renderer re-asks (`addresses.get`) on a slow timer while it shows a guest whose address is not
// known yet; `addresses.refresh` always asks libvirt again. Concurrent asks for one guest share one.
import { userInfo } from 'node:os';
import type { AddressSource, AddressSourceStatus, GuestAddresses } from '../../preload/addresses';
import { LibvirtError, ErrorCode as VirErr } from '../libvirt/errors';
import { type DomainRef, InterfaceAddressSource, type LibvirtConnectionApi } from '../libvirt/facade';
import {
  type AddressAnswer,
  type AddressNic,
  addressNicsOf,
  mergeGuestAddresses,
  nicsWithoutAddress,
} from '../model/guest-addresses';
import { guestAgentState } from '../model/snapshot-mechanism';
import type { Connections } from './connections';
import type { EventBus } from './events';
import { stateName } from './vm-reasons';
import { lookupGuest } from './vms';

/** a connected agent answers guest-network-get-interfaces in milliseconds; longer means it is stuck */
export const AGENT_TIMEOUT_MS = 3000;
/** lifecycle events after which a kept answer is stale */
const FORGET_ON = new Set(['started', 'stopped', 'shutdown', 'crashed', 'undefined']);

const SOURCE_NUMBER: Record<AddressSource, number> = {
  lease: InterfaceAddressSource.LEASE,
  agent: InterfaceAddressSource.AGENT,
  arp: InterfaceAddressSource.ARP,
};

function sshUser(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? 'root'; // a uid without a passwd entry (containers)
  }
}

export class GuestAddressService {
  private readonly known = new Map<string, GuestAddresses>();
  private readonly asking = new Map<string, Promise<GuestAddresses>>();
  private readonly stops: (() => void)[];
  private readonly user = sshUser();

  constructor(
    private readonly connections: Connections,
    events: EventBus,
  ) {
    this.stops = [
      events.on('vm.lifecycle', (e) => {
        if (FORGET_ON.has(e.event)) this.known.delete(key(e.connection, e.uuid));
      }),
      events.on('vm.removed', (ref) => this.known.delete(key(ref.connection, ref.uuid))),
    ];
  }

  /** the kept answer when an address is known, else libvirt's answer now */
  get(connection: string, uuid: string): Promise<GuestAddresses> {
    const kept = this.known.get(key(connection, uuid));
    return kept ? Promise.resolve(kept) : this.refresh(connection, uuid);
  }

  /** asks libvirt again (joins an ask already under way for the guest) */
  refresh(connection: string, uuid: string): Promise<GuestAddresses> {
    const k = key(connection, uuid);
    const under = this.asking.get(k);
    if (under) return under;
    const c = this.connections.client(connection);
    const p = this.ask(c, connection, uuid)
      .then((a) => {
        if (a.known) this.known.set(k, a);
        else this.known.delete(k);
        return a;
      })
      .finally(() => this.asking.delete(k));
    this.asking.set(k, p);
    return p;
  }

  /** whether an answer is kept for the guest (tests) */
  has(connection: string, uuid: string): boolean {
    return this.known.has(key(connection, uuid));
  }

  close(): void {
    for (const stop of this.stops) stop();
    this.known.clear();
  }

  private async ask(c: LibvirtConnectionApi, connection: string, uuid: string): Promise<GuestAddresses> {
    const dom = await lookupGuest(c, uuid);
    const [xml, st] = await Promise.all([c.domainGetXML(dom, 0), c.domainGetState(dom)]);
    const stateWord = stateName(st.state);
    const state = ['shutoff', 'nostate', 'crashed'].includes(stateWord)
      ? 'off'
      : stateWord === 'paused' || stateWord === 'pmsuspended'
        ? 'paused'
        : 'running';
    const base = { connection, uuid, state, askedAt: Date.now(), sshUser: this.user } as const;
    if (state === 'off') return { ...base, nics: [], sources: [], known: false };

    const nics = addressNicsOf(xml);
    const answers: AddressAnswer[] = [];
    const sources: AddressSourceStatus[] = [];
    const remaining = () => nicsWithoutAddress(mergeGuestAddresses(nics, answers));

    const agent = guestAgentState(xml);
    const agentWhy =
      agent === 'none'
        ? 'This guest has no guest agent channel.'
        : agent === 'disconnected'
          ? 'The guest agent is not running in the guest.'
          : state === 'paused'
            ? 'The guest is paused: its agent cannot answer.'
            : undefined;
    sources.push(
      agentWhy
        ? { source: 'agent', status: 'unavailable', message: agentWhy }
        : await this.askSource(c, dom, 'agent', nics, answers),
    );

    const onNetwork = remaining().some((n) => n.type === 'network');
    sources.push(
      onNetwork
        ? await this.askSource(c, dom, 'lease', nics, answers)
        : notAsked(
            'lease',
            remaining().length
              ? 'No adapter without an address is on a libvirt network.'
              : 'Every adapter has an address.',
          ),
    );
    sources.push(
      remaining().length
        ? await this.askSource(c, dom, 'arp', nics, answers)
        : notAsked('arp', 'Every adapter has an address.'),
    );

    const merged = mergeGuestAddresses(nics, answers);
    return { ...base, nics: merged, sources, known: merged.some((n) => n.addresses.length > 0) };
  }

  /** one source's answer, kept in `answers`; a source that cannot answer says why (never a failure) */
  private async askSource(
    c: LibvirtConnectionApi,
    dom: DomainRef,
    source: AddressSource,
    nics: AddressNic[],
    answers: AddressAnswer[],
  ): Promise<AddressSourceStatus> {
    try {
      const ifaces = await c.domainInterfaceAddresses(dom, SOURCE_NUMBER[source], {
        ...(source === 'agent' && { timeoutMs: AGENT_TIMEOUT_MS }),
      });
      answers.push({ source, ifaces });
      const found = mergeGuestAddresses(nics, [{ source, ifaces }]).some((n) => n.addresses.length > 0);
      return { source, status: found ? 'found' : 'none' };
    } catch (err) {
      if (!(err instanceof LibvirtError) || err.kind === 'DISCONNECTED') throw err;
      return { source, status: 'unavailable', message: unavailableWhy(source, err) };
    }
  }
}

function notAsked(source: AddressSource, message: string): AddressSourceStatus {
  return { source, status: 'not-asked', message };
}

function unavailableWhy(source: AddressSource, err: LibvirtError): string {
  if (source === 'agent') {
    if (err.kind === 'TIMEOUT') return `The guest agent did not answer within ${AGENT_TIMEOUT_MS / 1000} s.`;
    if (err.code === VirErr.AGENT_UNRESPONSIVE) return 'The guest agent is not connected.';
    return `The guest agent could not answer: ${err.message}`;
  }
  if (source === 'arp') return `The host's ARP table could not be read: ${err.message}`;
  return `libvirt could not read the DHCP leases: ${err.message}`;
}

const key = (connection: string, uuid: string) => `${connection}\n${uuid}`;
