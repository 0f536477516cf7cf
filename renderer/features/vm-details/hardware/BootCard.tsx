// Boot: the order the firmware tries disk, CD/DVD and network in (each on or off, moved with up/down
// buttons), the boot menu, and the firmware (BIOS, UEFI, UEFI with Secure Boot; only while shut off,
// after a warning that an installed OS may not start with another). Each is one vms.edit.
import { ActionIcon, Alert, Button, Card, Checkbox, Group, Stack, Switch, Text, Title } from '@mantine/core';
import { IconChevronDown, IconChevronUp } from '@tabler/icons-react';
import { useState } from 'react';
import type { VmDetails } from '../../../../preload/contract';
import {
  BOOT_LABELS,
  type BootRow,
  bootOrderEdit,
  bootProblem,
  bootRowsOf,
  type FirmwareChoice,
  firmwareOfDetails,
  missingDevice,
  moveRow,
  toggleRow,
} from './boot-form';
import { FirmwareChoices } from './FirmwareChoices';
import { useHardwareEdit } from './useHardwareEdit';

export function BootCard({ details }: { details?: VmDetails }) {
  const edit = useHardwareEdit(details);
  // the order being arranged; undefined: the saved one is shown
  const [rows, setRows] = useState<BootRow[]>();
  const [busy, setBusy] = useState<string>();
  const [nvramNote, setNvramNote] = useState(false);
  const boot = details?.boot;
  if (!details || !boot)
    return (
      <Card withBorder padding="md" data-testid="details-boot">
        <Title order={4} size="h5" mb="xs">
          Boot
        </Title>
        <Text size="sm" c="dimmed">
          …
        </Text>
      </Card>
    );
  const shown = rows ?? bootRowsOf(boot);
  const problem = bootProblem(shown);
  const change = rows && bootOrderEdit(boot, rows);
  const running = details.state !== 'shutoff';

  const run = async (key: string, ...a: Parameters<typeof edit>) => {
    setBusy(key);
    const r = await edit(...a);
    setBusy(undefined);
    return r;
  };
  const saveOrder = async () => {
    if (change && (await run('order', change, 'Could not change the boot order'))) setRows(undefined);
  };
  const changeFirmware = async (firmware: FirmwareChoice) => {
    const r = await run('firmware', { kind: 'firmware', firmware }, 'Could not change the firmware');
    setNvramNote(r?.nvramNeedsReset === true);
  };

  return (
    <Card withBorder padding="md" data-testid="details-boot">
      <Title order={4} size="h5" mb="xs">
        Boot
      </Title>
      <Stack gap="sm">
        <div>
          <Text size="sm" fw={500} id="boot-order-label">
            Boot order
          </Text>
          <Stack gap={4} mt={4} role="list" aria-labelledby="boot-order-label" data-testid="boot-order">
            {shown.map((r, i) => (
              <Group key={r.dev} gap="xs" wrap="nowrap" role="listitem" data-testid={`boot-${r.dev}`}>
                <Checkbox
                  size="xs"
                  checked={r.on}
                  onChange={(e) => setRows(toggleRow(shown, i, e.currentTarget.checked))}
                  label={`${BOOT_LABELS[r.dev]}${missingDevice(details, r.dev) ? ` (${missingDevice(details, r.dev)})` : ''}`}
                  style={{ flex: 1 }}
                  data-testid={`boot-${r.dev}-on`}
                />
                <ActionIcon
                  size="sm"
                  variant="subtle"
                  aria-label={`Move ${BOOT_LABELS[r.dev]} up`}
                  disabled={i === 0}
                  onClick={() => setRows(moveRow(shown, i, -1))}
                  data-testid={`boot-${r.dev}-up`}
                >
                  <IconChevronUp size={16} />
                </ActionIcon>
                <ActionIcon
                  size="sm"
                  variant="subtle"
                  aria-label={`Move ${BOOT_LABELS[r.dev]} down`}
                  disabled={i === shown.length - 1}
                  onClick={() => setRows(moveRow(shown, i, 1))}
                  data-testid={`boot-${r.dev}-down`}
                >
                  <IconChevronDown size={16} />
                </ActionIcon>
              </Group>
            ))}
          </Stack>
          {boot.perDevice && (
            <Text size="xs" c="dimmed" mt={4}>
              The order is set on each device; saving here sets it by kind of device instead.
            </Text>
          )}
          {problem && (
            <Text size="xs" c="red" role="alert" mt={4} data-testid="boot-order-problem">
              {problem}
            </Text>
          )}
          {rows && (
            <Group gap="xs" mt="xs">
              <Button
                size="xs"
                onClick={() => void saveOrder()}
                loading={busy === 'order'}
                disabled={!change || busy !== undefined}
                data-testid="boot-order-save"
              >
                Save order
              </Button>
              <Button
                size="xs"
                variant="default"
                onClick={() => setRows(undefined)}
                disabled={busy !== undefined}
              >
                Cancel
              </Button>
              {running && (
                <Text size="xs" c="dimmed">
                  Applies when the guest next starts.
                </Text>
              )}
            </Group>
          )}
        </div>
        <Switch
          label="Show a boot menu at start"
          description="The firmware waits for a key to choose where to start from."
          checked={boot.menu}
          disabled={busy !== undefined}
          onChange={(e) =>
            void run(
              'menu',
              { kind: 'bootMenu', enabled: e.currentTarget.checked },
              'Could not change the boot menu',
            )
          }
          data-testid="boot-menu"
        />
        <FirmwareChoices
          details={details}
          current={firmwareOfDetails(details)}
          busy={busy === 'firmware'}
          onChange={(f) => void changeFirmware(f)}
        />
        {nvramNote && (
          <Alert color="yellow" title="Its UEFI variables are from before" data-testid="boot-nvram-reset">
            This guest keeps its UEFI variables (boot entries, Secure Boot keys), made for the other Secure
            Boot setting. Until they are reset, its keys are not what the new firmware expects: start it once
            with its variables reset (virsh start --reset-nvram), which also forgets its boot entries.
          </Alert>
        )}
      </Stack>
    </Card>
  );
}
