// Who looks at which guests' stats, and so what a connection's stats tick must ask and how often.
// A watch belongs to an owner (a window, a WebSocket): when it closes, all its watches go at once.
// Pure bookkeeping: the service (services/stats) keeps the timer.
import type { StatsInterval } from '../../preload/stats';

export const INTERVAL_MS: Record<StatsInterval, number> = { graph: 1000, list: 3000 };

export interface Watch {
  id: string;
  owner: string;
  connection: string;
  uuids: ReadonlySet<string>;
  interval: StatsInterval;
}

export interface Wanted {
  uuids: Set<string>;
  /** the fastest interval of the connection's watches; undefined: nobody watches, no timer */
  intervalMs?: number;
}

export class StatsWatchers {
  private readonly watches = new Map<string, Watch>();
  private seq = 0;

  add(owner: string, connection: string, uuids: Iterable<string>, interval: StatsInterval): Watch {
    const w: Watch = { id: `w${++this.seq}`, owner, connection, uuids: new Set(uuids), interval };
    this.watches.set(w.id, w);
    return w;
  }

  /** the watch removed (undefined: none by that id, or not this owner's) */
  remove(id: string, owner?: string): Watch | undefined {
    const w = this.watches.get(id);
    if (!w || (owner !== undefined && w.owner !== owner)) return undefined;
    this.watches.delete(id);
    return w;
  }

  /** everything `owner` watched; the connections they were on */
  release(owner: string): Set<string> {
    const touched = new Set<string>();
    for (const w of this.watches.values()) {
      if (w.owner !== owner) continue;
      this.watches.delete(w.id);
      touched.add(w.connection);
    }
    return touched;
  }

  wanted(connection: string): Wanted {
    const uuids = new Set<string>();
    let intervalMs: number | undefined;
    for (const w of this.watches.values()) {
      if (w.connection !== connection) continue;
      for (const u of w.uuids) uuids.add(u);
      const ms = INTERVAL_MS[w.interval];
      intervalMs = intervalMs === undefined ? ms : Math.min(intervalMs, ms);
    }
    return { uuids, intervalMs };
  }

  get size(): number {
    return this.watches.size;
  }
}
