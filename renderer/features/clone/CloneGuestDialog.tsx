// Clone a guest: the new name (prefilled NAME-clone, checked as typed with the rule the wizard and the
// Overview use), Full or Linked with what each means (a running guest: a full copy, paused for it and
// resumed after: clone-choices.ts), then the job's progress with Cancel. At the end the new guest is
// selected in the list; a failed or cancelled job has already removed what it made.
import {
  Alert,
  Button,
  Checkbox,
  Group,
  Modal,
  Progress,
  Radio,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { ApiError, Job, VmRef, VmSummary } from '../../../preload/contract';
import { cloneName, guestNameProblem } from '../../../preload/guest-fields';
import { useAppState, useBridge } from '../../app/context';
import { cloneChoices, cloneStartProblem, type CloneMode as Mode } from './clone-choices';

export function CloneGuestDialog(props: {
  vm: VmSummary | null;
  onClose: () => void;
  onCloned: (vm: VmRef) => void;
}) {
  const { vm } = props;
  return (
    <Modal opened={vm !== null} onClose={props.onClose} title={vm ? `Clone “${vm.name}”` : ''} size="lg">
      {vm && <CloneForm key={vm.uuid} vm={vm} onClose={props.onClose} onCloned={props.onCloned} />}
    </Modal>
  );
}

function CloneForm({
  vm,
  onClose,
  onCloned,
}: {
  vm: VmSummary;
  onClose: () => void;
  onCloned: (vm: VmRef) => void;
}) {
  const bridge = useBridge();
  const guests = useAppState((s) => s.vms[vm.connection]);
  const names = useMemo(() => new Set(Object.values(guests ?? {}).map((g) => g.name)), [guests]);
  const [name, setName] = useState(() => cloneName(vm.name, names));
  // the choices follow the state the dialog opened with (a clone of a guest that changes state meanwhile
  // is checked again by the backend)
  const [choices] = useState(() => cloneChoices(vm));
  const [mode, setMode] = useState<Mode>(choices.defaultMode);
  const [pause, setPause] = useState(true);
  const [job, setJob] = useState<Job>();
  const [error, setError] = useState<ApiError>();
  const [starting, setStarting] = useState(false);
  const jobId = useRef<string>(undefined);
  // events may arrive before vms.clone answers: the latest of each job is kept
  const events = useRef(new Map<string, Job>());

  useEffect(
    () =>
      bridge.on('job', (j) => {
        events.current.set(j.id, j);
        if (j.id === jobId.current) setJob(j);
      }),
    [bridge],
  );
  useEffect(() => {
    if (job?.state === 'done' && job.result) onCloned(job.result);
  }, [job, onCloned]);

  const problem = guestNameProblem(name, names)?.message;
  const refused = cloneStartProblem(choices, mode, pause);
  const start = async () => {
    setError(undefined);
    setStarting(true);
    const r = await bridge.call('vms.clone', {
      connection: vm.connection,
      uuid: vm.uuid,
      name,
      mode,
      ...(choices.pauseOffer && mode === 'full' ? { pauseSource: pause } : {}),
    });
    setStarting(false);
    if (!r.ok) return setError(r.error);
    jobId.current = r.value.id;
    setJob(events.current.get(r.value.id) ?? r.value);
  };

  if (job)
    return (
      <CloneProgress
        job={job}
        onCancel={() => void bridge.call('jobs.cancel', { id: job.id })}
        onClose={onClose}
        onBack={() => setJob(undefined)}
      />
    );
  return (
    <Stack gap="md" data-testid="clone-form">
      <TextInput
        label="Name of the clone"
        value={name}
        onChange={(e) => setName(e.currentTarget.value)}
        error={problem ?? (error?.detail?.field === 'name' ? error.message : undefined)}
        data-testid="clone-name"
        data-autofocus
      />
      <Radio.Group label="Kind of clone" value={mode} onChange={(v) => setMode(v as Mode)}>
        <Stack gap="sm" mt={6}>
          <Radio
            value="linked"
            data-testid="clone-linked"
            disabled={choices.linkedRefused !== undefined}
            label="Linked clone"
            description={
              choices.linkedRefused ??
              'Made at once and takes almost no space: it reads the original’s disks and writes only its own changes. The original then cannot be deleted while the clone exists.'
            }
          />
          <Radio
            value="full"
            data-testid="clone-full"
            label="Full copy"
            description="Every writable disk is copied (this takes a while for big disks); the clone is independent of the original."
          />
        </Stack>
      </Radio.Group>
      {choices.pauseOffer && mode === 'full' && (
        <Checkbox
          label={choices.pauseOffer}
          description={
            pause ? 'Its disks are copied while nothing writes to them; it carries on where it was.' : refused
          }
          checked={pause}
          onChange={(e) => setPause(e.currentTarget.checked)}
          data-testid="clone-pause"
        />
      )}
      <Text size="xs" c="dimmed">
        The clone gets its own identity (uuid) and network addresses (MACs); CD/DVD images and shared disks
        are used by both. A UEFI guest’s variables and its TPM’s state are copied.
      </Text>
      {error && error.detail?.field !== 'name' && (
        <Alert color="red" data-testid="clone-error">
          {error.message}
        </Alert>
      )}
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose}>
          Cancel
        </Button>
        <Button
          onClick={start}
          disabled={problem !== undefined || refused !== undefined}
          loading={starting}
          data-testid="clone-start"
        >
          Clone
        </Button>
      </Group>
    </Stack>
  );
}

function CloneProgress({
  job,
  onCancel,
  onClose,
  onBack,
}: {
  job: Job;
  onCancel: () => void;
  onClose: () => void;
  onBack: () => void;
}) {
  return (
    <Stack gap="md" data-testid="clone-progress" data-state={job.state}>
      <Text fw={600}>{job.title}</Text>
      {job.state === 'running' && (
        <>
          <Progress
            value={job.progress !== undefined ? job.progress * 100 : 100}
            animated={job.progress === undefined}
            striped={job.progress === undefined}
            aria-label="Progress"
          />
          <Text size="sm" data-testid="clone-step">
            {job.step}
          </Text>
        </>
      )}
      {job.state === 'done' && (
        <Alert color="green" data-testid="clone-done">
          The clone is ready and selected in the list.
        </Alert>
      )}
      {job.state === 'failed' && (
        <Alert color="red" title="The guest could not be cloned" data-testid="clone-failed">
          {job.error?.message ?? 'The job failed without saying why.'}
          <Text size="sm" mt={4}>
            Nothing was left behind: what this attempt made has been removed.
          </Text>
        </Alert>
      )}
      {job.state === 'cancelled' && (
        <Alert color="gray" data-testid="clone-cancelled">
          Cancelled. Anything this attempt made has been removed.
        </Alert>
      )}
      <Group justify="flex-end">
        {job.state === 'running' ? (
          <Button variant="default" color="red" onClick={onCancel} data-testid="clone-cancel">
            Cancel
          </Button>
        ) : job.state === 'done' ? (
          <Button onClick={onClose} data-testid="clone-close">
            Close
          </Button>
        ) : (
          <>
            <Button variant="default" onClick={onClose}>
              Close
            </Button>
            <Button onClick={onBack}>Back</Button>
          </>
        )}
      </Group>
    </Stack>
  );
}
