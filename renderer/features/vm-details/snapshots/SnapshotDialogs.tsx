// The confirmations (revert: "unsaved changes since the snapshot are lost"; delete one or a subtree) and
// the description editor. Each says exactly what happens to the guest and to the other snapshots.
import { Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import type { SnapshotList, SnapshotNode } from '../../../../preload/contract';
import { countBelow } from './SnapshotTree';

export type Confirmation = { action: 'revert' | 'delete' | 'deleteChildren'; snapshot: SnapshotNode };

function confirmText(c: Confirmation, list: SnapshotList): { title: string; body: string[]; button: string } {
  const s = c.snapshot;
  const below = countBelow(s);
  const later = `${below} later ${below === 1 ? 'snapshot' : 'snapshots'}`;
  if (c.action === 'revert')
    return {
      title: `Revert to “${s.name}”?`,
      body: [
        'Unsaved changes since the snapshot are lost.',
        s.kind === 'memory'
          ? 'The guest resumes exactly where it was when the snapshot was taken.'
          : list.guestRunning
            ? 'The guest is stopped and its disks go back to the snapshot’s state.'
            : 'Its disks go back to the snapshot’s state.',
        ...(s.location === 'external'
          ? [
              'The disks continue on new overlay files; the UEFI variables and the TPM’s state go back to those KVM Desk kept with the snapshot.',
            ]
          : []),
        ...(list.mechanism.note ? [list.mechanism.note] : []),
      ],
      button: 'Revert',
    };
  if (c.action === 'delete')
    return {
      title: `Delete the snapshot “${s.name}”?`,
      body: [
        'The guest itself does not change.',
        ...(below > 0 ? [`Its ${later} are kept: they move up to its place in the tree.`] : []),
      ],
      button: 'Delete',
    };
  return {
    title: `Delete “${s.name}” and its ${later}?`,
    body: ['The guest itself does not change. These snapshots cannot be brought back.'],
    button: `Delete ${below + 1} snapshots`,
  };
}

export function ConfirmSnapshotDialog({
  confirmation,
  list,
  onClose,
  onConfirm,
}: {
  confirmation?: Confirmation;
  list: SnapshotList;
  onClose: () => void;
  onConfirm: (c: Confirmation) => void;
}) {
  const text = confirmation && confirmText(confirmation, list);
  return (
    <Modal opened={!!confirmation} onClose={onClose} title={text?.title}>
      {confirmation && text && (
        <Stack gap="md" data-testid="snapshot-confirm" data-action={confirmation.action}>
          {text.body.map((line) => (
            <Text key={line} size="sm">
              {line}
            </Text>
          ))}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose} data-autofocus>
              Cancel
            </Button>
            <Button
              color={confirmation.action === 'revert' ? undefined : 'red'}
              onClick={() => onConfirm(confirmation)}
              data-testid="snapshot-confirm-button"
            >
              {text.button}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}

export function DescribeSnapshotDialog({
  snapshot,
  onClose,
  onSave,
}: {
  snapshot?: SnapshotNode;
  onClose: () => void;
  /** answers false when it failed (the error is shown by the caller) */
  onSave: (s: SnapshotNode, description: string) => Promise<boolean>;
}) {
  return (
    <Modal opened={!!snapshot} onClose={onClose} title={snapshot && `Description of “${snapshot.name}”`}>
      {snapshot && <DescribeForm snapshot={snapshot} onClose={onClose} onSave={onSave} />}
    </Modal>
  );
}

function DescribeForm({
  snapshot,
  onClose,
  onSave,
}: {
  snapshot: SnapshotNode;
  onClose: () => void;
  onSave: (s: SnapshotNode, description: string) => Promise<boolean>;
}) {
  const [text, setText] = useState(snapshot.description);
  const [saving, setSaving] = useState(false);
  return (
    <form
      onSubmit={async (e) => {
        e.preventDefault();
        setSaving(true);
        const ok = await onSave(snapshot, text);
        setSaving(false);
        if (ok) onClose();
      }}
    >
      <Stack gap="md">
        <Textarea
          label="Description"
          autosize
          minRows={3}
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          data-autofocus
          data-testid="snapshot-description-input"
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={saving} data-testid="snapshot-description-save">
            Save
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
