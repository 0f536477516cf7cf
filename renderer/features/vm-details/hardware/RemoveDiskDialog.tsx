// "Remove…" for a disk: detached, its file kept unless "Delete its file" is ticked. Whether the file may
// go is guest delete's answer (vms.deletePlan: only a pool volume or regular file no other guest uses);
// when it may not, the box is disabled with the reason. The service checks again before deleting.
import { Alert, Button, Checkbox, Group, Modal, Stack, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { DeletePlanDisk, DiskInfo, HardwareEdit, VmDetails } from '../../../../preload/contract';
import { useBridge } from '../../../app/context';

export function RemoveDiskDialog(props: {
  details: VmDetails;
  disk: DiskInfo | null;
  onClose: () => void;
  onRemove: (edit: HardwareEdit) => Promise<boolean>;
}) {
  const bridge = useBridge();
  const { disk, details } = props;
  const [plan, setPlan] = useState<DeletePlanDisk | null>();
  const [deleteFile, setDeleteFile] = useState(false);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    setPlan(undefined);
    setDeleteFile(false);
    if (!disk) return;
    let current = true;
    void bridge.call('vms.deletePlan', { connection: details.connection, uuid: details.uuid }).then((r) => {
      if (current) setPlan(r.ok ? (r.value.disks.find((d) => d.target === disk.target) ?? null) : null);
    });
    return () => {
      current = false;
    };
  }, [bridge, disk, details.connection, details.uuid]);
  if (!disk) return null;
  const kept = plan === null ? 'KVM Desk cannot tell which file it is' : plan?.keptReason;
  const remove = async () => {
    setBusy(true);
    const ok = await props.onRemove({
      kind: 'removeDisk',
      target: disk.target,
      ...(deleteFile ? { deleteFile } : {}),
    });
    setBusy(false);
    if (ok) props.onClose();
  };
  return (
    <Modal
      opened
      onClose={props.onClose}
      title={`Remove ${disk.device === 'cdrom' ? 'CD/DVD drive' : 'disk'} ${disk.target}`}
      data-testid="disk-remove-dialog"
    >
      <Stack gap="sm">
        <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
          {disk.path ?? `The empty drive ${disk.target}`} is detached from “{details.name}”.
          {disk.path && ' Its file stays unless you tick below.'}
        </Text>
        <Checkbox
          label="Delete its file too"
          description={kept ? `Kept: ${kept}.` : plan ? 'No other guest uses it.' : 'Checking who uses it…'}
          checked={deleteFile}
          disabled={!plan || !!kept}
          onChange={(e) => setDeleteFile(e.currentTarget.checked)}
          data-testid="disk-remove-delete"
        />
        {deleteFile && (
          <Alert color="red" variant="light">
            The file and everything the guest stored on it are deleted. This cannot be undone.
          </Alert>
        )}
        {details.state !== 'shutoff' && (
          <Text size="xs" c="dimmed">
            The running guest must let go of the disk (its OS agrees to hot-unplug); otherwise it goes at the
            next start and the file is kept.
          </Text>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onClose}>
            Cancel
          </Button>
          <Button color="red" loading={busy} onClick={() => void remove()} data-testid="disk-remove-confirm">
            {deleteFile ? 'Remove and delete the file' : 'Remove'}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
