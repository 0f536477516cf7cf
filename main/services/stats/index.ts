// Live stats for the whole process: the watches of every window (StatsWatchers) and one GuestStats per
// connection, made on its first watch. A window or WebSocket that closes releases its watches through
// `release(owner)`; the renderer unwatches when its page is hidden.
import type { StatsWatchArgs, VmStatsSample } from '../../../preload/stats';
import { StatsWatchers } from '../../model/stats-watchers';
import type { Connections } from '../connections';
import type { EventBus } from '../events';
import { GuestStats } from './guest-stats';
import { HostStatsHub } from './host-stats';

export class StatsHub {
  private readonly watchers = new StatsWatchers();
  private readonly perConnection = new Map<string, GuestStats>();
  private readonly stopForgetting: () => void;
  /** the host page's CPU and memory (its guests' share through this hub's own watches) */
  readonly host: HostStatsHub;

  constructor(
    private readonly connections: Connections,
    private readonly events: EventBus,
  ) {
    this.host = new HostStatsHub(connections, events, this);
    this.stopForgetting = events.on('vm.removed', (ref) =>
      this.perConnection.get(ref.connection)?.forget(ref.uuid),
    );
  }

  watch(owner: string, args: StatsWatchArgs): { id: string } {
    this.connections.get(args.connection); // NOT_FOUND for a connection KVM Desk does not have
    const w = this.watchers.add(owner, args.connection, args.uuids, args.interval);
    this.update(args.connection);
    return { id: w.id };
  }

  /** a watch that is not there (already released) is no error: the page may unwatch twice */
  unwatch(owner: string | undefined, id: string): void {
    const w = this.watchers.remove(id, owner);
    if (w) this.update(w.connection);
  }

  release(owner: string): void {
    this.host.release(owner);
    for (const c of this.watchers.release(owner)) this.update(c);
  }

  history(connection: string, uuid: string): VmStatsSample[] {
    this.connections.get(connection);
    return this.perConnection.get(connection)?.historyOf(uuid) ?? [];
  }

  /** whether a connection's timer runs (tests: none without watchers) */
  ticking(connection: string): boolean {
    return this.perConnection.get(connection)?.running ?? false;
  }

  close(): void {
    this.stopForgetting();
    this.host.close();
    for (const s of this.perConnection.values()) s.close();
    this.perConnection.clear();
  }

  private update(connection: string): void {
    let s = this.perConnection.get(connection);
    if (!s) {
      const c = this.connections.get(connection);
      s = new GuestStats(connection, { client: () => c.client, store: c.store }, this.events);
      this.perConnection.set(connection, s);
    }
    s.setWanted(this.watchers.wanted(connection));
  }
}
