// The guest list's optional columns: ONE entry per column (id, header label, width, cell, sort key),
// so a new column is one more entry here. Which are on is remembered in the page's localStorage: it
// is a view preference of this window (like the console's scale mode), not a host setting, so it
// needs no api call and no contract change.
import type { ComponentType } from 'react';
import type { VmStatsSample, VmSummary } from '../../../../preload/contract';
import { IpAddressCell } from '../../guest-addresses/IpAddressCell';
import { type CellProps, CpuCell, MemoryCell } from './StatCells';
import { memoryOf } from './stats-state';

export interface ListColumn {
  id: string;
  /** the header's label and the column menu's */
  label: string;
  width: number;
  cell: ComponentType<CellProps>;
  /** the number the column sorts by; undefined: none (such guests go last) */
  sortKey?: (vm: VmSummary, samples: readonly VmStatsSample[] | undefined) => number | undefined;
  /** the column shows live stats: the list watches its rows only while such a column is on */
  stats?: boolean;
  /** off until the user turns it on (the column menu): each column on narrows the details beside the list */
  offByDefault?: boolean;
}

export const LIST_COLUMNS: ListColumn[] = [
  {
    id: 'cpu',
    label: 'CPU',
    width: 72,
    cell: CpuCell,
    sortKey: (vm, s) =>
      vm.state === 'running' || vm.state === 'blocked' ? s?.at(-1)?.cpuPercent : undefined,
    stats: true,
  },
  {
    id: 'memory',
    label: 'Memory',
    width: 96,
    cell: MemoryCell,
    sortKey: (vm, s) =>
      vm.state === 'running' || vm.state === 'blocked' ? memoryOf(s?.at(-1))?.kib : undefined,
    stats: true,
  },
  {
    // a running guest's first address, asked while its row is shown (guest-addresses' poller)
    id: 'ip',
    label: 'IP address',
    width: 112,
    cell: IpAddressCell,
    offByDefault: true,
  },
];

export const COLUMNS_KEY = 'kvmdesk.guestList.columns';
const DEFAULT_ON = LIST_COLUMNS.filter((c) => !c.offByDefault).map((c) => c.id);

/** the ids that are on, in table order; a stored list from an older version keeps only known ids */
export function loadColumns(
  storage: Pick<Storage, 'getItem'> | undefined = globalThis.localStorage,
): string[] {
  try {
    const raw = storage?.getItem(COLUMNS_KEY);
    if (!raw) return DEFAULT_ON;
    const ids = JSON.parse(raw) as unknown;
    if (!Array.isArray(ids)) return DEFAULT_ON;
    return LIST_COLUMNS.map((c) => c.id).filter((id) => ids.includes(id));
  } catch {
    return DEFAULT_ON;
  }
}

export function saveColumns(
  ids: string[],
  storage: Pick<Storage, 'setItem'> | undefined = globalThis.localStorage,
) {
  try {
    storage?.setItem(COLUMNS_KEY, JSON.stringify(ids));
  } catch {
    // storage full or denied: the choice lasts until the page reloads
  }
}

export function toggleColumn(on: string[], id: string): string[] {
  const next = on.includes(id) ? on.filter((x) => x !== id) : [...on, id];
  return LIST_COLUMNS.map((c) => c.id).filter((x) => next.includes(x));
}

export const columnsOf = (on: string[]) => LIST_COLUMNS.filter((c) => on.includes(c.id));
