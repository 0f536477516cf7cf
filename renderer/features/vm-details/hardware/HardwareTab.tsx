// Hardware: one card per kind of device (processors and memory, the processor model, boot, disks, network
// adapters, the smaller devices with Add hardware), each edit through vms.edit.
import { SimpleGrid } from '@mantine/core';
import { useState } from 'react';
import type { VmDetails } from '../../../../preload/contract';
import { BootCard } from './BootCard';
import { CpuCard } from './CpuCard';
import { DevicesCard } from './DevicesCard';
import { DisksCard } from './DisksCard';
import { NicsCard } from './NicsCard';
import { ResourcesCard } from './ResourcesCard';

/** Add hardware's disk and network entries open those cards' own forms: the n-th ask of each */
export interface AddAsk {
  what: 'disk' | 'nic';
  n: number;
}

export function HardwareTab({ details }: { details?: VmDetails }) {
  const [ask, setAsk] = useState<AddAsk>();
  const askFor = (what: AddAsk['what']) => setAsk((a) => ({ what, n: (a?.n ?? 0) + 1 }));
  return (
    <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md" data-testid="details-hardware">
      <ResourcesCard key={details ? `${details.connection}\n${details.uuid}` : 'loading'} details={details} />
      <CpuCard key={details ? `cpu\n${details.connection}\n${details.uuid}` : 'cpu'} details={details} />
      <BootCard key={details ? `boot\n${details.connection}\n${details.uuid}` : 'boot'} details={details} />
      <DisksCard
        disks={details?.disks}
        details={details}
        addAsked={ask?.what === 'disk' ? ask.n : undefined}
      />
      <NicsCard nics={details?.nics} details={details} addAsked={ask?.what === 'nic' ? ask.n : undefined} />
      <DevicesCard
        details={details}
        more={[
          {
            id: 'disk',
            label: 'Disk…',
            hint: 'a new disk in a storage pool, or an existing disk file',
            onSelect: () => askFor('disk'),
          },
          {
            id: 'nic',
            label: 'Network adapter…',
            hint: 'on a virtual network or a host bridge',
            onSelect: () => askFor('nic'),
          },
        ]}
      />
    </SimpleGrid>
  );
}
