// What each Performance chart plots, from a guest's samples: uPlot's columns (x in seconds, null where
// a value is not known: a gap, never a zero) and the units its axes and hover values speak.
import type { VmStatsSample } from '../../../../preload/contract';

export type ChartUnit = 'percent' | 'bytes' | 'bytesPerSecond';

/** what a chart plots: a guest's samples here, the host's on the host page (anything with a time) */
export interface TimedSample {
  t: number;
}

export interface ChartSeries<S extends TimedSample = VmStatsSample> {
  label: string;
  color: string;
  value: (s: S) => number | undefined;
}

export interface ChartSpec<S extends TimedSample = VmStatsSample> {
  /** 'cpu', 'memory', 'disk', 'network' here; the host page's ids are its own */
  id: string;
  title: string;
  unit: ChartUnit;
  series: ChartSeries<S>[];
}

const KiB = 1024;

export const CHARTS: ChartSpec[] = [
  {
    id: 'cpu',
    title: 'CPU',
    unit: 'percent',
    series: [
      { label: 'Guest (of its vCPUs)', color: '#228be6', value: (s) => s.cpuPercent },
      { label: 'Host share (of all CPUs)', color: '#fd7e14', value: (s) => s.hostCpuPercent },
    ],
  },
  {
    id: 'memory',
    title: 'Memory',
    unit: 'bytes',
    series: [
      { label: 'Assigned', color: '#868e96', value: (s) => kib(s.assignedKiB) },
      { label: 'Used by the guest', color: '#40c057', value: (s) => kib(s.usedKiB) },
      { label: 'Host RSS of its QEMU', color: '#7950f2', value: (s) => kib(s.rssKiB) },
    ],
  },
  {
    id: 'disk',
    title: 'Disk',
    unit: 'bytesPerSecond',
    series: [
      { label: 'Read', color: '#15aabf', value: (s) => s.diskReadBps },
      { label: 'Write', color: '#e64980', value: (s) => s.diskWriteBps },
    ],
  },
  {
    id: 'network',
    title: 'Network',
    unit: 'bytesPerSecond',
    series: [
      { label: 'Received', color: '#12b886', value: (s) => s.netRxBps },
      { label: 'Sent', color: '#fab005', value: (s) => s.netTxBps },
    ],
  },
];

function kib(v: number | undefined): number | undefined {
  return v === undefined ? undefined : v * KiB;
}

/** uPlot's aligned data: [x seconds, ...one column per series] */
export function chartColumns<S extends TimedSample>(
  spec: ChartSpec<S>,
  samples: readonly S[],
): (number | null)[][] {
  const xs = samples.map((s) => s.t / 1000);
  return [xs, ...spec.series.map((series) => samples.map((s) => series.value(s) ?? null))];
}

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

export function formatBytes(v: number): string {
  let n = Math.abs(v);
  let i = 0;
  while (n >= 1024 && i < UNITS.length - 1) {
    n /= 1024;
    i++;
  }
  const digits = n >= 100 || i === 0 ? 0 : n >= 10 ? 1 : 2;
  // 1 KiB, 1.5 KiB, 12.3 MiB: no trailing zeros (axis ticks fall on round values)
  return `${Number((Math.sign(v) * n).toFixed(digits))} ${UNITS[i]}`;
}

/** an axis tick or a hover value in the chart's unit; '–' for a value not known */
export function formatValue(unit: ChartUnit, v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–';
  if (unit === 'percent') return `${v.toFixed(v >= 10 || v === 0 ? 0 : 1)} %`;
  if (unit === 'bytes') return formatBytes(v);
  return `${formatBytes(v)}/s`;
}
