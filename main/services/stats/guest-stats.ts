// One connection's live stats: a timer only while someone watches, ONE bulk call per tick
// (virDomainListGetStats) for exactly the watched guests that run, each guest's history in a ring,
// and one `vm.stats` event per tick with every watched guest's sample. Paused and shut-off guests
// are never asked: their sample says so (no fake zeros).
import type { VmStatsSample } from '../../../preload/stats';
import type { DomainRef, LibvirtConnectionApi } from '../../libvirt/facade';
import { Ring } from '../../model/stats-ring';
import { deriveSample, readStats, STATS_GROUPS, type StatsReading } from '../../model/stats-sample';
import type { Wanted } from '../../model/stats-watchers';
import type { EventBus } from '../events';
import type { VmStore } from '../vm-store';
import { BalloonPeriods } from './balloon';

export const HISTORY_MS = 10 * 60_000;
/** 10 minutes at 1 s */
export const HISTORY_SIZE = 600;
/** a new guest on screen gets its first numbers this soon, not a whole interval later */
const FIRST_TICK_MS = 100;

export interface StatsSource {
  /** the connection's client now (it changes on reconnect); undefined while disconnected */
  client(): LibvirtConnectionApi | undefined;
  store: Pick<VmStore, 'get'>;
}

export class GuestStats {
  private wanted: Wanted = { uuids: new Set() };
  private timer?: NodeJS.Timeout;
  private dueAt = 0;
  private ticking = false;
  private readonly prev = new Map<string, StatsReading>();
  private readonly history = new Map<string, Ring<VmStatsSample>>();
  private readonly balloons = new BalloonPeriods();
  private hostCpus?: Promise<number>;
  private closed = false;

  constructor(
    private readonly connection: string,
    private readonly source: StatsSource,
    private readonly events: EventBus,
  ) {}

  /** what the watches ask now: the timer follows (none without watchers) */
  setWanted(next: Wanted): void {
    const added = [...next.uuids].some((u) => !this.wanted.uuids.has(u));
    const intervalChanged = next.intervalMs !== this.wanted.intervalMs;
    this.wanted = next;
    if (next.intervalMs === undefined) {
      this.stop();
      return;
    }
    for (const u of this.prev.keys()) if (!next.uuids.has(u)) this.prev.delete(u);
    if (added || intervalChanged) this.schedule(added ? FIRST_TICK_MS : next.intervalMs);
  }

  /** the guest's samples of the last 10 minutes, oldest first */
  historyOf(uuid: string): VmStatsSample[] {
    const since = Date.now() - HISTORY_MS;
    return this.history.get(uuid)?.toArray((s) => s.t >= since) ?? [];
  }

  forget(uuid: string): void {
    this.history.delete(uuid);
    this.prev.delete(uuid);
    this.balloons.forget(uuid);
  }

  get running(): boolean {
    return this.timer !== undefined;
  }

  close(): void {
    this.closed = true;
    this.stop();
  }

  private stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.prev.clear();
  }

  /** the next tick in `ms`, unless one is already due sooner */
  private schedule(ms: number): void {
    if (this.closed || this.ticking) return; // a running tick schedules the next itself
    const at = Date.now() + ms;
    if (this.timer && this.dueAt <= at) return;
    clearTimeout(this.timer);
    this.dueAt = at;
    this.timer = setTimeout(() => void this.tick(), ms);
  }

  private async tick(): Promise<void> {
    this.timer = undefined;
    const interval = this.wanted.intervalMs;
    if (interval === undefined || this.closed) return;
    const started = Date.now();
    this.ticking = true;
    try {
      await this.sample();
    } catch (err) {
      // a dropped connection or a guest that went away mid-call: the next tick tries again
      if (process.env.KVMDESK_DEBUG) console.error('stats tick failed:', err);
    } finally {
      this.ticking = false;
    }
    const again = this.wanted.intervalMs;
    if (again !== undefined) this.schedule(Math.max(0, started + again - Date.now()));
  }

  private async sample(): Promise<void> {
    const client = this.source.client();
    if (!client?.connected) return;
    const t = Date.now();
    const samples: Record<string, VmStatsSample> = {};
    const running: DomainRef[] = [];
    for (const uuid of this.wanted.uuids) {
      const vm = this.source.store.get(uuid);
      if (!vm) continue;
      if (vm.state === 'running' || vm.state === 'blocked') running.push({ name: vm.name, uuid, id: -1 });
      else {
        samples[uuid] = { t, state: vm.state === 'paused' || vm.state === 'pmsuspended' ? 'paused' : 'off' };
        this.prev.delete(uuid);
        this.balloons.forget(uuid);
      }
    }
    if (running.length > 0) {
      const hostCpus = await this.hostCpuCount(client);
      const records = await client.domainListGetStats(running, STATS_GROUPS, 0);
      const atNs = process.hrtime.bigint();
      for (const { dom, params } of records) {
        const reading = readStats(params, atNs);
        const sample = deriveSample(reading, this.prev.get(dom.uuid), {
          t,
          hostCpus,
          hasBalloon: this.balloons.hasBalloon(dom.uuid),
        });
        this.prev.set(dom.uuid, reading);
        samples[dom.uuid] = sample;
        if (sample.state === 'running') this.balloons.ensurePeriod(client, dom, reading);
        else this.balloons.forget(dom.uuid);
      }
    }
    if (Object.keys(samples).length === 0) return;
    for (const [uuid, s] of Object.entries(samples)) this.ring(uuid).push(s);
    this.events.emit('vm.stats', { connection: this.connection, samples });
  }

  private ring(uuid: string): Ring<VmStatsSample> {
    let r = this.history.get(uuid);
    if (!r) {
      r = new Ring(HISTORY_SIZE);
      this.history.set(uuid, r);
    }
    return r;
  }

  /** the host's CPUs, asked once per connection (the host share's divisor) */
  private hostCpuCount(client: LibvirtConnectionApi): Promise<number> {
    this.hostCpus ??= client.nodeGetInfo().then(
      (n) => n.cpus,
      () => {
        this.hostCpus = undefined; // ask again next tick
        return 0;
      },
    );
    return this.hostCpus;
  }
}
