// The firmware choice of the Boot card: BIOS, UEFI, UEFI with Secure Boot. Only while the guest is shut
// off (the reason shown otherwise); a choice asks first, warning that an installed OS may not start with
// other firmware, and then is made anyway if the user says so.
import { Button, Group, Modal, Radio, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import type { VmDetails } from '../../../../preload/contract';
import {
  FIRMWARE_LABELS,
  type FirmwareChoice,
  firmwareLocked,
  firmwareUnavailable,
  firmwareWarning,
} from './boot-form';

const CHOICES: FirmwareChoice[] = ['bios', 'efi', 'efi-secure'];

export function FirmwareChoices(props: {
  details: VmDetails;
  current: FirmwareChoice;
  busy: boolean;
  onChange: (f: FirmwareChoice) => void;
}) {
  const { details, current } = props;
  const [asking, setAsking] = useState<FirmwareChoice>();
  const locked = firmwareLocked(details);
  return (
    <>
      <Radio.Group
        label="Firmware"
        description={locked}
        value={current}
        onChange={(v) => v !== current && setAsking(v as FirmwareChoice)}
        data-testid="boot-firmware"
      >
        <Stack gap={6} mt={6}>
          {CHOICES.map((f) => {
            const why = firmwareUnavailable(details, f);
            return (
              <Radio
                key={f}
                value={f}
                label={FIRMWARE_LABELS[f]}
                description={f !== current ? why : undefined}
                disabled={!!locked || !!why || props.busy}
                data-testid={`boot-firmware-${f}`}
              />
            );
          })}
        </Stack>
      </Radio.Group>
      <Modal
        opened={asking !== undefined}
        onClose={() => setAsking(undefined)}
        title={asking ? `Start from ${FIRMWARE_LABELS[asking]}?` : ''}
        data-testid="boot-firmware-confirm"
      >
        {asking && (
          <Stack gap="md">
            <Text size="sm">{firmwareWarning(current, asking)}</Text>
            <Group justify="flex-end" gap="xs">
              <Button variant="default" onClick={() => setAsking(undefined)}>
                Cancel
              </Button>
              <Button
                color="orange"
                onClick={() => {
                  props.onChange(asking);
                  setAsking(undefined);
                }}
                data-testid="boot-firmware-confirm-change"
              >
                Change to {FIRMWARE_LABELS[asking]}
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </>
  );
}
