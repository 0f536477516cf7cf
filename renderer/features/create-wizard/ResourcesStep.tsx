// Step 3: memory, vCPUs and disk, prefilled from osinfo-db's values for the OS and checked against the
// host by create.validate (errors block, going below the OS minimum only warns).
import { NumberInput, Select, SimpleGrid, Stack, Text } from '@mantine/core';
import type { FieldProblem, HostStatus, OsResources, StoragePoolInfo } from '../../../preload/contract';
import { errorText, Warnings } from './FieldMessages';
import { formatBytes, formatMiB } from './format';
import { editField, problemsOf, touch, type WizardState } from './wizard-state';

export interface ResourcesStepProps {
  state: WizardState;
  problems: FieldProblem[];
  host?: HostStatus;
  /** the connection's storage pools with their free space; undefined while they are asked for */
  pools?: StoragePoolInfo[];
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

/** "default: 78.5 GiB free", as the pool choice lists it */
export function poolLabel(p: StoragePoolInfo): string {
  if (p.missing) return `${p.name} (KVM Desk makes it in /var/lib/libvirt/images)`;
  if (!p.active || p.availableBytes === undefined) return `${p.name} (not running: KVM Desk starts it)`;
  return `${p.name}: ${formatBytes(p.availableBytes)} free`;
}

export function ResourcesStep(props: ResourcesStepProps) {
  const { state, problems, host, pools, suggested, note, onChange } = props;
  const memory = problemsOf(problems, 'memoryMiB');
  const vcpus = problemsOf(problems, 'vcpus');
  const disk = problemsOf(problems, 'diskGiB');
  const pool = problemsOf(problems, 'pool');
  const needsDisk = state.sourceKind !== 'import';
  const poolValue = state.pool.trim() || 'default';
  const poolData = (pools ?? []).map((p) => ({ value: p.name, label: poolLabel(p) }));
  if (!poolData.some((p) => p.value === poolValue)) poolData.unshift({ value: poolValue, label: poolValue });

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
      {suggested?.capped?.map((c) => (
        <Text key={c} size="sm" c="dimmed" data-testid="resources-capped">
          {c}
        </Text>
      ))}
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
            onBlur={() => onChange((s) => touch(s, 'memoryMiB'))}
            error={errorText(memory)}
            data-testid="memory"
            data-autofocus
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
            onBlur={() => onChange((s) => touch(s, 'vcpus'))}
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
              onBlur={() => onChange((s) => touch(s, 'diskGiB'))}
              error={errorText(disk)}
              data-testid="disk"
            />
            <Warnings problems={disk} />
          </Stack>
          <Stack gap={2}>
            <Select
              label="Storage pool"
              description="Where the disk goes, with the space it has free."
              data={poolData}
              value={poolValue}
              allowDeselect={false}
              onChange={(v) => {
                if (!v) return;
                onChange((s) => touch({ ...s, pool: v === 'default' ? '' : v }, 'pool'));
              }}
              error={errorText(pool)}
              data-testid="pool"
              comboboxProps={{ zIndex: 400 }}
            />
            <Warnings problems={pool} />
          </Stack>
        </SimpleGrid>
      ) : (
        <Text size="sm" c="dimmed">
          The guest uses the disk image you chose as it is; no new disk is made.
        </Text>
      )}
    </Stack>
  );
}
