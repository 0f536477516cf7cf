// Hardware: the guest's disks and network adapters, read-only for now (editing comes with issue 11's
// later slices).
import { SimpleGrid } from '@mantine/core';
import type { VmDetails } from '../../../../preload/contract';
import { DisksCard } from './DisksCard';
import { NicsCard } from './NicsCard';

export function HardwareTab({ details }: { details?: VmDetails }) {
  return (
    <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md" data-testid="details-hardware">
      <DisksCard disks={details?.disks} />
      <NicsCard nics={details?.nics} />
    </SimpleGrid>
  );
}
