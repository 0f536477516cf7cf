// The tab's snapshot job as it runs (title, step, an indeterminate bar: libvirt reports no progress for
// snapshots) and how it ended: done, or failed with libvirt's cause (the guest was left as it was).
import { Alert, Group, Loader, Progress, Stack, Text } from '@mantine/core';
import type { Job } from '../../../../preload/contract';

export function SnapshotJobBanner({ job, onDismiss }: { job?: Job; onDismiss: () => void }) {
  if (!job) return null;
  if (job.state === 'running')
    return (
      <Stack gap={6} data-testid="snapshot-job" data-state="running">
        <Group gap="xs">
          <Loader size={16} />
          <Text size="sm" fw={600}>
            {job.title}
          </Text>
          <Text size="sm" c="dimmed">
            {job.step}
          </Text>
        </Group>
        <Progress
          value={job.progress !== undefined ? job.progress * 100 : 100}
          animated={job.progress === undefined}
          striped={job.progress === undefined}
          aria-label={job.title}
        />
      </Stack>
    );
  if (job.state === 'done')
    return (
      <Alert color="green" withCloseButton onClose={onDismiss} data-testid="snapshot-job" data-state="done">
        {job.title}: done.
      </Alert>
    );
  return (
    <Alert
      color="red"
      title={`${job.title}: failed`}
      withCloseButton
      onClose={onDismiss}
      data-testid="snapshot-job"
      data-state={job.state}
    >
      <Text size="sm">{job.error?.message ?? 'The job failed without saying why.'}</Text>
      <Text size="sm" mt={4}>
        The guest and its snapshots were left as they were.
      </Text>
    </Alert>
  );
}
