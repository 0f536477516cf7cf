// The create job as it runs: its steps (disk, define, start), a progress bar and Cancel; at the end the
// result, or the cause of the failure (the job has already removed what it made).
import { Alert, Button, Group, Loader, Progress, Stack, Text, ThemeIcon } from '@mantine/core';
import { IconCheck, IconX } from '@tabler/icons-react';
import type { ApiError, Job } from '../../../preload/contract';

export interface CreateProgressProps {
  job?: Job;
  /** the create.start call itself failed (before any job existed) */
  startError?: ApiError;
  /** every distinct step the job has reported, in order */
  steps: string[];
  /** what to say when the job is done: "… is running" or "… is defined, not started" */
  doneText: string;
  cancelling: boolean;
  onCancel: () => void;
  onBack: () => void;
  onClose: () => void;
}

export function CreateProgress({
  job,
  startError,
  steps,
  doneText,
  cancelling,
  onCancel,
  onBack,
  onClose,
}: CreateProgressProps) {
  const state = startError ? 'failed' : (job?.state ?? 'running');
  const error = startError ?? job?.error;
  const undoing = state === 'running' && job !== undefined && isUndo(job.step);
  return (
    <Stack gap="md" data-testid="create-progress" data-state={state}>
      <Text fw={600}>{job?.title ?? 'Creating the guest'}</Text>
      {state === 'running' && (
        <Progress
          value={job?.progress !== undefined ? job.progress * 100 : 100}
          animated={job?.progress === undefined}
          striped={job?.progress === undefined}
          aria-label="Progress"
        />
      )}
      <Stack gap={6} data-testid="job-steps">
        {steps.map((step, i) => {
          const last = i === steps.length - 1;
          const status =
            !last || state === 'done' ? 'done' : state === 'running' && !undoing ? 'running' : 'failed';
          return <StepLine key={step} text={step} status={status} />;
        })}
        {undoing && (
          <Group gap="xs" data-testid="job-undoing">
            <Loader size={18} color="gray" />
            <Text size="sm" c="dimmed">
              {job?.step}…
            </Text>
          </Group>
        )}
      </Stack>
      {state === 'done' && (
        <Alert color="green" data-testid="create-done">
          {doneText}
        </Alert>
      )}
      {state === 'failed' && (
        <Alert color="red" title="The guest could not be created" data-testid="create-failed">
          {error?.message ?? 'The job failed without saying why.'}
          <Text size="sm" mt={4}>
            Nothing was left behind: what this attempt made has been removed.
          </Text>
        </Alert>
      )}
      {state === 'cancelled' && (
        <Alert color="gray" data-testid="create-cancelled">
          Cancelled. Anything this attempt made has been removed.
        </Alert>
      )}
      <Group justify="flex-end" data-wizard-focus>
        {state === 'running' ? (
          <Button
            variant="default"
            color="red"
            loading={cancelling}
            onClick={onCancel}
            disabled={!job}
            data-testid="cancel-job"
          >
            Cancel
          </Button>
        ) : state === 'done' ? (
          <Button onClick={onClose} data-testid="close-wizard">
            Close
          </Button>
        ) : (
          <>
            <Button variant="default" onClick={onClose}>
              Close
            </Button>
            <Button onClick={onBack} data-testid="back-to-summary">
              Back to the summary
            </Button>
          </>
        )}
      </Group>
    </Stack>
  );
}

function StepLine({ text, status }: { text: string; status: 'done' | 'running' | 'failed' }) {
  return (
    <Group gap="xs" data-testid="job-step" data-status={status}>
      {status === 'running' ? (
        <Loader size={18} />
      ) : (
        <ThemeIcon size={18} radius="xl" color={status === 'done' ? 'green' : 'red'}>
          {status === 'done' ? <IconCheck size={12} /> : <IconX size={12} />}
        </ThemeIcon>
      )}
      <Text size="sm">{text}</Text>
    </Group>
  );
}

// after a failure the job reports that it removes what it made: not a step of the work, the failed
// step stays the last one shown
const isUndo = (step: string) => /^undoing/i.test(step);

// the job runner's own words for "not begun" and for the end: not steps of the work
const RUNNER_STEPS = new Set(['Starting', 'Done', 'Failed', 'Cancelled']);

/** Adds the job's current step to the list unless it is already there or is not a step of the work. */
export function addStep(steps: string[], job: Job): string[] {
  if (!job.step || RUNNER_STEPS.has(job.step) || isUndo(job.step) || job.state !== 'running') return steps;
  if (steps.includes(job.step)) return steps;
  return [...steps, job.step];
}
