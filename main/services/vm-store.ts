// Every guest of one connection, kept current from libvirt's events (no polling). On connect (and on
// reconnect) it lists all domains once and fetches their XML concurrently; afterwards each event
// refetches only the guest it is about. Emits 'vm.changed', 'vm.removed' and 'vm.lifecycle'.
// It also remembers the Shut down and Reboot requests a guest has not acted on yet (pendingRequest in
// its summary): libvirt accepts them at once, but a guest without ACPI support ignores them silently.
import type { ConnectionId, PendingRequest, VmSummary } from '../../preload/contract';
import { LibvirtError } from '../libvirt/errors';
import type { DomainLifecycleEvent, DomainRef, LibvirtConnectionApi } from '../libvirt/facade';
import { ListDomainsFlags } from '../libvirt/facade';
import { summaryFromXml } from '../model/domain-xml';
import type { OsLookup } from '../model/os-types';
import { isNotFound } from './errors';
import type { EventBus } from './events';
import { reasonWords, stateName } from './vm-reasons';

const STATS_STATE = 1; // VIR_DOMAIN_STATS_STATE

/** what the listing says of a guest beside its XML and state */
interface ListedFlags {
  persistent: boolean;
  autostart: boolean;
  /** a managed save image exists: Start resumes from it */
  savedState: boolean;
}

interface Refetch {
  running: Promise<void>;
  again: boolean;
}

interface Pending {
  request: PendingRequest;
  /** marks the request overdue after the settings' timeout */
  timer: NodeJS.Timeout;
}

/** lifecycle events that show the guest reacted to (or no longer needs) a Shut down or Reboot request */
const ENDS_REQUEST = new Set(['stopped', 'shutdown', 'crashed', 'started', 'pmsuspended', 'undefined']);

export class VmStore {
  private readonly vms = new Map<string, VmSummary>();
  private readonly refetches = new Map<string, Refetch>();
  private readonly pending = new Map<string, Pending>();
  /** uuids an event touched while a full reload was under way: the event's answer is newer */
  private touched = new Set<string>();
  private client?: LibvirtConnectionApi;
  private osLookup?: OsLookup;
  private readonly lookupReady: Promise<void>;

  constructor(
    /** the connection's id; set once, when the connection settles on its URI */
    public connection: ConnectionId,
    private readonly events: EventBus,
    /** osinfo-db's names; a promise while the database still loads (it loads while libvirt opens) */
    osLookup?: OsLookup | Promise<OsLookup | undefined>,
  ) {
    this.lookupReady = Promise.resolve(osLookup).then((l) => {
      this.osLookup = l;
    });
  }

  list(): VmSummary[] {
    return [...this.vms.values()].map((vm) => this.view(vm));
  }

  get(uuid: string): VmSummary | undefined {
    const vm = this.vms.get(uuid);
    return vm && this.view(vm);
  }

  /**
   * Shut down or Reboot is being asked of the guest: its summary says so (pushed now) until the
   * lifecycle event that follows, and after `timeoutMs` the request is marked overdue (pushed again).
   * Returns the undo, for a request libvirt refused.
   */
  requested(uuid: string, action: PendingRequest['action'], timeoutMs: number): () => void {
    this.clearPending(uuid, false);
    const request: PendingRequest = { action, since: Date.now(), overdue: false };
    const timer = setTimeout(() => {
      if (this.pending.get(uuid)?.request !== request) return;
      request.overdue = true;
      this.emitChanged(uuid);
    }, timeoutMs);
    timer.unref?.();
    const entry = { request, timer };
    this.pending.set(uuid, entry);
    this.emitChanged(uuid);
    return () => {
      if (this.pending.get(uuid) === entry) this.clearPending(uuid);
    };
  }

  private clearPending(uuid: string, emit = true): void {
    const p = this.pending.get(uuid);
    if (!p) return;
    clearTimeout(p.timer);
    this.pending.delete(uuid);
    if (emit) this.emitChanged(uuid);
  }

  /** the summary as the UI sees it: with the pending request, if any */
  private view(vm: VmSummary): VmSummary {
    const p = this.pending.get(vm.uuid);
    return p ? { ...vm, pendingRequest: { ...p.request } } : vm;
  }

  private emitChanged(uuid: string): void {
    const vm = this.vms.get(uuid);
    if (vm) this.events.emit('vm.changed', this.view(vm));
  }

