// The selected guest on the right, in cards: overview, storage and network, console.
import { Alert, Card, ScrollArea, SimpleGrid, Stack, Title } from '@mantine/core';
import type { VmSummary } from '../../../preload/contract';
import { ConsolePane } from '../console/ConsolePane';
import { DisksCard } from './DisksCard';
import { NicsCard } from './NicsCard';
import { OverviewCard } from './OverviewCard';
import { useGuestDetails } from './useGuestDetails';

export function GuestDetails({ vm }: { vm: VmSummary }) {
  const { details, error } = useGuestDetails(vm);
  return (
    <ScrollArea h="100%" type="auto" data-testid="guest-details">
      <Stack gap="md" p="md">
        <OverviewCard vm={vm} details={details} />
        {error && (
          <Alert color="yellow" title="Could not read the guest’s details">
            {error.message}
          </Alert>
        )}
        <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
          <DisksCard disks={details?.disks} />
          <NicsCard nics={details?.nics} />
        </SimpleGrid>
        <Card withBorder padding="md" data-testid="details-console">
          <Title order={4} size="h5" mb="xs">
            Console
          </Title>
          <ConsolePane vm={vm} />
        </Card>
      </Stack>
    </ScrollArea>
  );
}
