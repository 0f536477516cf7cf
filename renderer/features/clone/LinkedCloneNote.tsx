// Under the details header: a linked clone says whose disks it stands on and offers Make independent
// (shut off only: its disks are copied while nothing writes to them); a base names the linked clones
// that read its disks, which is why it can be neither started nor deleted. Both from KVM Desk's metadata
// (VmSummary.linkedCloneOf); the refusals themselves read the real backing files in the backend.
import { Alert, Button, Group, Modal, Progress, Stack, Text } from '@mantine/core';
import { IconLink } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import type { ApiError, VmSummary } from '../../../preload/contract';
import { useAppState } from '../../app/context';
import { useSnapshotJob } from '../vm-details/snapshots/useSnapshotJob';

export function LinkedCloneNote({ vm }: { vm: VmSummary }) {
  const guests = useAppState((s) => s.vms[vm.connection]);
  const clones = useMemo(
    () =>
      Object.values(guests ?? {})
        .filter((g) => g.linkedCloneOf?.uuid === vm.uuid)
        .map((g) => g.name)
        .sort(),
    [guests, vm.uuid],
  );
  const base = vm.linkedCloneOf;
  if (!base && !clones.length) return null;
  return (
    <Stack gap={4} data-testid="linked-clone-note">
      {base && <CloneOf vm={vm} base={base.name} />}
      {clones.length > 0 && (
        <Text size="sm" c="dimmed" data-testid="linked-clone-base">
          <IconLink size={14} style={{ verticalAlign: 'text-bottom' }} /> Base of {clones.length} linked{' '}
          {clones.length === 1 ? 'clone' : 'clones'} ({clones.join(', ')}): they read its disks, so it cannot
          be started or deleted until they are made independent or deleted.
        </Text>
      )}
    </Stack>
  );
}

function CloneOf({ vm, base }: { vm: VmSummary; base: string }) {
  const [asking, setAsking] = useState(false);
  const [refused, setRefused] = useState<ApiError>();
  const { job, busy, run, dismiss } = useSnapshotJob();
  const off = vm.state === 'shutoff';
  const start = async () => {
    setRefused(undefined);
    const error = await run((b) =>
      b.call('vms.makeIndependent', { connection: vm.connection, uuid: vm.uuid }),
    );
    if (error) setRefused(error);
  };
  const close = () => {
    setAsking(false);
    setRefused(undefined);
    dismiss();
  };
  return (
    <Group gap="xs" wrap="nowrap">
      <Text size="sm" c="dimmed" data-testid="linked-clone-of">
        <IconLink size={14} style={{ verticalAlign: 'text-bottom' }} /> Linked clone of “{base}”: it reads
        that guest’s disks and writes only its own changes.
      </Text>
      <Button
        size="compact-xs"
        variant="default"
        disabled={!off}
        title={off ? undefined : 'Shut it down first: its disks are copied while nothing writes to them'}
        onClick={() => setAsking(true)}
        data-testid="make-independent"
      >
        Make independent…
      </Button>
      <Modal opened={asking} onClose={close} title={`Make “${vm.name}” independent`} withinPortal>
        <Stack gap="md" data-testid="make-independent-dialog">
          {!job && (
            <Text size="sm">
              Each of its disks is copied in full, with the data it reads from “{base}”, and the copies
              replace its overlays. This takes as much space again as the base’s disks hold. Afterwards it no
              longer needs “{base}”, which can then be started or deleted.
            </Text>
          )}
          {job && (
            <Stack gap={6} data-testid="make-independent-job" data-state={job.state}>
              <Progress
                value={job.progress !== undefined ? job.progress * 100 : 100}
                animated={busy}
                aria-label="Progress"
              />
              <Text size="sm">{job.state === 'failed' ? job.error?.message : job.step}</Text>
              {job.state === 'done' && <Alert color="green">“{vm.name}” stands on its own disks now.</Alert>}
              {job.state === 'failed' && (
                <Alert color="red">The copies made were deleted; the guest is as it was.</Alert>
              )}
            </Stack>
          )}
          {refused && (
            <Alert color="red" data-testid="make-independent-refused">
              {refused.message}
            </Alert>
          )}
          <Group justify="flex-end">
            {!job && (
              <Button onClick={() => void start()} data-testid="make-independent-confirm">
                Copy the disks
              </Button>
            )}
            <Button variant="default" onClick={close} disabled={busy}>
              {job && !busy ? 'Close' : 'Cancel'}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Group>
  );
}
