// Take a snapshot: a name (prefilled "Snapshot N", editable), a description, and for a running guest
// whether its memory is kept (the default: the guest resumes exactly where it was) or the disks only.
// A refusal from the api (name taken, not possible for this guest) is shown in the dialog, by its field.
import { Alert, Button, Group, Modal, Radio, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useState } from 'react';
import type { ApiError, SnapshotList } from '../../../../preload/contract';

export interface TakeChoice {
  name: string;
  description: string;
  memory: boolean;
}

export function TakeSnapshotDialog({
  list,
  opened,
  onClose,
  onTake,
}: {
  list: SnapshotList;
  opened: boolean;
  onClose: () => void;
  /** starts the job; answers the api's refusal, if any */
  onTake: (choice: TakeChoice) => Promise<ApiError | undefined>;
}) {
  return (
    <Modal opened={opened} onClose={onClose} title="Take a snapshot" size="lg">
      {opened && <TakeForm list={list} onClose={onClose} onTake={onTake} />}
    </Modal>
  );
}

function agentLine(list: SnapshotList, memory: boolean): string {
  if (memory) return 'The memory is kept too: the file systems need no quiesce.';
  if (list.agent === 'connected') return 'The guest agent answers: it freezes the file systems meanwhile.';
  return list.agent === 'none'
    ? 'This guest has no guest agent: the disks are saved as if the power were cut.'
    : 'The guest agent does not answer: the disks are saved as if the power were cut.';
}

function TakeForm({ list, onClose, onTake }: Omit<Parameters<typeof TakeSnapshotDialog>[0], 'opened'>) {
  const [name, setName] = useState(list.suggestedName);
  const [description, setDescription] = useState('');
  const [memory, setMemory] = useState(true);
  const [refusal, setRefusal] = useState<ApiError>();
  const [sending, setSending] = useState(false);
  const running = list.guestRunning;

  async function submit() {
    setSending(true);
    const error = await onTake({ name, description, memory: running && memory });
    setSending(false);
    if (error) setRefusal(error);
    else onClose();
  }
  const nameError = refusal && refusal.detail?.field === 'name' ? refusal.message : undefined;
  const otherError = refusal && !nameError ? refusal.message : undefined;

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <Stack gap="md" data-testid="take-snapshot-dialog">
        <TextInput
          label="Name"
          value={name}
          onChange={(e) => {
            setName(e.currentTarget.value);
            setRefusal(undefined);
          }}
          error={nameError}
          data-autofocus
          data-testid="take-snapshot-name"
        />
        <Textarea
          label="Description"
          placeholder="What is about to change, e.g. “before the update”"
          autosize
          minRows={2}
          value={description}
          onChange={(e) => setDescription(e.currentTarget.value)}
          data-testid="take-snapshot-description"
        />
        {running ? (
          <Radio.Group
            label="What to keep"
            value={memory ? 'memory' : 'disk'}
            onChange={(v) => setMemory(v === 'memory')}
          >
            <Stack gap={6} mt={4}>
              <Radio
                value="memory"
                label="The memory and disks: reverting resumes the guest exactly where it was"
                data-testid="take-snapshot-memory"
              />
              <Radio
                value="disk"
                label="The disks only"
                disabled={list.mechanism.kind === 'internal'}
                description={
                  list.mechanism.kind === 'internal'
                    ? 'For a running guest this needs overlay files (external snapshots); KVM Desk uses them for UEFI and TPM guests and raw disks, and this guest’s snapshots are internal.'
                    : undefined
                }
                data-testid="take-snapshot-disk-only"
              />
            </Stack>
          </Radio.Group>
        ) : (
          <Text size="sm">The guest is shut off: the snapshot keeps its disks’ state.</Text>
        )}
        {running && (
          <Text size="sm" c="dimmed" data-testid="take-snapshot-agent">
            {agentLine(list, memory)}
          </Text>
        )}
        {list.mechanism.note && (
          <Text size="sm" c="dimmed">
            {list.mechanism.note}
          </Text>
        )}
        {otherError && (
          <Alert color="red" data-testid="take-snapshot-refused">
            {otherError}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={sending} data-testid="take-snapshot-submit">
            Take snapshot
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