  attach(client: LibvirtConnectionApi): void {
    this.detach();
    this.client = client;
    client.on('domainLifecycle', this.onLifecycle);
    client.on('domainReboot', this.onReboot);
    client.on('domainDeviceAdded', this.onOther);
    client.on('domainDeviceRemoved', this.onOther);
    client.on('domainMetadataChange', this.onOther);
    client.on('domainTrayChange', this.onOther);
  }

  detach(): void {
    const c = this.client;
    if (!c) return;
    c.off('domainLifecycle', this.onLifecycle);
    c.off('domainReboot', this.onReboot);
    c.off('domainDeviceAdded', this.onOther);
    c.off('domainDeviceRemoved', this.onOther);
    c.off('domainMetadataChange', this.onOther);
    c.off('domainTrayChange', this.onOther);
    this.client = undefined;
  }

  /**
   * Lists every domain and its XML (concurrently); guests that vanished meanwhile are removed.
   * Silent per guest: a full load is what the 'connection' event that follows announces (the caller
   * sets 'connecting' before and 'connected' after), and each window then takes one snapshot. One
   * 'vm.changed' per guest instead made a page that connected mid-load re-render its list 1,000 times
   * before its snapshot came (3-4 s of a cold start with 1,000 guests).
   */
  async reload(): Promise<void> {
    const c = this.requireClient();
    this.touched = new Set();
    const [all, transient, autostart, saved, states] = await Promise.all([
      c.listAllDomains(0),
      c.listAllDomains(ListDomainsFlags.TRANSIENT),
      c.listAllDomains(ListDomainsFlags.AUTOSTART).catch(() => [] as DomainRef[]),
      c.listAllDomains(ListDomainsFlags.MANAGEDSAVE).catch(() => [] as DomainRef[]),
      this.bulkStates(c),
      this.lookupReady,
    ]);
    const transientSet = new Set(transient.map((d) => d.uuid));
    const autostartSet = new Set(autostart.map((d) => d.uuid));
    const savedSet = new Set(saved.map((d) => d.uuid));
    const listed = new Set(all.map((d) => d.uuid));
    await Promise.all(
      all.map(async (dom) => {
        try {
          const [xml, st] = await Promise.all([
            c.domainGetXML(dom, 0),
            states.get(dom.uuid) ?? c.domainGetState(dom),
          ]);
          if (this.touched.has(dom.uuid)) return;
          const flags = {
            persistent: !transientSet.has(dom.uuid),
            autostart: autostartSet.has(dom.uuid),
            savedState: savedSet.has(dom.uuid),
          };
          this.put(xml, st, flags, false);
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
    if (ENDS_REQUEST.has(e.eventName)) this.clearPending(e.dom.uuid, false); // the refresh pushes it
    // 'undefined' of a stopped guest and 'stopped' of a transient one end in NO_DOMAIN: refresh removes it
    void this.refresh(e.dom);
  };

  private readonly onOther = (e: { dom: DomainRef }): void => {
    void this.refresh(e.dom);
  };

  private readonly onReboot = (e: { dom: DomainRef }): void => {
    this.clearPending(e.dom.uuid, false); // the guest rebooted: the refresh pushes the summary
    void this.refresh(e.dom);
  };

  private async fetchOne(dom: DomainRef): Promise<void> {
    const c = this.requireClient();
    // put() names the OS from osinfo-db, which may still be loading at the first events
    await this.lookupReady;
    const [xml, st, persistent, autostart, savedState] = await Promise.all([
      c.domainGetXML(dom, 0),
      c.domainGetState(dom),
      c.domainIsPersistent(dom),
      c.domainGetAutostart(dom).catch(() => false),
      c.domainHasManagedSaveImage(dom).catch(() => false),
    ]);
    this.put(xml, st, { persistent, autostart, savedState });
  }

  private put(xml: string, st: { state: number; reason: number }, flags: ListedFlags, emit = true): void {
    const state = stateName(st.state);
    const { persistent, autostart } = flags;
    const vm = summaryFromXml(
      xml,
      { connection: this.connection, state, reason: reasonWords(state, st.reason), persistent, autostart },
      this.osLookup,
    );
    // only an inactive guest has a saved state to resume; libvirt removes the image just after the
    // 'started (restored)' event, so a refresh on that event can still see it
    if (flags.savedState && (state === 'shutoff' || state === 'nostate')) vm.savedState = true;
    this.vms.set(vm.uuid, vm);
    // a guest that is off or shutting down has acted on the request, whatever events were missed
    if (!['running', 'blocked', 'paused'].includes(state)) this.clearPending(vm.uuid, false);
    if (emit) this.events.emit('vm.changed', this.view(vm));
  }

  private remove(uuid: string): void {
    this.clearPending(uuid, false);
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
