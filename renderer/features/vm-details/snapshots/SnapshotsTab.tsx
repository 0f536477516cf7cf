// Snapshots: the mechanism line (how this guest's snapshots are taken, or why not yet), Take…, the tree
// with Revert / Delete / Delete with children / the description, and the running job. Every change is a
// job (take, revert, delete) or one call (description); the tree is read again when it ends.
import { Alert, Button, Group, Loader, Stack, Text } from '@mantine/core';
import { IconCameraPlus, IconInfoCircle } from '@tabler/icons-react';
import { useState } from 'react';
import type { SnapshotNode, VmSummary } from '../../../../preload/contract';
import { useBridge } from '../../../app/context';
import { showApiError } from '../../../app/errors';
import { type Confirmation, ConfirmSnapshotDialog, DescribeSnapshotDialog } from './SnapshotDialogs';
import { SnapshotJobBanner } from './SnapshotJobBanner';
import { SnapshotTree } from './SnapshotTree';
import { TakeSnapshotDialog } from './TakeSnapshotDialog';
import { useSnapshotJob } from './useSnapshotJob';
import { useSnapshots } from './useSnapshots';

export function SnapshotsTab({ vm }: { vm: VmSummary }) {
  const bridge = useBridge();
  const ref = { connection: vm.connection, uuid: vm.uuid };
  const { list, error, reload } = useSnapshots(ref);
  const job = useSnapshotJob(() => void reload());
  const [taking, setTaking] = useState(false);
  const [confirmation, setConfirmation] = useState<Confirmation>();
  const [describing, setDescribing] = useState<SnapshotNode>();

  if (!list)
    return error ? (
      <Alert color="red" title="The snapshots could not be read" data-testid="snapshots-error">
        {error.message}
      </Alert>
    ) : (
      <Loader size="sm" data-testid="snapshots-loading" />
    );

  async function confirmed(c: Confirmation) {
    setConfirmation(undefined);
    const name = c.snapshot.name;
    const refusal = await job.run((b) =>
      c.action === 'revert'
        ? b.call('snapshots.revert', { ...ref, name })
        : b.call('snapshots.delete', { ...ref, name, children: c.action === 'deleteChildren' }),
    );
    if (refusal)
      showApiError(bridge, refusal, {
        title: c.action === 'revert' ? `Could not revert to “${name}”` : `Could not delete “${name}”`,
      });
  }

  async function saveDescription(s: SnapshotNode, description: string): Promise<boolean> {
    const r = await bridge.call('snapshots.setDescription', { ...ref, name: s.name, description });
    if (!r.ok) showApiError(bridge, r.error, { title: `Could not change the description of “${s.name}”` });
    else void reload();
    return r.ok;
  }

  const m = list.mechanism;
  return (
    <Stack gap="md" data-testid="details-snapshots">
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <Stack gap={2}>
          <Group gap={6} wrap="nowrap" align="flex-start">
            <IconInfoCircle size={18} stroke={1.5} style={{ flex: 'none', marginTop: 2 }} />
            <Text size="sm" data-testid="snapshots-mechanism" data-kind={m.kind} data-supported={m.supported}>
              {m.line}
            </Text>
          </Group>
          {m.note && (
            <Text size="sm" c="dimmed" pl={24} data-testid="snapshots-mechanism-note">
              {m.note}
            </Text>
          )}
        </Stack>
        <Button
          leftSection={<IconCameraPlus size={16} />}
          onClick={() => setTaking(true)}
          disabled={!m.supported || job.busy}
          style={{ flex: 'none' }}
          data-testid="snapshot-take"
        >
          Take snapshot…
        </Button>
      </Group>
      <SnapshotJobBanner job={job.job} onDismiss={job.dismiss} />
      {list.count === 0 ? (
        <Text c="dimmed" data-testid="snapshots-none">
          No snapshots yet.
        </Text>
      ) : (
        <SnapshotTree
          tree={list.tree}
          busy={job.busy}
          onRevert={(s) => setConfirmation({ action: 'revert', snapshot: s })}
          onDelete={(s, children) =>
            setConfirmation({ action: children ? 'deleteChildren' : 'delete', snapshot: s })
          }
          onDescribe={setDescribing}
        />
      )}
      <TakeSnapshotDialog
        list={list}
        opened={taking}
        onClose={() => setTaking(false)}
        onTake={(choice) => job.run((b) => b.call('snapshots.take', { ...ref, ...choice }))}
      />
      <ConfirmSnapshotDialog
        confirmation={confirmation}
        list={list}
        onClose={() => setConfirmation(undefined)}
        onConfirm={(c) => void confirmed(c)}
      />
      <DescribeSnapshotDialog
        snapshot={describing}
        onClose={() => setDescribing(undefined)}
        onSave={saveDescription}
      />
    </Stack>
  );
}
