// The list's ONE stats watch per page (per connection, as a watch names one connection): the running
// guests whose rows are on screen, at the list's 3 s. Scrolling changes the watch: a new one for the
// new rows first, then the old one goes (no tick is lost in between), and while one change travels the
// latest wanted set waits, so a fast scroll costs a couple of calls, not one per frame.
import type { KvmBridge, VmSummary } from '../../../../preload/contract';
import { statsCellState } from './stats-state';

/** connection -> the uuids to watch, sorted (so two plans compare by their key) */
export type WatchPlan = Map<string, string[]>;

/**
 * What to watch: the running guests among `rows` (the virtualised list's visible range), nothing when
 * the stats columns are off or the page is hidden.
 */
export function watchPlan(rows: VmSummary[], opts: { columnsOn: boolean; pageVisible: boolean }): WatchPlan {
  const plan: WatchPlan = new Map();
  if (!opts.columnsOn || !opts.pageVisible) return plan;
  for (const vm of rows) {
    if (statsCellState(vm.state) !== 'running') continue;
    const list = plan.get(vm.connection) ?? [];
    list.push(vm.uuid);
    plan.set(vm.connection, list);
  }
  for (const list of plan.values()) list.sort();
  return plan;
}

export const planKey = (plan: WatchPlan) =>
  [...plan.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([c, u]) => `${c}=${u.join(',')}`)
    .join(';');

export class ListWatch {
  /** connection -> its watch now, and what it watches */
  private readonly current = new Map<string, { id: string; key: string }>();
  private wanted: WatchPlan = new Map();
  private busy: Promise<void> | undefined;
  private closed = false;

  constructor(private readonly bridge: Pick<KvmBridge, 'call'>) {}

  set(plan: WatchPlan): Promise<void> {
    this.wanted = plan;
    this.busy ??= this.apply().finally(() => {
      this.busy = undefined;
    });
    return this.busy;
  }

  /** the page goes: every watch goes */
  close(): Promise<void> {
    this.closed = true;
    return this.set(new Map());
  }

  /** watches now, for tests */
  get ids(): string[] {
    return [...this.current.values()].map((w) => w.id);
  }

  private async apply(): Promise<void> {
    // loop until what is watched is what is wanted (the wanted set may change while a call travels)
    for (;;) {
      const wanted = this.wanted;
      const changes: Promise<void>[] = [];
      for (const connection of this.current.keys())
        if (!wanted.has(connection)) changes.push(this.replace(connection, undefined));
      for (const [connection, uuids] of wanted)
        if (this.current.get(connection)?.key !== uuids.join(','))
          changes.push(this.replace(connection, uuids));
      if (!changes.length) return;
      await Promise.all(changes);
      if (wanted === this.wanted) return;
    }
  }

  private async replace(connection: string, uuids: string[] | undefined): Promise<void> {
    const old = this.current.get(connection);
    if (uuids?.length && !this.closed) {
      const r = await this.bridge.call('stats.watch', { connection, uuids, interval: 'list' });
      if (r.ok && r.value?.id) this.current.set(connection, { id: r.value.id, key: uuids.join(',') });
      else this.current.delete(connection);
    } else this.current.delete(connection);
    if (old) await this.bridge.call('stats.unwatch', { id: old.id });
  }
}
