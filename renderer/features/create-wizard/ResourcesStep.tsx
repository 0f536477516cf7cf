// Step 3: memory, vCPUs and disk, prefilled from osinfo-db's values for the OS and checked against the
// host by create.validate (errors block, going below the OS minimum only warns).
import { NumberInput, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import type { FieldProblem, HostStatus, OsResources } from '../../../preload/contract';
import { errorText, Warnings } from './FieldMessages';
import { formatMiB } from './format';
import { editField, problemsOf, type WizardState } from './wizard-state';

export interface ResourcesStepProps {
  state: WizardState;
  problems: FieldProblem[];
  host?: HostStatus;
  suggested?: OsResources;
  /** create.defaults' note, e.g. that the OS is newer than this host's osinfo-db and whose settings apply */
  note?: string;
  onChange: (next: (s: WizardState) => WizardState) => void;
}

/** NumberInput hands back '' while the field is empty, a number otherwise (a string while mid-edit) */
function toValue(v: number | string): number | '' {
  if (v === '') return '';
  return typeof v === 'number' ? v : Number(v) || '';
}

export function ResourcesStep({ state, problems, host, suggested, note, onChange }: ResourcesStepProps) {
  const memory = problemsOf(problems, 'memoryMiB');
  const vcpus = problemsOf(problems, 'vcpus');
  const disk = problemsOf(problems, 'diskGiB', 'pool');
  const needsDisk = state.sourceKind !== 'import';

  return (
    <Stack gap="md">
      {host && (
        <Text size="sm" c="dimmed" data-testid="host-capacity">
          This host has {host.cpus} CPUs and {formatMiB(host.memoryKiB / 1024)} of memory.
        </Text>
      )}
      {suggested && (
        <Text size="sm" c="dimmed" data-testid="resources-source">
          Suggested: {suggested.source}
          {suggested.minMemoryMiB
            ? `; the OS needs at least ${formatMiB(suggested.minMemoryMiB)} of memory`
            : ''}
          {suggested.minDiskGiB ? ` and ${suggested.minDiskGiB} GiB of disk` : ''}.
        </Text>
      )}
      {note && (
        <Text size="sm" c="dimmed" data-testid="defaults-note">
          {note}
        </Text>
      )}
      <SimpleGrid cols={2}>
        <Stack gap={2}>
          <NumberInput
            label="Memory (MiB)"
            description={Number(state.memoryMiB) >= 1024 ? `= ${formatMiB(Number(state.memoryMiB))}` : ' '}
            value={state.memoryMiB}
            min={0}
            step={256}
            allowDecimal={false}
            thousandSeparator=" "
            onChange={(v) => onChange((s) => editField(s, 'memoryMiB', toValue(v)))}
            error={errorText(memory)}
            data-testid="memory"
          />
          <Warnings problems={memory} />
        </Stack>
        <Stack gap={2}>
          <NumberInput
            label="Virtual CPUs"
            description=" "
            value={state.vcpus}
            min={0}
            allowDecimal={false}
            onChange={(v) => onChange((s) => editField(s, 'vcpus', toValue(v)))}
            error={errorText(vcpus)}
            data-testid="vcpus"
          />
          <Warnings problems={vcpus} />
        </Stack>
      </SimpleGrid>
      {needsDisk ? (
        <SimpleGrid cols={2}>
          <Stack gap={2}>
            <NumberInput
              label="Disk (GiB)"
              description="A qcow2 file: it takes host space only as the guest writes."
              value={state.diskGiB}
              min={0}
              decimalScale={2}
              onChange={(v) => onChange((s) => editField(s, 'diskGiB', toValue(v)))}
              error={errorText(disk)}
              data-testid="disk"
            />
            <Warnings problems={disk} />
          </Stack>
          <TextInput
            label="Storage pool"
            description="Where the disk goes; empty for the default pool."
            placeholder="default"
            value={state.pool}
            onChange={(e) => {
              const value = e.currentTarget.value;
              onChange((s) => ({ ...s, pool: value }));
            }}
            data-testid="pool"
            spellCheck={false}
          />
        </SimpleGrid>
      ) : (
        <Text size="sm" c="dimmed">
          The guest uses the disk image you chose as it is; no new disk is made.
        </Text>
      )}
    </Stack>
  );
}
