// A running guest's drives and NICs as the details list them: the live ones, each marked when its saved
// definition no longer has it (its removal waits for the guest to release it, or for the next start),
// then the saved ones the running guest does not have yet. Without this a pending removal looks like a
// normal row, and removing it again fails ("no disk vdb" in the saved definition).
import type { DiskInfo, NicInfo } from '../../preload/contract';

function merge<T extends { nextStart?: 'added' | 'removed' }>(
  live: T[],
  saved: T[],
  key: (x: T) => string,
): T[] {
  const savedKeys = new Set(saved.map(key));
  const liveKeys = new Set(live.map(key));
  return [
    ...live.map((x) => (savedKeys.has(key(x)) ? x : { ...x, nextStart: 'removed' as const })),
    ...saved.filter((x) => !liveKeys.has(key(x))).map((x) => ({ ...x, nextStart: 'added' as const })),
  ];
}

// a drive is its device name; the same name on another file is a change of media, not a new drive
export const disksForDetails = (live: DiskInfo[], saved: DiskInfo[]): DiskInfo[] =>
  merge(live, saved, (d) => d.target);

export const nicsForDetails = (live: NicInfo[], saved: NicInfo[]): NicInfo[] =>
  merge(live, saved, (n) => n.mac.toLowerCase());
