// Step 4: what will be made, with the choices KVM Desk made and why; name, firmware, TPM and network
// can be changed here. "Customise before creating" defines the guest without starting it.
import {
  Alert,
  Anchor,
  Checkbox,
  Code,
  Collapse,
  Group,
  Input,
  List,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useState } from 'react';
import type { CreateDefaults, FieldProblem, Firmware, NetworkInfo, OsEntry } from '../../../preload/contract';
import { errorText, Warnings } from './FieldMessages';
import { formatMiB } from './format';
import { NetworkChoice } from './NetworkChoice';
import { editField, problemsOf, touch, type WizardState } from './wizard-state';

export interface SummaryStepProps {
  state: WizardState;
  /** the chosen host's name, shown when the user could choose among several */
  hostName?: string;
  problems: FieldProblem[];
  /** problems that belong to no step's field */
  otherProblems: FieldProblem[];
  defaults?: CreateDefaults;
  os?: OsEntry;
  networks?: NetworkInfo[];
  networkBusy: boolean;
  networkError?: string;
  acceleratorWarning?: string;
  onChange: (next: (s: WizardState) => WizardState) => void;
  onCreateDefaultNetwork: () => void;
}

/**
 * The name's error; the characters it refuses as code chips, so '"' reads as one quote (a sentence
 * quoting it read '"""').
 */
function nameError(problems: FieldProblem[]) {
  const err = problems.find((p) => p.severity === 'error');
  if (!err?.refused?.length) return errorText(problems);
  const chars = err.refused.filter((c) => c !== 'space');
  const spaces = chars.length < err.refused.length;
  return (
    <span data-testid="name-refused">
      A guest name can't contain{spaces ? ' spaces' : ''}
      {spaces && chars.length ? ' or' : ''}
      {chars.length > 0 && (
        <Group component="span" gap={4} display="inline-flex" mx={4} style={{ verticalAlign: 'middle' }}>
          {chars.map((c) => (
            <Code key={c} c="red" fz="sm" data-testid="refused-char">
              {c}
            </Code>
          ))}
        </Group>
      )}
      .{' '}
      <Text span inherit>
        Use letters, digits, dots (.), hyphens (-) and underscores (_).
      </Text>
    </span>
  );
}

function sourceLabel(state: WizardState): string {
  if (state.sourceKind === 'pxe') return 'Network boot (PXE)';
  return `${state.sourceKind === 'iso' ? 'ISO' : 'Disk image'} ${state.path}`;
}

