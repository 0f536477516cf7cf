// The selected guest on the right, in cards: overview, storage and network, console.
import { Alert, Card, Loader, ScrollArea, SimpleGrid, Stack, Title } from '@mantine/core';
import { Suspense } from 'react';
import type { VmSummary } from '../../../preload/contract';
import { ConsolePane } from '../../app/lazy';
import { EjectIsoPrompt } from '../create-wizard/EjectIsoPrompt';
import type { GuestAction } from '../vm-list/actions';
import { PendingRequestAlert } from '../vm-list/PendingRequestNote';
import { DisksCard } from './DisksCard';
import { NicsCard } from './NicsCard';
import { OverviewCard } from './OverviewCard';
import { useGuestDetails } from './useGuestDetails';

export function GuestDetails({
  vm,
  onAction,
}: {
  vm: VmSummary;
  /** the pending request's way out (Force off) */
  onAction: (action: GuestAction, vm: VmSummary) => void;
}) {
  const { details, error } = useGuestDetails(vm);
  return (
    <ScrollArea h="100%" type="auto" data-testid="guest-details">
      <Stack gap="md" p="md">
        <OverviewCard vm={vm} details={details} />
        {vm.pendingRequest && <PendingRequestAlert vm={vm} request={vm.pendingRequest} onAction={onAction} />}
        {details && <EjectIsoPrompt vm={{ ...details, state: vm.state, reason: vm.reason }} />}
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
          <Suspense fallback={<Loader size="sm" />}>
            <ConsolePane vm={vm} />
          </Suspense>
        </Card>
      </Stack>
    </ScrollArea>
  );
}
