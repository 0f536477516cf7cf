// Every guest of one connection, kept current from libvirt's events (no polling). On connect (and on
// reconnect) it lists all domains once and fetches their XML concurrently; afterwards each event
// refetches only the guest it is about. Emits 'vm.changed', 'vm.removed' and 'vm.lifecycle'.
import type { ConnectionId, VmSummary } from '../../preload/contract';
import { LibvirtError } from '../libvirt/errors';
import type { DomainLifecycleEvent, DomainRef, LibvirtConnectionApi } from '../libvirt/facade';
import { ListDomainsFlags } from '../libvirt/facade';
import { type OsLookup, summaryFromXml } from '../model/domain-xml';
import { isNotFound } from './errors';
import type { EventBus } from './events';
import { reasonWords, stateName } from './vm-reasons';

const STATS_STATE = 1; // VIR_DOMAIN_STATS_STATE
const LIST_AUTOSTART = 64; // VIR_CONNECT_LIST_DOMAINS_AUTOSTART

interface Refetch {
  running: Promise<void>;
  again: boolean;
}

export class VmStore {
  private readonly vms = new Map<string, VmSummary>();
  private readonly refetches = new Map<string, Refetch>();
  /** uuids an event touched while a full reload was under way: the event's answer is newer */
  private touched = new Set<string>();
  private client?: LibvirtConnectionApi;

  constructor(
    /** the connection's id; set once, when the connection settles on its URI */
    public connection: ConnectionId,
    private readonly events: EventBus,
    private readonly osLookup?: OsLookup,
  ) {}

  list(): VmSummary[] {
    return [...this.vms.values()];
  }

  get(uuid: string): VmSummary | undefined {
    return this.vms.get(uuid);
  }

  attach(client: LibvirtConnectionApi): void {
    this.detach();
    this.client = client;
    client.on('domainLifecycle', this.onLifecycle);
    client.on('domainReboot', this.onOther);
    client.on('domainDeviceAdded', this.onOther);
    client.on('domainDeviceRemoved', this.onOther);
    client.on('domainMetadataChange', this.onOther);
    client.on('domainTrayChange', this.onOther);
  }

  detach(): void {
    const c = this.client;
    if (!c) return;
    c.off('domainLifecycle', this.onLifecycle);
    c.off('domainReboot', this.onOther);
    c.off('domainDeviceAdded', this.onOther);
    c.off('domainDeviceRemoved', this.onOther);
    c.off('domainMetadataChange', this.onOther);
    c.off('domainTrayChange', this.onOther);
    this.client = undefined;
  }

  /** Lists every domain and its XML (concurrently); guests that vanished meanwhile are removed. */
  async reload(): Promise<void> {
    const c = this.requireClient();
    this.touched = new Set();
    const [all, transient, autostart, states] = await Promise.all([
      c.listAllDomains(0),
      c.listAllDomains(ListDomainsFlags.TRANSIENT),
      c.listAllDomains(LIST_AUTOSTART).catch(() => [] as DomainRef[]),
      this.bulkStates(c),
    ]);
    const transientSet = new Set(transient.map((d) => d.uuid));
    const autostartSet = new Set(autostart.map((d) => d.uuid));
    const listed = new Set(all.map((d) => d.uuid));
    await Promise.all(
      all.map(async (dom) => {
        try {
          const [xml, st] = await Promise.all([
            c.domainGetXML(dom, 0),
            states.get(dom.uuid) ?? c.domainGetState(dom),
          ]);
          if (this.touched.has(dom.uuid)) return;
          this.put(xml, st, !transientSet.has(dom.uuid), autostartSet.has(dom.uuid));
        } catch (err) {
          if (isNotFound(err)) {
            listed.delete(dom.uuid); // gone between the list and its XML
          } else if (err instanceof LibvirtError && err.kind !== 'LIBVIRT') {
            throw err; // the connection is gone: the reload starts over when it is back
          } else {
            // one unreadable guest must not hide all the others
            console.error(`could not read guest ${dom.name}:`, (err as Error).message);
          }
        }
      }),
    );
    for (const uuid of [...this.vms.keys()]) {
      if (!listed.has(uuid) && !this.touched.has(uuid)) this.remove(uuid);
    }
  }

  /** Refetches one guest; concurrent requests for the same guest coalesce into one more fetch. */
  refresh(dom: DomainRef): Promise<void> {
    this.touched.add(dom.uuid);
    const pending = this.refetches.get(dom.uuid);
    if (pending) {
      pending.again = true;
      return pending.running;
    }
    const entry: Refetch = { again: false, running: Promise.resolve() };
    entry.running = (async () => {
      do {
        entry.again = false;
        try {
          await this.fetchOne(dom);
        } catch (err) {
          if (isNotFound(err)) this.remove(dom.uuid);
          else console.error(`could not refresh guest ${dom.name}:`, (err as Error).message);
        }
      } while (entry.again);
      this.refetches.delete(dom.uuid);
    })();
    this.refetches.set(dom.uuid, entry);
    return entry.running;
  }

  private readonly onLifecycle = (e: DomainLifecycleEvent): void => {
    this.events.emit('vm.lifecycle', {
      connection: this.connection,
      uuid: e.dom.uuid,
      event: e.eventName,
      detail: e.detailName,
    });
    // 'undefined' of a stopped guest and 'stopped' of a transient one end in NO_DOMAIN: refresh removes it
    void this.refresh(e.dom);
  };

  private readonly onOther = (e: { dom: DomainRef }): void => {
    void this.refresh(e.dom);
  };

  private async fetchOne(dom: DomainRef): Promise<void> {
    const c = this.requireClient();
    const [xml, st, persistent, autostart] = await Promise.all([
      c.domainGetXML(dom, 0),
      c.domainGetState(dom),
      c.domainIsPersistent(dom),
      c.domainGetAutostart(dom).catch(() => false),
    ]);
    this.put(xml, st, persistent, autostart);
  }

  private put(
    xml: string,
    st: { state: number; reason: number },
    persistent: boolean,
    autostart: boolean,
  ): void {
    const state = stateName(st.state);
    const vm = summaryFromXml(
      xml,
      { connection: this.connection, state, reason: reasonWords(state, st.reason), persistent, autostart },
      this.osLookup,
    );
    this.vms.set(vm.uuid, vm);
    this.events.emit('vm.changed', vm);
  }

  private remove(uuid: string): void {
    if (!this.vms.delete(uuid)) return;
    this.events.emit('vm.removed', { connection: this.connection, uuid });
  }

  /** every guest's state in one call (virConnectGetAllDomainStats); per-guest calls if unsupported */
  private async bulkStates(c: LibvirtConnectionApi): Promise<Map<string, { state: number; reason: number }>> {
    const map = new Map<string, { state: number; reason: number }>();
    try {
      for (const { dom, params } of await c.getAllDomainStats(STATS_STATE, 0)) {
        const state = Number(params['state.state']);
        const reason = Number(params['state.reason']);
        if (Number.isFinite(state))
          map.set(dom.uuid, { state, reason: Number.isFinite(reason) ? reason : 0 });
      }
    } catch {
      // older drivers lack bulk stats: fetchOne's domainGetState covers them
    }
    return map;
  }

  private requireClient(): LibvirtConnectionApi {
    if (!this.client) throw new Error('the guest list has no libvirt connection');
    return this.client;
  }
}
