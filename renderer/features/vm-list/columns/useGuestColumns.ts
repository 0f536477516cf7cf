// The list's optional columns as one piece of state for the main window: which are on (remembered),
// the sort, the recent samples of the rows on screen, and the ONE stats watch per page that follows
// the virtualised list's visible range (released when the stats columns are off or the page hidden).
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { VmStatsBatch, VmStatsSample, VmSummary } from '../../../../preload/contract';
import { useBridge } from '../../../app/context';
import { usePageVisible } from '../../vm-details/performance/useGuestStats';
import { columnsOf, type ListColumn, loadColumns, saveColumns, toggleColumn } from './list-columns';
import { ListWatch, planKey, watchPlan } from './list-watch';
import { SPARK_SAMPLES } from './StatCells';
import { type ListSort, NAME_SORT, nextSort, sortGuests } from './sort';

export const sampleKey = (vm: Pick<VmSummary, 'connection' | 'uuid'>) => `${vm.connection}\n${vm.uuid}`;
export type SamplesByGuest = Record<string, VmStatsSample[]>;

/** a Performance tab makes the connection tick at 1 s: the list keeps its own 3 s rhythm */
const MIN_SPACING_MS = 2500;
/** a longer gap (the guest stopped, the page was hidden) starts the line afresh */
const MAX_GAP_MS = 10_000;

/** one tick's samples added to the rows' recent ones (pure: the hook's reducer) */
export function addBatch(
  prev: SamplesByGuest,
  batch: VmStatsBatch,
  watched: ReadonlySet<string>,
): SamplesByGuest {
  let next: SamplesByGuest | undefined;
  for (const [uuid, s] of Object.entries(batch.samples)) {
    const key = `${batch.connection}\n${uuid}`;
    if (!watched.has(key)) continue;
    const old = prev[key] ?? [];
    const last = old.at(-1);
    if (last && s.t - last.t < MIN_SPACING_MS) continue;
    next ??= { ...prev };
    next[key] = last && s.t - last.t > MAX_GAP_MS ? [s] : [...old.slice(-(SPARK_SAMPLES - 1)), s];
  }
  return next ?? prev;
}

export interface GuestColumns {
  /** the guests in the list's order */
  sorted: VmSummary[];
  columns: ListColumn[];
  on: string[];
  toggle: (id: string) => void;
  sort: ListSort;
  sortBy: (id: string) => void;
  samples: SamplesByGuest;
  /** the guests on the virtualised list's screen, by sampleKey (the list may hold host headers too) */
  onVisible: (keys: string[]) => void;
}

export function useGuestColumns(guests: VmSummary[]): GuestColumns {
  const bridge = useBridge();
  const pageVisible = usePageVisible();
  const [on, setOn] = useState(loadColumns);
  const [sortState, setSort] = useState<ListSort>(NAME_SORT);
  const [visible, setVisible] = useState<ReadonlySet<string>>(new Set());
  const [samples, setSamples] = useState<SamplesByGuest>({});
  const columns = useMemo(() => columnsOf(on), [on]);
  const sortColumn = columns.find((c) => c.id === sortState.by);
  // a sort by a column that was turned off falls back to the name
  const sort = sortState.by === 'name' || sortColumn ? sortState : NAME_SORT;

  const sorted = useMemo(() => {
    const key = sortColumn?.sortKey;
    return sortGuests(guests, sort, key && ((vm) => key(vm, samples[sampleKey(vm)])));
  }, [guests, sort, sortColumn, samples]);

  const plan = watchPlan(
    sorted.filter((vm) => visible.has(sampleKey(vm))),
    {
      columnsOn: columns.some((c) => c.stats),
      pageVisible,
    },
  );
  const key = planKey(plan);
  const planRef = useRef(plan);
  planRef.current = plan;
  const watchedRef = useRef(new Set<string>());

  const watch = useMemo(() => new ListWatch(bridge), [bridge]);
  useEffect(() => () => void watch.close(), [watch]);
  useEffect(() => {
    const p = planRef.current;
    watchedRef.current = new Set([...p].flatMap(([c, uuids]) => uuids.map((u) => `${c}\n${u}`)));
    // a scroll settles before the watch follows it; turning off (hidden, columns off) is at once
    const t = setTimeout(() => void watch.set(p), key ? 150 : 0);
    return () => clearTimeout(t);
  }, [key, watch]);

  useEffect(
    () => bridge.on('vm.stats', (batch) => setSamples((prev) => addBatch(prev, batch, watchedRef.current))),
    [bridge],
  );

  const toggle = useCallback((id: string) => {
    setOn((prev) => {
      const next = toggleColumn(prev, id);
      saveColumns(next);
      return next;
    });
  }, []);
  const sortBy = useCallback((id: string) => setSort((prev) => nextSort(prev, id)), []);
  const onVisible = useCallback((keys: string[]) => setVisible(new Set(keys)), []);
  return { sorted, columns, on, toggle, sort, sortBy, samples, onVisible };
}
