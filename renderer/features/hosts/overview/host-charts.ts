// What the host page's two charts plot from the host's samples, and their latest values in words.
import type { HostStatsSample } from '../../../../preload/contract';
import { type ChartSpec, formatValue } from '../../vm-details/performance/chart-series';

const kib = (v: number | undefined) => (v === undefined ? undefined : v * 1024);

export const HOST_CHARTS: ChartSpec<HostStatsSample>[] = [
  {
    id: 'host-cpu',
    title: 'CPU (all of the host’s CPUs)',
    unit: 'percent',
    series: [
      { label: 'Host', color: '#228be6', value: (s) => s.cpuPercent },
      { label: 'Running guests', color: '#fd7e14', value: (s) => s.guestsCpuPercent },
      { label: 'Waiting for I/O', color: '#868e96', value: (s) => s.iowaitPercent },
    ],
  },
  {
    id: 'host-memory',
    title: 'Memory',
    unit: 'bytes',
    series: [
      { label: 'Total', color: '#868e96', value: (s) => kib(s.memoryTotalKiB) },
      { label: 'In use', color: '#40c057', value: (s) => kib(s.memoryUsedKiB) },
      { label: 'Cache and buffers', color: '#7950f2', value: (s) => kib(s.memoryCacheKiB) },
    ],
  },
];

/** the latest values in words, or why there are none */
export function hostNowLine(spec: ChartSpec<HostStatsSample>, s: HostStatsSample | undefined): string {
  if (!s) return 'Waiting for the first measurement…';
  if (spec.id === 'host-cpu') {
    if (s.cpuPercent === undefined) return 'Measuring… (a rate needs a second measurement)';
    const guests =
      s.runningGuests === 0
        ? 'no guest running'
        : `${s.runningGuests} running guest${s.runningGuests === 1 ? '' : 's'}: ${formatValue('percent', s.guestsCpuPercent)}`;
    return `Host: ${formatValue('percent', s.cpuPercent)} · ${guests} · Waiting for I/O: ${formatValue('percent', s.iowaitPercent)}`;
  }
  if (s.memoryTotalKiB === undefined) return 'This connection does not report the host’s memory.';
  return spec.series.map((x) => `${x.label}: ${formatValue('bytes', x.value(s))}`).join(' · ');
}
