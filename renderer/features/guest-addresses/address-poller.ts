// One window's knowledge of guests' addresses, shared by every view that shows them (the Overview's
// section, the list's cell): one ask per guest however many views show it. libvirt 9.0 has no DHCP
// lease event, so while a running guest is shown and its address is not known yet this re-asks on a
// slow timer (5 s, backing off to 30 s); it stops once an address is known, when no view shows the
// guest, while the page is hidden, and when the guest is off. A guest that (re)starts is asked at once.
import type { ApiError, GuestAddresses, KvmBridge, VmRef } from '../../../preload/contract';

/** the waits between asks while nothing is known; the last repeats */
export const ASK_AGAIN_MS = [5000, 5000, 10_000, 20_000, 30_000];

export interface AddressView {
  addresses?: GuestAddresses;
  error?: ApiError;
  /** an ask is under way */
  asking: boolean;
  /** another ask is scheduled (nothing known yet) */
  waiting: boolean;
}

interface Entry {
  ref: VmRef;
  running: boolean;
  view: AddressView;
  users: Set<() => void>;
  timer?: ReturnType<typeof setTimeout>;
  attempt: number;
}

const EMPTY: AddressView = { asking: false, waiting: false };
const key = (r: VmRef) => `${r.connection}\n${r.uuid}`;

export class AddressPoller {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly bridge: KvmBridge,
    private readonly delays = ASK_AGAIN_MS,
  ) {
    if (typeof document !== 'undefined') {
      document.addEventListener('visibilitychange', () => {
        for (const e of this.entries.values()) {
          if (document.hidden) this.stopTimer(e);
          else if (this.wants(e)) void this.ask(e, 'addresses.get');
        }
      });
    }
  }

  view(ref: VmRef): AddressView {
    return this.entries.get(key(ref))?.view ?? EMPTY;
  }

  /** a view shows the guest; `running` is its state now (a change re-asks or forgets) */
  show(ref: VmRef, running: boolean, onChange: () => void): () => void {
    const e = this.entry(ref);
    e.users.add(onChange);
    this.setRunning(e, running);
    if (this.wants(e) && !e.view.asking && e.timer === undefined) void this.ask(e, 'addresses.get');
    return () => {
      e.users.delete(onChange);
      if (e.users.size === 0) this.stopTimer(e);
    };
  }

  setRunning(ref: VmRef | Entry, running: boolean): void {
    const e = 'users' in ref ? ref : this.entry(ref);
    if (e.running === running) return;
    e.running = running;
    e.attempt = 0;
    this.stopTimer(e);
    this.update(e, EMPTY); // an off guest has no addresses; a started one is asked afresh
    if (this.wants(e) && !e.view.asking) void this.ask(e, 'addresses.get');
  }

  /** the Refresh button: libvirt is asked again now */
  refresh(ref: VmRef): Promise<void> {
    const e = this.entry(ref);
    e.attempt = 0;
    return this.ask(e, 'addresses.refresh');
  }

  private entry(ref: VmRef): Entry {
    let e = this.entries.get(key(ref));
    if (!e) {
      e = {
        ref: { connection: ref.connection, uuid: ref.uuid },
        running: false,
        view: EMPTY,
        users: new Set(),
        attempt: 0,
      };
      this.entries.set(key(ref), e);
    }
    return e;
  }

  private wants(e: Entry): boolean {
    // a guest without a network adapter has nothing to wait for (Refresh asks again after one is added)
    const noNic = e.view.addresses?.nics.length === 0;
    return e.running && e.users.size > 0 && !e.view.addresses?.known && !noNic;
  }

  private async ask(e: Entry, method: 'addresses.get' | 'addresses.refresh'): Promise<void> {
    this.stopTimer(e);
    this.update(e, { ...e.view, asking: true, waiting: false });
    const res = await this.bridge.call(method, e.ref);
    if (!e.running) return; // stopped meanwhile: its answer is stale
    const view: AddressView = res.ok
      ? { addresses: res.value, asking: false, waiting: false }
      : { ...e.view, error: res.error, asking: false, waiting: false };
    this.update(e, view);
    if (this.wants(e) && !(typeof document !== 'undefined' && document.hidden)) {
      const wait = this.delays[Math.min(e.attempt++, this.delays.length - 1)];
      e.timer = setTimeout(() => void this.ask(e, 'addresses.get'), wait);
      this.update(e, { ...view, waiting: true });
    }
  }

  private stopTimer(e: Entry): void {
    if (e.timer === undefined) return;
    clearTimeout(e.timer);
    e.timer = undefined;
    if (e.view.waiting) this.update(e, { ...e.view, waiting: false });
  }

  private update(e: Entry, view: AddressView): void {
    e.view = view;
    for (const u of e.users) u();
  }
}

const pollers = new WeakMap<KvmBridge, AddressPoller>();

/** the window's one poller (per bridge: each test's fake bridge gets its own) */
export function pollerFor(bridge: KvmBridge): AddressPoller {
  let p = pollers.get(bridge);
  if (!p) {
    p = new AddressPoller(bridge);
    pollers.set(bridge, p);
  }
  return p;
}
