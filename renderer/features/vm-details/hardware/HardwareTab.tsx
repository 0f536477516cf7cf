// Hardware: the guest's disks and network adapters; a CD drive's disc can be inserted, changed and
// ejected (vms.edit). The other edits have their api (vms.edit) and come with the next slices' cards.
import { SimpleGrid } from '@mantine/core';
import type { VmDetails } from '../../../../preload/contract';
import { DevicesCard } from './DevicesCard';
import { DisksCard } from './DisksCard';
import { NicsCard } from './NicsCard';
import { ResourcesCard } from './ResourcesCard';

export function HardwareTab({ details }: { details?: VmDetails }) {
  return (
    <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md" data-testid="details-hardware">
      <ResourcesCard key={details ? `${details.connection}\n${details.uuid}` : 'loading'} details={details} />
      <DisksCard disks={details?.disks} details={details} />
      <NicsCard nics={details?.nics} details={details} />
      <DevicesCard details={details} />
    </SimpleGrid>
  );
}
