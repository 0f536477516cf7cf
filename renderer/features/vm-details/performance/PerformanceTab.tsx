// Performance: CPU, memory, disk and network of the guest as live time-series charts (uPlot), the past
// 10 minutes shown at once. A guest that is paused or off says so instead of drawing zeros; memory the
// guest does not report says why. Its own chunk (uPlot loads with the tab, not with the guest list).
import { Alert, Card, SimpleGrid, Stack, Text } from '@mantine/core';
import { IconPlayerPause, IconPower } from '@tabler/icons-react';
import { useMemo } from 'react';
import type { VmStatsSample, VmSummary } from '../../../../preload/contract';
import { CHARTS, type ChartSpec, chartColumns, formatValue } from './chart-series';
import { TimeChart } from './TimeChart';
import { useGuestStats } from './useGuestStats';

export function PerformanceTab({ vm }: { vm: VmSummary }) {
  const samples = useGuestStats({ connection: vm.connection, uuid: vm.uuid }, 'graph');
  const running = vm.state === 'running' || vm.state === 'blocked';
  const paused = vm.state === 'paused' || vm.state === 'pmsuspended';
  // the guest list's state is the truth of the moment; a sample may be a tick older
  const last: VmStatsSample | undefined = running
    ? samples.at(-1)
    : { t: Date.now(), state: paused ? 'paused' : 'off' };
  return (
    <Stack gap="md" data-testid="details-performance">
      <GuestStateNote vm={vm} running={running} />
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
        {CHARTS.map((spec) => (
          <ChartCard key={spec.id} spec={spec} samples={samples} last={last} />
        ))}
      </SimpleGrid>
    </Stack>
  );
}

function GuestStateNote({ vm, running }: { vm: VmSummary; running: boolean }) {
  if (running) return null;
  const paused = vm.state === 'paused' || vm.state === 'pmsuspended';
  return (
    <Alert
      color="gray"
      icon={paused ? <IconPlayerPause size={18} /> : <IconPower size={18} />}
      data-testid="performance-state"
      title={paused ? 'Paused' : 'Off'}
    >
      {paused
        ? 'The guest is paused: it uses no CPU and does no disk or network work until it is resumed. The charts keep what was measured before.'
        : 'The guest is not running: there is nothing to measure. The charts show what was measured while it ran.'}
    </Alert>
  );
}

function ChartCard({
  spec,
  samples,
  last,
}: {
  spec: ChartSpec;
  samples: VmStatsSample[];
  last?: VmStatsSample;
}) {
  const data = useMemo(() => chartColumns(spec, samples), [spec, samples]);
  return (
    <Card withBorder padding="sm" data-testid={`performance-${spec.id}`}>
      <Text fw={600} size="sm" mb={4}>
        {spec.title}
      </Text>
      <Text size="xs" c="dimmed" mb="xs" data-testid={`performance-${spec.id}-now`}>
        {nowLine(spec, last)}
      </Text>
      <TimeChart spec={spec} data={data} />
    </Card>
  );
}

/** the latest values in words, or why there are none */
function nowLine(spec: ChartSpec, s: VmStatsSample | undefined): string {
  if (!s) return 'Waiting for the first measurement…';
  if (s.state === 'paused') return 'paused';
  if (s.state === 'off') return 'off';
  if (spec.id === 'network' && s.nics === 0) return 'The guest has no network adapter.';
  if (spec.id === 'disk' && s.disks === 0) return 'The guest has no disk.';
  const parts = spec.series.map((series) => `${series.label}: ${formatValue(spec.unit, series.value(s))}`);
  if (spec.id === 'cpu' && s.cpuPercent === undefined) parts.push('(a rate needs a second measurement)');
  if (spec.id === 'memory' && s.usedKiB === undefined && s.usedNote) {
    return `${parts.filter((p) => !p.startsWith('Used')).join(' · ')} · Used by the guest: ${s.usedNote}`;
  }
  return parts.join(' · ');
}
