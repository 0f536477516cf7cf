// What a list cell may say about a guest's live numbers: only a running guest has them; paused and
// shut-off guests say so in words (no fake zeros).
import type { VmState, VmStatsSample } from '../../../../preload/contract';

export type StatsCellState = 'running' | 'paused' | 'off';

export function statsCellState(state: VmState): StatsCellState {
  if (state === 'running' || state === 'blocked' || state === 'shutdown') return 'running';
  if (state === 'paused' || state === 'pmsuspended') return 'paused';
  return 'off';
}

/** the memory a cell shows: what the guest uses when its balloon reports it, else its QEMU's host RSS */
export function memoryOf(
  s: VmStatsSample | undefined,
): { kib: number; label: 'used' | 'host RSS' } | undefined {
  if (s?.state !== 'running') return undefined;
  if (s.usedKiB !== undefined) return { kib: s.usedKiB, label: 'used' };
  if (s.rssKiB !== undefined) return { kib: s.rssKiB, label: 'host RSS' };
  return undefined;
}
