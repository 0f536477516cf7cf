// What the running guest gets only when it next starts (VmDetails.pendingChanges: its live definition
// against the saved one, in words), so a change that did not apply at once is never a surprise; and
// "Shut down and apply": asked first, then an ACPI shut down and, once the guest is off, a start
// (apply-restart.ts). A guest that does not shut down is said so; forcing it off stays the user's choice.
import { Alert, Button, Group, List, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconClockPlay } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import type { VmSummary } from '../../../preload/contract';
import { useBridge } from '../../app/context';
import { showApiError } from '../../app/errors';
import { type ApplyPhase, applyStep } from './apply-restart';

export function PendingChangesAlert({ vm, changes }: { vm: VmSummary; changes: string[] }) {
  const bridge = useBridge();
  const [phase, setPhase] = useState<ApplyPhase>('idle');
  const step = applyStep(phase, vm);
  const ref = { connection: vm.connection, uuid: vm.uuid };

  // biome-ignore lint/correctness/useExhaustiveDependencies: one start per step, whatever else re-renders
  useEffect(() => {
    if (step === 'savedInstead') {
      setPhase('idle');
      notifications.show({
        color: 'yellow',
        title: `${vm.name} was saved, not shut down`,
        message:
          'Starting it resumes the saved state without the changes: discard the saved state to apply them.',
      });
    }
    if (step !== 'start') return;
    setPhase('starting');
    void bridge.call('vms.start', ref).then((r) => {
      setPhase('idle');
      if (!r.ok)
        showApiError(bridge, r.error, {
          title: `Could not start ${vm.name} again`,
          connection: vm.connection,
        });
      else
        notifications.show({ title: `${vm.name} started again`, message: 'It runs with the saved changes.' });
    });
  }, [step]);

  if (changes.length === 0 && phase === 'idle') return null;

  const shutDown = async () => {
    setPhase('shuttingDown');
    const r = await bridge.call('vms.shutdown', ref);
    if (!r.ok) {
      setPhase('idle');
      showApiError(bridge, r.error, { title: `Could not shut ${vm.name} down`, connection: vm.connection });
    }
  };

  return (
    <Alert
      color="blue"
      icon={<IconClockPlay size={18} />}
      title="Saved for the next start"
      data-testid="details-pending-changes"
    >
      {changes.length > 0 && (
        <List size="sm" spacing={2}>
          {changes.map((c) => (
            <List.Item key={c}>{c}</List.Item>
          ))}
        </List>
      )}
      <Group gap="xs" mt="xs" data-testid="apply-restart" data-phase={phase}>
        {phase === 'idle' && (
          <Button
            size="compact-sm"
            variant="light"
            onClick={() => setPhase('asking')}
            data-testid="apply-restart-ask"
          >
            Shut down and apply…
          </Button>
        )}
        {phase === 'asking' && (
          <>
            <Text size="sm">
              Shut {vm.name} down now and start it again? Its OS is asked to shut down, as with Shut down.
            </Text>
            <Button size="compact-sm" onClick={() => void shutDown()} data-testid="apply-restart-confirm">
              Shut down and apply
            </Button>
            <Button size="compact-sm" variant="default" onClick={() => setPhase('idle')}>
              Cancel
            </Button>
          </>
        )}
        {phase === 'shuttingDown' && (
          <>
            <Text size="sm" c={step === 'overdue' ? 'orange' : undefined} data-testid="apply-restart-status">
              {step === 'overdue'
                ? `${vm.name} has not shut down: its OS may not react to ACPI. It starts again once it is off (shut it down from inside, or Force off above: unsaved work in it is lost).`
                : `Waiting for ${vm.name} to shut down; it starts again when it is off…`}
            </Text>
            <Button
              size="compact-sm"
              variant="default"
              onClick={() => setPhase('idle')}
              data-testid="apply-restart-cancel"
            >
              Cancel
            </Button>
          </>
        )}
        {phase === 'starting' && <Text size="sm">Starting {vm.name} again…</Text>}
      </Group>
    </Alert>
  );
}
