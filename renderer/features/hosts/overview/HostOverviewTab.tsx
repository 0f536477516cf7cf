// The host page's Overview: what the host is (CPU, memory, versions), whether KVM works here or why
// not (the same figures as the KVM banner: host.status, kept fresh by `host` events), and the host's
// CPU and memory as live charts with the running guests' share of its CPUs.
import { Alert, Badge, Card, Group, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { useEffect, useMemo, useState } from 'react';
import type { HostInfo, HostStatsSample } from '../../../../preload/contract';
import { useAppState, useBridge } from '../../../app/context';
import { type ChartSpec, chartColumns, formatBytes } from '../../vm-details/performance/chart-series';
import { TimeChart } from '../../vm-details/performance/TimeChart';
import { HOST_CHARTS, hostNowLine } from './host-charts';
import { useHostStats } from './useHostStats';

function useHostInfo(connection: string): { info?: HostInfo; error?: string } {
  const bridge = useBridge();
  const [state, setState] = useState<{ info?: HostInfo; error?: string }>({});
  useEffect(() => {
    let gone = false;
    void bridge.call('host.info', { connection }).then((r) => {
      if (!gone) setState(r.ok ? { info: r.value } : { error: r.error.message });
    });
    return () => {
      gone = true;
    };
  }, [bridge, connection]);
  return state;
}

export function HostOverviewTab({ connection }: { connection: string }) {
  const { info, error } = useHostInfo(connection);
  const samples = useHostStats(connection);
  const last = samples.at(-1);
  return (
    <Stack gap="md" data-testid="host-overview">
      {error && (
        <Alert color="yellow" title="Could not read the host’s details">
          {error}
        </Alert>
      )}
      <HostFacts connection={connection} info={info} last={last} />
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
        {HOST_CHARTS.map((spec) => (
          <ChartCard key={spec.id} spec={spec} samples={samples} last={last} />
        ))}
      </SimpleGrid>
    </Stack>
  );
}

const kibText = (v: number | undefined) => (v === undefined ? '–' : formatBytes(v * 1024));

function HostFacts({
  connection,
  info,
  last,
}: {
  connection: string;
  info?: HostInfo;
  last?: HostStatsSample;
}) {
  // the `host` event (a settings change) updates KVM's state; host.info's answer until then
  const live = useAppState((s) => s.hosts[connection]);
  const status = live ?? info?.status;
  if (!info) return <Text c="dimmed">Reading the host’s details…</Text>;
  const topology = `${info.sockets} socket${info.sockets === 1 ? '' : 's'}, ${info.cores} core${info.cores === 1 ? '' : 's'}, ${info.threads} thread${info.threads === 1 ? '' : 's'} per core`;
  const rows: [string, React.ReactNode, string][] = [
    ['Hostname', info.hostname, 'hostname'],
    [
      'Processor',
      `${[info.cpuVendor, info.cpuModel].filter(Boolean).join(' ') || info.arch} · ${info.cpus} CPU${info.cpus === 1 ? '' : 's'} (${topology})${info.mhz ? ` · ${(info.mhz / 1000).toFixed(2)} GHz` : ''} · ${info.arch}`,
      'cpu',
    ],
    [
      'Memory',
      `${kibText(last?.memoryTotalKiB ?? info.memoryKiB)} total · ${kibText(last?.memoryFreeKiB)} free${last?.memoryCacheKiB !== undefined ? ` (${kibText(last.memoryCacheKiB)} more in cache and buffers)` : ''}`,
      'memory',
    ],
    [
      'Virtualisation',
      status && (
        <Stack gap={4}>
          <Group gap="xs">
            {status.kvmUsable ? (
              <Badge color="green" variant="light">
                KVM usable
              </Badge>
            ) : (
              <Badge color="yellow" variant="light">
                KVM not usable
              </Badge>
            )}
            <Text size="sm">
              New guests use {status.accelerator === 'kvm' ? 'KVM' : 'software emulation (TCG)'}
              {status.kvmUsable && status.forceSoftwareEmulation
                ? ': software emulation is forced in Settings'
                : ''}
            </Text>
          </Group>
          {!status.kvmUsable && status.kvmReason && (
            <Text size="sm" c="dimmed">
              {status.kvmReason}
            </Text>
          )}
        </Stack>
      ),
      'kvm',
    ],
    ['libvirt', info.libvirtVersion, 'libvirt'],
    [info.hypervisor, info.hypervisorVersion ?? 'not reported', 'hypervisor'],
  ];
  return (
    <Card withBorder padding="sm" data-testid="host-facts">
      <Table withRowBorders={false} verticalSpacing={4} layout="fixed">
        <Table.Tbody>
          {rows.map(([label, value, id]) => (
            <Table.Tr key={id}>
              <Table.Th w={130} style={{ verticalAlign: 'top' }}>
                <Text size="sm" c="dimmed">
                  {label}
                </Text>
              </Table.Th>
              <Table.Td data-testid={`host-fact-${id}`}>
                {typeof value === 'string' ? <Text size="sm">{value}</Text> : value}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Card>
  );
}

function ChartCard({
  spec,
  samples,
  last,
}: {
  spec: ChartSpec<HostStatsSample>;
  samples: HostStatsSample[];
  last?: HostStatsSample;
}) {
  const data = useMemo(() => chartColumns(spec, samples), [spec, samples]);
  return (
    <Card withBorder padding="sm" data-testid={spec.id}>
      <Text fw={600} size="sm" mb={4}>
        {spec.title}
      </Text>
      <Text size="xs" c="dimmed" mb="xs" data-testid={`${spec.id}-now`}>
        {hostNowLine(spec, last)}
      </Text>
      <TimeChart spec={spec} data={data} />
    </Card>
  );
}
