// The CPU and memory cells of a guest's row: the latest number above a sparkline of the recent
// samples; "paused" or "off" in words for a guest that is not running (no fake zeros).
import { Box, Text } from '@mantine/core';
import type { VmStatsSample, VmSummary } from '../../../../preload/contract';
import { formatMemory } from '../../../components/format';
import { sparklinePoints } from './sparkline';
import { memoryOf, statsCellState } from './stats-state';

/** samples a sparkline spans: 20 at the list's 3 s, the last minute */
export const SPARK_SAMPLES = 20;
const SPARK_W = 56;
const SPARK_H = 16;

export interface CellProps {
  vm: VmSummary;
  /** this guest's recent samples, oldest first (undefined: none yet) */
  samples?: readonly VmStatsSample[];
}

function Sparkline({ values, max, label }: { values: (number | undefined)[]; max: number; label: string }) {
  const runs = sparklinePoints(values, { width: SPARK_W, height: SPARK_H, capacity: SPARK_SAMPLES, max });
  return (
    <svg width={SPARK_W} height={SPARK_H} role="img" aria-label={label} style={{ display: 'block' }}>
      <title>{label}</title>
      <rect x={0} y={0} width={SPARK_W} height={SPARK_H} rx={2} fill="var(--mantine-color-default-hover)" />
      {runs.map((points) => (
        <polyline
          key={points}
          points={points}
          fill="none"
          stroke="var(--mantine-primary-color-filled)"
          strokeWidth={1.25}
          strokeLinejoin="round"
        />
      ))}
    </svg>
  );
}

function NotRunning({ vm, what }: { vm: VmSummary; what: string }) {
  const state = statsCellState(vm.state);
  return (
    <Text size="xs" c="dimmed" data-testid={`vm-${vm.name}-${what}`} data-stats={state}>
      {state === 'paused' ? 'paused' : 'off'}
    </Text>
  );
}

const cellStyle = { display: 'flex', flexDirection: 'column', gap: 2, alignItems: 'flex-end' } as const;

export function CpuCell({ vm, samples }: CellProps) {
  if (statsCellState(vm.state) !== 'running') return <NotRunning vm={vm} what="cpu" />;
  const latest = samples?.at(-1)?.cpuPercent;
  return (
    <Box style={cellStyle} data-testid={`vm-${vm.name}-cpu`} data-stats="running" data-value={latest}>
      <Text size="xs" fw={600} style={{ fontVariantNumeric: 'tabular-nums' }}>
        {latest === undefined ? '…' : `${latest < 10 ? latest.toFixed(1) : Math.round(latest)} %`}
      </Text>
      <Sparkline
        values={(samples ?? []).map((s) => (s.state === 'running' ? s.cpuPercent : undefined))}
        max={100}
        label={`CPU of ${vm.name}, last minute`}
      />
    </Box>
  );
}

export function MemoryCell({ vm, samples }: CellProps) {
  if (statsCellState(vm.state) !== 'running') return <NotRunning vm={vm} what="memory" />;
  const latest = memoryOf(samples?.at(-1));
  const max = samples?.at(-1)?.assignedKiB ?? vm.memoryKiB;
  return (
    <Box style={cellStyle} data-testid={`vm-${vm.name}-memory`} data-stats="running" data-value={latest?.kib}>
      <Text size="xs" fw={600} style={{ fontVariantNumeric: 'tabular-nums' }} title={latest?.label}>
        {latest ? formatMemory(latest.kib) : '…'}
        {latest && (
          <Text span size="10px" c="dimmed" fw={400}>
            {' '}
            {latest.label}
          </Text>
        )}
      </Text>
      <Sparkline
        values={(samples ?? []).map((s) => memoryOf(s)?.kib)}
        max={max}
        label={`Memory of ${vm.name}, last minute`}
      />
    </Box>
  );
}
