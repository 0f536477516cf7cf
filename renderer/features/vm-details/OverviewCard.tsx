// Overview: state and why, OS, processors, memory, firmware, domain type.
import { Badge, Card, Group, SimpleGrid, Text, Title } from '@mantine/core';
import type { VmDetails, VmSummary } from '../../../preload/contract';
import { formatMemory } from '../../components/format';
import { GuestStateBadge } from '../../components/GuestStateBadge';
import { OsIcon } from '../../components/OsIcon';

function Field(props: { label: string; children: React.ReactNode; testId?: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {props.label}
      </Text>
      <Text size="sm" component="div" data-testid={props.testId}>
        {props.children}
      </Text>
    </div>
  );
}

export function OverviewCard({ vm, details }: { vm: VmSummary; details?: VmDetails }) {
  const firmware = details
    ? `${details.firmware === 'efi' ? 'UEFI' : 'BIOS'}${details.secureBoot ? ', Secure Boot' : ''}${details.tpm ? ', TPM' : ''}`
    : '…';
  return (
    <Card withBorder padding="md" data-testid="details-overview">
      <Group gap="sm" wrap="nowrap" mb="sm">
        <OsIcon family={vm.osFamily} osId={vm.osId} size={40} />
        <div style={{ minWidth: 0 }}>
          <Title order={3} size="h4" data-testid="details-name" style={{ wordBreak: 'break-all' }}>
            {vm.name}
          </Title>
          {vm.title && (
            <Text size="sm" c="dimmed">
              {vm.title}
            </Text>
          )}
        </div>
        {!vm.persistent && (
          <Badge variant="light" color="gray" ml="auto" style={{ flex: 'none' }}>
            transient
          </Badge>
        )}
      </Group>
      <SimpleGrid cols={{ base: 2, md: 3 }} spacing="sm" verticalSpacing="xs">
        <Field label="State">
          <GuestStateBadge state={vm.state} reason={vm.reason} size="sm" testId="details-state" />
        </Field>
        <Field label="Operating system">{vm.osName ?? 'Unknown'}</Field>
        <Field label="Processors" testId="details-vcpus">
          {vm.vcpus} vCPU{vm.vcpus === 1 ? '' : 's'}
        </Field>
        <Field label="Memory" testId="details-memory">
          {formatMemory(vm.memoryKiB)}
        </Field>
        <Field label="Firmware">{firmware}</Field>
        <Field label="Acceleration">
          {vm.domainType === 'kvm'
            ? 'KVM'
            : vm.domainType === 'qemu'
              ? 'Software emulation (TCG)'
              : vm.domainType}
        </Field>
        {details?.machine && <Field label="Machine">{details.machine}</Field>}
        {details?.arch && <Field label="Architecture">{details.arch}</Field>}
        <Field label="Autostart">{vm.autostart ? 'Yes' : 'No'}</Field>
      </SimpleGrid>
    </Card>
  );
}
