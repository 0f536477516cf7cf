// Numbers and states in the words the UI uses.
import type { VmState } from '../../preload/contract';

/** 2097152 KiB -> "2 GiB", 524288 -> "512 MiB" */
export function formatMemory(kib: number): string {
  const mib = kib / 1024;
  if (mib >= 1024) {
    const gib = mib / 1024;
    return `${Number.isInteger(gib) ? gib : gib.toFixed(1)} GiB`;
  }
  return `${Math.round(mib)} MiB`;
}

export const STATE_LABELS: Record<VmState, string> = {
  running: 'Running',
  blocked: 'Running (blocked)',
  paused: 'Paused',
  shutdown: 'Shutting down',
  shutoff: 'Shut off',
  crashed: 'Crashed',
  pmsuspended: 'Suspended',
  nostate: 'No state',
};

/** an off guest with a saved state (managed save) */
export const SAVED_LABEL = 'Saved';
export const SAVED_COLOR = 'violet';

export const STATE_COLORS: Record<VmState, string> = {
  running: 'green',
  blocked: 'green',
  paused: 'yellow',
  shutdown: 'orange',
  shutoff: 'gray',
  crashed: 'red',
  pmsuspended: 'blue',
  nostate: 'gray',
};