export function SummaryStep(props: SummaryStepProps) {
  const { state, problems, otherProblems, defaults, os, onChange } = props;
  const name = problemsOf(problems, 'name');
  const firmware = problemsOf(problems, 'firmware');
  const tpm = problemsOf(problems, 'tpm');
  const virtio = problemsOf(problems, 'virtioWinIso');

  return (
    <Stack gap="sm">
      {props.acceleratorWarning && (
        <Alert color="orange" icon={<IconAlertTriangle size={18} />} p="xs" data-testid="accelerator-warning">
          {props.acceleratorWarning}
        </Alert>
      )}
      {otherProblems.map((p) => (
        <Alert
          key={p.message}
          color={p.severity === 'error' ? 'red' : 'yellow'}
          p="xs"
          data-testid="other-problem"
        >
          {p.message}
        </Alert>
      ))}
      <TextInput
        label="Name"
        description="Letters, digits, dots, hyphens and underscores."
        value={state.name}
        onChange={(e) => {
          const value = e.currentTarget.value;
          onChange((s) => editField(s, 'name', value));
        }}
        onBlur={() => onChange((s) => touch(s, 'name'))}
        error={nameError(name)}
        data-testid="name"
        data-autofocus
        spellCheck={false}
      />
      <Warnings problems={name} />
      <Table withRowBorders={false} verticalSpacing={2} data-testid="summary-table">
        <Table.Tbody>
          {props.hostName && <Row label="Host" value={props.hostName} testId="summary-host" />}
          <Row label="Install from" value={sourceLabel(state)} />
          <Row
            label="Operating system"
            value={`${os?.name ?? 'Unknown (generic defaults)'}${defaults?.note ? ` (${defaults.note})` : ''}`}
            testId="summary-os"
          />
          <Row
            label="Hardware"
            value={`${formatMiB(Number(state.memoryMiB))} memory, ${state.vcpus} vCPU${state.vcpus === 1 ? '' : 's'}${
              state.sourceKind === 'import'
                ? ''
                : `, ${state.diskGiB} GiB disk${state.pool ? ` in pool “${state.pool}”` : ''}`
            }`}
          />
          {os?.family === 'windows' && state.virtioWinIso.trim() && (
            <Row
              label="Drivers"
              value={`virtio-win ${state.virtioWinIso.trim()} (second CD-ROM; virtio disk and network)`}
              testId="summary-drivers"
            />
          )}
        </Table.Tbody>
      </Table>
      <SimpleGrid cols={2} spacing="md">
        <Stack gap={4}>
          <Input.Wrapper label="Firmware" error={errorText(firmware)}>
            <SegmentedControl
              fullWidth
              aria-label="Firmware"
              value={state.firmware}
              onChange={(v) => onChange((s) => touch(editField(s, 'firmware', v as Firmware), 'firmware'))}
              data={[
                { value: 'bios', label: 'BIOS' },
                { value: 'uefi', label: 'UEFI' },
                { value: 'uefi-secure', label: 'UEFI + Secure Boot' },
              ]}
              data-testid="firmware"
            />
          </Input.Wrapper>
          <Warnings problems={firmware} />
          <Switch
            mt={6}
            label="Emulated TPM 2.0"
            checked={state.tpm}
            onChange={(e) => {
              const checked = e.currentTarget.checked;
              onChange((s) => touch(editField(s, 'tpm', checked), 'tpm'));
            }}
            error={errorText(tpm)}
            data-testid="tpm"
          />
          <Warnings problems={tpm} />
        </Stack>
        <NetworkChoice
          value={state.network}
          networks={props.networks}
          error={errorText(problemsOf(problems, 'network'))}
          busy={props.networkBusy}
          actionError={props.networkError}
          startNetwork={state.startNetwork}
          onChange={(v) => onChange((s) => touch(editField(s, 'network', v), 'network'))}
          onStartNetworkChange={(start) => onChange((s) => touch({ ...s, startNetwork: start }, 'network'))}
          onCreateDefault={props.onCreateDefaultNetwork}
        />
      </SimpleGrid>
      {os?.family === 'windows' && (
        <TextInput
          label="virtio-win driver ISO (optional)"
          description="With the drivers, Windows gets the faster virtio disk and network."
          placeholder="/var/lib/libvirt/images/virtio-win.iso"
          value={state.virtioWinIso}
          onChange={(e) => {
            const value = e.currentTarget.value;
            onChange((s) => ({ ...s, virtioWinIso: value }));
          }}
          onBlur={() => onChange((s) => touch(s, 'virtioWinIso'))}
          error={errorText(virtio)}
          data-testid="virtio-win"
        />
      )}
      {defaults && defaults.reasons.length > 0 && <Reasons reasons={defaults.reasons} />}
      <Checkbox
        label="Customise before creating: define the guest without starting it, then open its details"
        checked={state.customise}
        onChange={(e) => {
          const checked = e.currentTarget.checked;
          onChange((s) => ({ ...s, customise: checked }));
        }}
        data-testid="customise"
      />
    </Stack>
  );
}

function Row({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <Table.Tr data-testid={testId}>
      <Table.Td w={150} c="dimmed" style={{ verticalAlign: 'top' }}>
        {label}
      </Table.Td>
      <Table.Td style={{ wordBreak: 'break-all' }}>{value}</Table.Td>
    </Table.Tr>
  );
}

/** The reasons behind the hardware, folded: most users only want to know they exist. */
function Reasons({ reasons }: { reasons: string[] }) {
  const [open, setOpen] = useState(false);
  return (
    <div data-testid="reasons">
      <Anchor component="button" type="button" size="sm" onClick={() => setOpen((o) => !o)}>
        {open ? 'Hide why this hardware' : `Why this hardware? (${reasons.length} reasons)`}
      </Anchor>
      <Collapse expanded={open}>
        <List size="sm" spacing={0} mt={4}>
          {reasons.map((r) => (
            <List.Item key={r}>{r}</List.Item>
          ))}
        </List>
      </Collapse>
    </div>
  );
}
