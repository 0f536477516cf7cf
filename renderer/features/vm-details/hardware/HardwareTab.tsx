// Hardware: one card per kind of device (processors and memory, the processor model, boot, disks, network
// adapters, the smaller devices with Add hardware), each edit through vms.edit.
import { SimpleGrid } from '@mantine/core';
import type { VmDetails } from '../../../../preload/contract';
import { BootCard } from './BootCard';
import { CpuCard } from './CpuCard';
import { DevicesCard } from './DevicesCard';
import { DisksCard } from './DisksCard';
import { NicsCard } from './NicsCard';
import { ResourcesCard } from './ResourcesCard';

export function HardwareTab({ details }: { details?: VmDetails }) {
  return (
    <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md" data-testid="details-hardware">
      <ResourcesCard key={details ? `${details.connection}\n${details.uuid}` : 'loading'} details={details} />
      <CpuCard key={details ? `cpu\n${details.connection}\n${details.uuid}` : 'cpu'} details={details} />
      <BootCard key={details ? `boot\n${details.connection}\n${details.uuid}` : 'boot'} details={details} />
      <DisksCard disks={details?.disks} details={details} />
      <NicsCard nics={details?.nics} details={details} />
      <DevicesCard details={details} />
    </SimpleGrid>
  );
}
