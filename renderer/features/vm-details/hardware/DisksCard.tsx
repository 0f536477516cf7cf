// Storage: every disk and CD/DVD drive with its file (on its own line so long paths fit), its size, bus and
// format. A disk can be edited (grown; bus, cache, discard, read-only) and removed (its file kept unless
// asked); a CD drive's disc inserted or ejected; new disks and, while the guest is off, CD/DVD drives added.
// A running guest's drive whose removal waits for the guest (or its next start) says so, with no Remove.
import { Badge, Button, Group, Text, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconDeviceFloppy, IconDisc, IconServer2 } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import type { DiskInfo, HardwareEdit, VmDetails } from '../../../../preload/contract';
import { formatBytes } from '../../create-wizard/format';
import { AddDiskDialog } from './AddDiskDialog';
import { CdromMedia } from './CdromMedia';
import { DeviceListCard } from './DeviceListCard';
import { DiskEditDialog } from './DiskEditDialog';
import { cdromBusFor } from './disk-form';
import { RemoveDiskDialog } from './RemoveDiskDialog';
import { useHardwareEdit } from './useHardwareEdit';

const ICONS = { disk: IconServer2, cdrom: IconDisc, floppy: IconDeviceFloppy, lun: IconServer2 };
const WORDS = { disk: 'Disk', cdrom: 'CD/DVD', floppy: 'Floppy', lun: 'LUN' };
const FAILED: Partial<Record<HardwareEdit['kind'], string>> = {
  newDisk: 'Could not add the disk',
  attachDisk: 'Could not attach the disk',
  growDisk: 'Could not grow the disk',
  diskSettings: 'Could not change the disk',
  removeDisk: 'Could not remove the disk',
  addCdrom: 'Could not add the CD/DVD drive',
};

/** `details`: the guest, for the edits (absent while the details load) */
export function DisksCard({
  disks,
  details,
  addAsked,
}: {
  disks?: DiskInfo[];
  details?: VmDetails;
  /** Add hardware's "Disk…": a new number each time it is chosen */
  addAsked?: number;
}) {
  const edit = useHardwareEdit(details);
  const [adding, setAdding] = useState(false);
  useEffect(() => {
    if (addAsked) setAdding(true);
  }, [addAsked]);
  const [editing, setEditing] = useState<DiskInfo | null>(null);
  const [removing, setRemoving] = useState<DiskInfo | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (e: HardwareEdit): Promise<boolean> => {
    const out = await edit(e, FAILED[e.kind] ?? 'Could not change the disk');
    // what the service has to say beyond "done": the new size, the file deleted or kept
    if (out?.note && out.applied !== 'nextStart')
      notifications.show({ color: 'green', title: 'Done', message: out.note });
    return out !== undefined;
  };
  const rows = disks?.map((d) => {
    const Icon = ICONS[d.device] ?? IconServer2;
    return {
      key: d.target,
      testId: `disk-${d.target}`,
      icon: <Icon size={20} stroke={1.5} style={{ flex: 'none', marginTop: 2 }} />,
      main: d.path ?? 'empty',
      actions: details && (
        <DiskActions disk={d} details={details} onEdit={setEditing} onRemove={setRemoving} />
      ),
      sub: (
        <Group gap={6}>
          <Text size="xs" c="dimmed">
            {[
              WORDS[d.device] ?? d.device,
              d.target,
              d.capacityBytes !== undefined && formatBytes(d.capacityBytes),
              d.bus,
              d.format,
              d.cache && `cache ${d.cache}`,
            ]
              .filter(Boolean)
              .join(' · ')}
          </Text>
          {d.readonly && d.device !== 'cdrom' && (
            <Badge size="xs" variant="light" color="gray">
              read-only
            </Badge>
          )}
          {d.nextStart && (
            <Badge size="xs" variant="light" color="yellow" data-testid={`disk-${d.target}-next-start`}>
              {d.nextStart} at next start
            </Badge>
          )}
        </Group>
      ),
    };
  });
  const off = details?.state === 'shutoff';
  const addCdrom = async () => {
    if (!details) return;
    setBusy(true);
    await run({ kind: 'addCdrom', bus: cdromBusFor(details.machine, details.disks) });
    setBusy(false);
  };
  return (
    <>
      <DeviceListCard
        title="Storage"
        testId="details-disks"
        none="No disks."
        rows={rows}
        footer={
          details && (
            <>
              <Button
                size="compact-xs"
                variant="light"
                onClick={() => setAdding(true)}
                data-testid="disk-add"
              >
                Add disk…
              </Button>
              <Tooltip label="A CD/DVD drive is added while the guest is shut off" disabled={off}>
                <Button
                  size="compact-xs"
                  variant="light"
                  disabled={!off}
                  loading={busy}
                  onClick={() => void addCdrom()}
                  data-testid="cdrom-add"
                >
                  Add CD/DVD drive
                </Button>
              </Tooltip>
            </>
          )
        }
      />
      {details && (
        <>
          <AddDiskDialog details={details} opened={adding} onClose={() => setAdding(false)} onAdd={run} />
          {editing && (
            <DiskEditDialog
              key={`${editing.target}\n${editing.capacityBytes}`}
              details={details}
              disk={details.disks.find((d) => d.target === editing.target) ?? editing}
              onClose={() => setEditing(null)}
              onEdit={run}
            />
          )}
          <RemoveDiskDialog
            details={details}
            disk={removing}
            onClose={() => setRemoving(null)}
            onRemove={run}
          />
        </>
      )}
    </>
  );
}

function DiskActions(props: {
  disk: DiskInfo;
  details: VmDetails;
  onEdit: (d: DiskInfo) => void;
  onRemove: (d: DiskInfo) => void;
}) {
  const { disk, details } = props;
  // its removal is pending: nothing more to do with it in this run of the guest
  if (disk.nextStart === 'removed') return null;
  if (disk.device !== 'disk' && disk.device !== 'cdrom') return null;
  return (
    <Group gap={4} wrap="nowrap" style={{ flex: 'none' }}>
      {disk.device === 'cdrom' ? (
        <CdromMedia details={details} disk={disk} />
      ) : (
        <Button
          size="compact-xs"
          variant="light"
          onClick={() => props.onEdit(disk)}
          data-testid={`disk-${disk.target}-edit`}
        >
          Edit…
        </Button>
      )}
      <Button
        size="compact-xs"
        variant="subtle"
        color="red"
        onClick={() => props.onRemove(disk)}
        data-testid={`disk-${disk.target}-remove`}
      >
        Remove…
      </Button>
    </Group>
  );
}
