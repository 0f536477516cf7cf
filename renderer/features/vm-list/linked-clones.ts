// Which guests are bases of linked clones, for the list's "base of N" badge: each base (by connection
// and uuid) with the names of the guests whose KVM Desk metadata says they are linked clones of it
// (VmSummary.linkedCloneOf). Counted over every guest of a connection, not only those the search
// shows, so a search for the base still says how many clones read its disks.
import type { VmSummary } from '../../../preload/contract';

/** `connection\nuuid` of a guest, as the list keys its rows */
export const guestKey = (vm: Pick<VmSummary, 'connection' | 'uuid'>) => `${vm.connection}\n${vm.uuid}`;

/** each base's linked clones' names, sorted; guests that are nobody's base are absent */
export function linkedClonesByBase(
  vms: Record<string, Record<string, VmSummary>>,
): ReadonlyMap<string, readonly string[]> {
  const clones = new Map<string, string[]>();
  for (const [connection, guests] of Object.entries(vms))
    for (const vm of Object.values(guests)) {
      const base = vm.linkedCloneOf;
      // a clone of a guest that is gone (deleted elsewhere) names no row: nothing to show
      if (!base || !guests[base.uuid]) continue;
      const key = guestKey({ connection, uuid: base.uuid });
      clones.set(key, [...(clones.get(key) ?? []), vm.name]);
    }
  for (const names of clones.values()) names.sort((a, b) => a.localeCompare(b));
  return clones;
}

/** the badge's words and its tooltip */
export function baseBadge(clones: readonly string[]): { label: string; title: string } {
  const n = clones.length;
  return {
    label: `base of ${n}`,
    title: `Base of ${n} linked ${n === 1 ? 'clone' : 'clones'} (${clones.join(', ')}): they read its disks, so it can be neither started nor deleted while they exist.`,
  };
}

export function cloneBadgeTitle(base: string): string {
  return `Linked clone of “${base}”: it reads that guest’s disks and writes only its own changes.`;
}
