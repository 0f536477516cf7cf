// Which guests the list shows, in which order: search by name, filter by state, sorted by name.
import type { VmState, VmSummary } from '../../../preload/contract';
import type { AppState } from '../../app/store';

export type StateFilter = 'all' | 'running' | 'paused' | 'off';

export const STATE_FILTERS: { value: StateFilter; label: string }[] = [
  { value: 'all', label: 'All' },
  { value: 'running', label: 'Running' },
  { value: 'paused', label: 'Paused' },
  { value: 'off', label: 'Off' },
];

const GROUPS: Record<Exclude<StateFilter, 'all'>, VmState[]> = {
  running: ['running', 'blocked', 'shutdown'],
  paused: ['paused', 'pmsuspended'],
  off: ['shutoff', 'crashed', 'nostate'],
};

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

export function visibleGuests(vms: AppState['vms'], search: string, filter: StateFilter): VmSummary[] {
  const needle = search.trim().toLocaleLowerCase();
  const out: VmSummary[] = [];
  for (const byUuid of Object.values(vms)) {
    for (const vm of Object.values(byUuid)) {
      if (filter !== 'all' && !GROUPS[filter].includes(vm.state)) continue;
      if (needle && !vm.name.toLocaleLowerCase().includes(needle)) continue;
      out.push(vm);
    }
  }
  return out.sort((a, b) => collator.compare(a.name, b.name) || a.uuid.localeCompare(b.uuid));
}

export function countGuests(vms: AppState['vms']): number {
  let n = 0;
  for (const byUuid of Object.values(vms)) n += Object.keys(byUuid).length;
  return n;
}
