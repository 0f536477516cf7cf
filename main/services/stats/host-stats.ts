// The host page's live numbers: the host's CPU % and memory each second, only while a host page is
// watched (the same discipline as guest stats: a watch per window, released on hide or close; no timer
// without watchers), a 10-minute ring per connection so a reopened page shows its past at once, and the
// running guests' total host CPU share. That share comes from the guest stats service (one bulk call for
// the running guests, through an ordinary watch of this service's own), so it is the same figure each
// guest's Performance tab shows. Here rather than a services/host-stats.ts: it shares the hub's release
// path (a window that closes releases its host watch with its guest watches) and the guest watches.
import type { HostStatsSample } from '../../../preload/host';
import type { StatsWatchArgs, VmStatsBatch } from '../../../preload/stats';
import type { LibvirtConnectionApi } from '../../libvirt/facade';
import {
  guestsShare,
  type HostCpuReading,
  hostCpuRate,
  hostMemory,
  readHostCpu,
} from '../../model/host-stats-rate';
import { Ring } from '../../model/stats-ring';
import { StatsWatchers } from '../../model/stats-watchers';
import type { Connections } from '../connections';
import type { EventBus } from '../events';
import type { VmStore } from '../vm-store';
import { HISTORY_MS, HISTORY_SIZE } from './guest-stats';

const TICK_MS = 1000;
/** the first numbers soon after the page opens, not a whole second later */
const FIRST_TICK_MS = 100;

/** what host stats need of the guest stats hub: a watch over the running guests */
export interface GuestWatches {
  watch(owner: string, args: StatsWatchArgs): { id: string };
  unwatch(owner: string | undefined, id: string): void;
}

interface HostSource {
  client(): LibvirtConnectionApi | undefined;
  store: Pick<VmStore, 'list'>;
}

export class HostStatsHub {
  private readonly watchers = new StatsWatchers();
  private readonly perConnection = new Map<string, HostStats>();

  constructor(
    private readonly connections: Connections,
    private readonly events: EventBus,
    private readonly guests: GuestWatches,
  ) {}

  watch(owner: string, connection: string): { id: string } {
    this.connections.get(connection); // NOT_FOUND for a connection KVM Desk does not have
    const w = this.watchers.add(owner, connection, [], 'graph');
    this.update(connection);
    return { id: w.id };
  }

  /** a watch that is not there (already released) is no error */
  unwatch(owner: string | undefined, id: string): void {
    const w = this.watchers.remove(id, owner);
    if (w) this.update(w.connection);
  }

  release(owner: string): void {
    for (const c of this.watchers.release(owner)) this.update(c);
  }

  history(connection: string): HostStatsSample[] {
    this.connections.get(connection);
    return this.perConnection.get(connection)?.history() ?? [];
  }

  /** whether a connection's host timer runs (tests: none without watchers) */
  ticking(connection: string): boolean {
    return this.perConnection.get(connection)?.running ?? false;
  }

  close(): void {
    for (const s of this.perConnection.values()) s.stop();
    this.perConnection.clear();
  }

  private update(connection: string): void {
    let s = this.perConnection.get(connection);
    if (!s) {
      const c = this.connections.get(connection);
      s = new HostStats(connection, { client: () => c.client, store: c.store }, this.events, this.guests);
      this.perConnection.set(connection, s);
    }
    if (this.watchers.wanted(connection).intervalMs === undefined) s.stop();
    else s.start();
  }
}

class HostStats {
  private timer?: NodeJS.Timeout;
  private readonly ring = new Ring<HostStatsSample>(HISTORY_SIZE);
  private prevCpu?: HostCpuReading;
  /** the field counts libvirt answered (Linux: 4 and 4), so each tick is one call per family */
  private cpuCount?: number;
  private memCount?: number;
  private guestsRunning = new Set<string>();
  private readonly shares = new Map<string, number | undefined>();
  private guestWatch?: string;
  private offs: (() => void)[] = [];
  private readonly owner: string;

  constructor(
    private readonly connection: string,
    private readonly source: HostSource,
    private readonly events: EventBus,
    private readonly guests: GuestWatches,
  ) {
    this.owner = `host-stats:${connection}`;
  }

