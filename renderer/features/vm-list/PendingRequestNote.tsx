// A Shut down or Reboot the guest has not acted on yet: "Shutting down… 12 s" in its row and details,
// and once the backend calls it overdue (Settings.shutdownTimeoutSeconds), why that may be and a way
// out (Force off; Force reset for a reboot). The backend clears it on the lifecycle event that follows.
import { Alert, Button, Group, Text } from '@mantine/core';
import { IconHourglass } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import type { PendingRequest, VmSummary } from '../../../preload/contract';
import type { GuestAction } from './actions';

/** 12 s, 2 min 5 s */
export function formatElapsed(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;
}

/** the seconds since the request, counted on while it is pending */
function useElapsed(request: PendingRequest): string {
  const [, setTick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setTick((n) => n + 1), 1000);
    return () => clearInterval(timer);
  }, []);
  return formatElapsed(Date.now() - request.since);
}

const WAITING = { shutdown: 'Shutting down…', reboot: 'Reboot requested…' } as const;
const WAY_OUT: Record<PendingRequest['action'], GuestAction> = { shutdown: 'forceOff', reboot: 'reset' };
const WAY_OUT_LABEL = { forceOff: 'Force off', reset: 'Force reset' } as Record<GuestAction, string>;

export function overdueMessage(vm: VmSummary, request: PendingRequest): string {
  return `${vm.name} did not react to the ${request.action} request: its OS may not handle ACPI, or it is not installed yet.`;
}

/** the short form, in place of the OS name on the row's second line */
export function PendingRequestRow(props: {
  vm: VmSummary;
  request: PendingRequest;
  onAction: (action: GuestAction, vm: VmSummary) => void;
}) {
  const { vm, request } = props;
  const elapsed = useElapsed(request);
  const wayOut = WAY_OUT[request.action];
  return (
    <Group
      gap={6}
      wrap="nowrap"
      style={{ flex: 'none' }}
      data-testid={`vm-${vm.name}-pending`}
      data-overdue={request.overdue || undefined}
    >
      <Text size="xs" c={request.overdue ? 'orange' : 'blue'} fw={500} span>
        {request.overdue ? `Did not react · ${elapsed}` : `${WAITING[request.action]} ${elapsed}`}
      </Text>
      {request.overdue && (
        <Button
          size="compact-xs"
          variant="light"
          color="red"
          data-testid={`vm-${vm.name}-pending-${wayOut}`}
          onClick={(e) => {
            e.stopPropagation(); // the row would select itself: fine, but not open
            props.onAction(wayOut, vm);
          }}
          onDoubleClick={(e) => e.stopPropagation()}
        >
          {WAY_OUT_LABEL[wayOut]}
        </Button>
      )}
    </Group>
  );
}

/** the long form, in the guest's details */
export function PendingRequestAlert(props: {
  vm: VmSummary;
  request: PendingRequest;
  onAction: (action: GuestAction, vm: VmSummary) => void;
}) {
  const { vm, request } = props;
  const elapsed = useElapsed(request);
  const wayOut = WAY_OUT[request.action];
  return (
    <Alert
      color={request.overdue ? 'orange' : 'blue'}
      icon={<IconHourglass size={18} />}
      title={`${WAITING[request.action]} ${elapsed}`}
      data-testid="details-pending"
      data-overdue={request.overdue || undefined}
    >
      {request.overdue ? (
        <Group justify="space-between" wrap="nowrap" align="center">
          <Text size="sm" data-testid="details-pending-message">
            {overdueMessage(vm, request)}
          </Text>
          <Button
            color="red"
            variant="light"
            style={{ flex: 'none' }}
            data-testid={`details-pending-${wayOut}`}
            onClick={() => props.onAction(wayOut, vm)}
          >
            {WAY_OUT_LABEL[wayOut]}…
          </Button>
        </Group>
      ) : (
        <Text size="sm">
          {request.action === 'shutdown'
            ? `KVM Desk asked ${vm.name} to shut down (as if its power button were pressed) and is waiting for it to stop.`
            : `KVM Desk asked ${vm.name} to restart (as if its power button were pressed) and is waiting for it to do so.`}
        </Text>
      )}
    </Alert>
  );
}
