// Storage: every disk and CD/DVD drive with its file, the file on its own line so long paths fit.
import { Badge, Group, Text } from '@mantine/core';
import { IconDeviceFloppy, IconDisc, IconServer2 } from '@tabler/icons-react';
import type { DiskInfo, VmDetails } from '../../../../preload/contract';
import { CdromMedia } from './CdromMedia';
import { DeviceListCard } from './DeviceListCard';

const ICONS = { disk: IconServer2, cdrom: IconDisc, floppy: IconDeviceFloppy, lun: IconServer2 };
const WORDS = { disk: 'Disk', cdrom: 'CD/DVD', floppy: 'Floppy', lun: 'LUN' };

/** `details`: the guest, for a CD drive's Insert / Eject (absent while the details load) */
export function DisksCard({ disks, details }: { disks?: DiskInfo[]; details?: VmDetails }) {
  const rows = disks?.map((d) => {
    const Icon = ICONS[d.device] ?? IconServer2;
    return {
      key: d.target,
      testId: `disk-${d.target}`,
      icon: <Icon size={20} stroke={1.5} style={{ flex: 'none', marginTop: 2 }} />,
      main: d.path ?? 'empty',
      actions: details && d.device === 'cdrom' ? <CdromMedia details={details} disk={d} /> : undefined,
      sub: (
        <Group gap={6}>
          <Text size="xs" c="dimmed">
            {[WORDS[d.device] ?? d.device, d.target, d.bus, d.format].filter(Boolean).join(' · ')}
          </Text>
          {d.readonly && (
            <Badge size="xs" variant="light" color="gray">
              read-only
            </Badge>
          )}
        </Group>
      ),
    };
  });
  return <DeviceListCard title="Storage" testId="details-disks" none="No disks." rows={rows} />;
}
