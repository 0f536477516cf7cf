// Storage: every disk and CD/DVD drive with its file, the file on its own line so long paths fit.
import { Badge, Card, Group, Stack, Text, Title } from '@mantine/core';
import { IconDeviceFloppy, IconDisc, IconServer2 } from '@tabler/icons-react';
import type { DiskInfo } from '../../../preload/contract';

const ICONS = { disk: IconServer2, cdrom: IconDisc, floppy: IconDeviceFloppy, lun: IconServer2 };
const WORDS = { disk: 'Disk', cdrom: 'CD/DVD', floppy: 'Floppy', lun: 'LUN' };

export function DisksCard({ disks }: { disks?: DiskInfo[] }) {
  return (
    <Card withBorder padding="md" data-testid="details-disks">
      <Title order={4} size="h5" mb="xs">
        Storage
      </Title>
      {!disks ? (
        <Text size="sm" c="dimmed">
          …
        </Text>
      ) : disks.length === 0 ? (
        <Text size="sm" c="dimmed">
          No disks.
        </Text>
      ) : (
        <Stack gap="xs">
          {disks.map((d) => {
            const Icon = ICONS[d.device] ?? IconServer2;
            return (
              <Group
                key={d.target}
                gap="sm"
                wrap="nowrap"
                align="flex-start"
                data-testid={`disk-${d.target}`}
              >
                <Icon size={20} stroke={1.5} style={{ flex: 'none', marginTop: 2 }} />
                <Stack gap={0} style={{ minWidth: 0 }}>
                  <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                    {d.path ?? 'empty'}
                  </Text>
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
                </Stack>
              </Group>
            );
          })}
        </Stack>
      )}
    </Card>
  );
}
