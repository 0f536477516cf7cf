// The guest's facts on the Overview, read-only: processors, memory, firmware, machine, acceleration.
import { SimpleGrid, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import type { VmDetails, VmSummary } from '../../../../preload/contract';
import { formatMemory } from '../../../components/format';

function Fact(props: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {props.label}
      </Text>
      <Text size="sm" component="div" data-testid={props.testId} style={{ overflowWrap: 'anywhere' }}>
        {props.children}
      </Text>
    </div>
  );
}

export function GuestFacts({ vm, details }: { vm: VmSummary; details?: VmDetails }) {
  const firmware = details
    ? `${details.firmware === 'efi' ? 'UEFI' : 'BIOS'}${details.secureBoot ? ', Secure Boot' : ''}${details.tpm ? ', TPM' : ''}`
    : '…';
  const acceleration =
    vm.domainType === 'kvm' ? 'KVM' : vm.domainType === 'qemu' ? 'Software emulation (TCG)' : vm.domainType;
  return (
    <SimpleGrid cols={2} spacing="sm" verticalSpacing="xs" data-testid="overview-facts">
      <Fact label="Processors" testId="details-vcpus">
        {vm.vcpus} vCPU{vm.vcpus === 1 ? '' : 's'}
      </Fact>
      <Fact label="Memory" testId="details-memory">
        {formatMemory(vm.memoryKiB)}
      </Fact>
      <Fact label="Firmware" testId="details-firmware">
        {firmware}
      </Fact>
      <Fact label="Machine" testId="details-machine">
        {details ? (details.machine ?? 'Default') : '…'}
      </Fact>
      <Fact label="Architecture">{details ? (details.arch ?? 'Default') : '…'}</Fact>
      <Fact label="Acceleration">{acceleration}</Fact>
    </SimpleGrid>
  );
}