  get running(): boolean {
    return this.timer !== undefined;
  }

  history(): HostStatsSample[] {
    const since = Date.now() - HISTORY_MS;
    return this.ring.toArray((s) => s.t >= since);
  }

  start(): void {
    if (this.offs.length) return; // already watched
    this.offs = [
      this.events.on('vm.changed', (vm) => vm.connection === this.connection && this.followGuests()),
      this.events.on('vm.removed', (ref) => ref.connection === this.connection && this.followGuests()),
      this.events.on('vm.stats', (batch) => this.takeShares(batch)),
    ];
    this.followGuests();
    this.schedule(FIRST_TICK_MS);
  }

  stop(): void {
    for (const off of this.offs) off();
    this.offs = [];
    clearTimeout(this.timer);
    this.timer = undefined;
    this.prevCpu = undefined;
    if (this.guestWatch) this.guests.unwatch(this.owner, this.guestWatch);
    this.guestWatch = undefined;
    this.guestsRunning = new Set();
    this.shares.clear();
  }

  /** the running guests' watch follows the set of running guests */
  private followGuests(): void {
    const now = new Set(
      this.source.store
        .list()
        .filter((g) => g.state === 'running' || g.state === 'blocked')
        .map((g) => g.uuid),
    );
    if (now.size === this.guestsRunning.size && [...now].every((u) => this.guestsRunning.has(u))) return;
    this.guestsRunning = now;
    for (const u of this.shares.keys()) if (!now.has(u)) this.shares.delete(u);
    if (this.guestWatch) this.guests.unwatch(this.owner, this.guestWatch);
    this.guestWatch = undefined;
    if (now.size === 0) return;
    this.guestWatch = this.guests.watch(this.owner, {
      connection: this.connection,
      uuids: [...now],
      interval: 'graph',
    }).id;
  }

  private takeShares(batch: VmStatsBatch): void {
    if (batch.connection !== this.connection) return;
    for (const [uuid, s] of Object.entries(batch.samples))
      if (this.guestsRunning.has(uuid)) this.shares.set(uuid, s.hostCpuPercent);
  }

  private schedule(ms: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), ms);
  }

  private async tick(): Promise<void> {
    const started = Date.now();
    try {
      await this.sample();
    } catch (err) {
      // a dropped connection: the next tick tries again
      if (process.env.KVMDESK_DEBUG) console.error('host stats tick failed:', err);
    }
    if (this.offs.length) this.schedule(Math.max(0, started + TICK_MS - Date.now()));
  }

  private async sample(): Promise<void> {
    const client = this.source.client();
    if (!client?.connected) return;
    const t = Date.now();
    const [cpu, mem] = await Promise.all([this.cpuFields(client), this.memoryFields(client)]);
    if (!this.offs.length) return; // unwatched while the calls travelled
    const reading = cpu && readHostCpu(cpu);
    const rate = reading && hostCpuRate(this.prevCpu, reading);
    this.prevCpu = reading;
    const sample: HostStatsSample = {
      t,
      ...rate,
      ...(mem ? hostMemory(mem) : {}),
      // no running guest is a real zero; running ones without a share yet (first tick) are unknown
      guestsCpuPercent: this.guestsRunning.size === 0 ? 0 : guestsShare(this.shares.values()),
      runningGuests: this.guestsRunning.size,
    };
    this.ring.push(sample);
    this.events.emit('host.stats', { connection: this.connection, sample });
  }

  private async cpuFields(c: LibvirtConnectionApi): Promise<Record<string, bigint> | undefined> {
    try {
      const f = await c.nodeGetCpuStats(undefined, -1, this.cpuCount);
      this.cpuCount = Object.keys(f).length;
      return f;
    } catch {
      this.cpuCount = undefined; // another count after a reconnect, or no CPU stats (test driver)
      return undefined;
    }
  }

  private async memoryFields(c: LibvirtConnectionApi): Promise<Record<string, bigint> | undefined> {
    try {
      const f = await c.nodeGetMemoryStats(undefined, -1, this.memCount);
      this.memCount = Object.keys(f).length;
      return f;
    } catch {
      this.memCount = undefined;
      return undefined;
    }
  }
}
