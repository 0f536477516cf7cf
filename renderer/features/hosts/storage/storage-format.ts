// Pure helpers of the storage panel: sizes in the user's units, a pool's use as a bar, the size field.
import type { StoragePool } from '../../../../preload/contract';

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

export function formatBytes(n: number): string {
  let v = n;
  let u = 0;
  while (v >= 1024 && u < UNITS.length - 1) {
    v /= 1024;
    u++;
  }
  return `${u === 0 ? v : v.toFixed(v >= 100 ? 0 : 1)} ${UNITS[u]}`;
}

/** percent used, and the line under the bar ("12.3 GiB free of 50 GiB"); undefined while not running */
export function poolUse(p: StoragePool): { percent: number; line: string } | undefined {
  if (p.state !== 'running' || p.capacityBytes <= 0) return undefined;
  const percent = Math.min(100, Math.round((p.allocationBytes / p.capacityBytes) * 100));
  return { percent, line: `${formatBytes(p.availableBytes)} free of ${formatBytes(p.capacityBytes)}` };
}

/** GiB typed in the form -> bytes, or the problem in the user's words */
export function sizeFromGiB(
  text: string | number,
  availableBytes?: number,
): { bytes?: number; problem?: string } {
  const gib = typeof text === 'number' ? text : Number(text);
  if (!Number.isFinite(gib) || gib <= 0) return { problem: 'Enter a size in GiB' };
  const bytes = Math.round(gib * 1024 ** 3);
  if (bytes < 1024 * 1024) return { problem: 'At least 1 MiB' };
  if (availableBytes !== undefined && bytes > availableBytes)
    return { problem: `Only ${formatBytes(availableBytes)} free in this pool` };
  return { bytes };
}
