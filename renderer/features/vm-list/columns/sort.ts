// The list's order: by name (the default), or by a stats column's number, descending or ascending.
// Guests without a number (paused, off, not sampled yet) come after those with one either way, and
// ties go by name, so the order is stable between ticks.
import type { VmSummary } from '../../../../preload/contract';

export type SortDirection = 'asc' | 'desc';
export interface ListSort {
  /** a column id, or 'name' */
  by: string;
  dir: SortDirection;
}
export const NAME_SORT: ListSort = { by: 'name', dir: 'asc' };

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
export const byName = (a: VmSummary, b: VmSummary) =>
  collator.compare(a.name, b.name) || a.uuid.localeCompare(b.uuid);

export function compareBy(
  key: (vm: VmSummary) => number | undefined,
  dir: SortDirection,
): (a: VmSummary, b: VmSummary) => number {
  return (a, b) => {
    const x = key(a);
    const y = key(b);
    if (x === undefined || y === undefined) {
      if (x !== y) return x === undefined ? 1 : -1;
      return byName(a, b);
    }
    return (dir === 'desc' ? y - x : x - y) || byName(a, b);
  };
}

/** the next sort when the user clicks a header: a number column starts descending ("who eats my CPU") */
export function nextSort(current: ListSort, by: string): ListSort {
  if (by === 'name')
    return current.by === 'name' ? { by, dir: current.dir === 'asc' ? 'desc' : 'asc' } : NAME_SORT;
  if (current.by !== by) return { by, dir: 'desc' };
  return { by, dir: current.dir === 'desc' ? 'asc' : 'desc' };
}

export function sortGuests(
  guests: VmSummary[],
  sort: ListSort,
  key?: (vm: VmSummary) => number | undefined,
): VmSummary[] {
  if (sort.by === 'name') return sort.dir === 'asc' ? guests : [...guests].reverse();
  if (!key) return guests;
  return [...guests].sort(compareBy(key, sort.dir));
}
