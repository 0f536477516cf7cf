// Processors and memory as saved (what the guest has at its next start), and their editor. Saving sends
// one vms.edit per family that changed, chained by version; a running guest gets at once what libvirt can
// give it (vCPUs up to its maximum, memory through the balloon) and the rest is listed as pending.
import { Button, Card, Group, NumberInput, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { VmDetails } from '../../../../preload/contract';
import { useAppState, useBridge } from '../../../app/context';
import { formatMemory } from '../../../components/format';
import {
  draftOf,
  type OsMinimums,
  osMinimumNote,
  type ResourceField,
  type ResourcesDraft,
  resourceEdits,
  resourceProblems,
} from './resources-form';
import { useHardwareEdit } from './useHardwareEdit';

const FIELDS: { field: ResourceField; label: string; suffix?: string }[] = [
  { field: 'vcpus', label: 'Processors' },
  { field: 'maxVcpus', label: 'Maximum processors' },
  { field: 'memoryMiB', label: 'Memory', suffix: ' MiB' },
  { field: 'maxMemoryMiB', label: 'Maximum memory', suffix: ' MiB' },
];

/** the guest's OS's minimums from osinfo-db, asked once the editor opens (none for an unknown OS) */
function useOsMinimums(details: VmDetails | undefined, editing: boolean): OsMinimums | undefined {
  const bridge = useBridge();
  const [min, setMin] = useState<OsMinimums>();
  const connection = details?.connection;
  const osId = details?.osId;
  useEffect(() => {
    if (!editing || !connection || !osId) return;
    let current = true;
    void bridge.call('create.defaults', { connection, osId }).then((r) => {
      if (!current || !r.ok || !r.value?.os) return;
      const { minMemoryMiB, minVcpus } = r.value.resources;
      setMin({ osName: r.value.os.name, minMemoryMiB, minVcpus });
    });
    return () => {
      current = false;
    };
  }, [bridge, editing, connection, osId]);
  return min;
}

export function ResourcesCard({ details }: { details?: VmDetails }) {
  const edit = useHardwareEdit(details);
  const host = useAppState((s) => (details ? s.hosts[details.connection] : undefined));
  const [draft, setDraft] = useState<ResourcesDraft>();
  const [busy, setBusy] = useState(false);
  const r = details?.resources;
  const problems = draft ? resourceProblems(draft, host) : {};
  const minimums = useOsMinimums(details, draft !== undefined);
  const os = draft ? osMinimumNote(draft, minimums) : {};

  const save = async () => {
    if (!r || !draft) return;
    setBusy(true);
    // one call per family; the hook chains them by the version each answer carries
    for (const e of resourceEdits(r, draft)) {
      if (!(await edit(e, 'Could not change the processors or memory'))) {
        setBusy(false);
        return;
      }
    }
    setBusy(false);
    setDraft(undefined);
  };

  return (
    <Card withBorder padding="md" data-testid="details-resources">
      <Group justify="space-between" mb="xs">
        <Title order={4} size="h5">
          Processors and memory
        </Title>
        {r && !draft && (
          <Button
            size="compact-xs"
            variant="light"
            onClick={() => setDraft(draftOf(r))}
            data-testid="resources-edit"
          >
            Edit
          </Button>
        )}
      </Group>
      {!r ? (
        <Text size="sm" c="dimmed">
          …
        </Text>
      ) : !draft ? (
        <Stack gap={2}>
          <Text size="sm" data-testid="resources-vcpus">
            {r.vcpus} processor{r.vcpus === 1 ? '' : 's'}
            {r.maxVcpus > r.vcpus ? ` (up to ${r.maxVcpus} while running)` : ''}
          </Text>
          <Text size="sm" data-testid="resources-memory">
            {formatMemory(r.memoryKiB)}
            {r.maxMemoryKiB > r.memoryKiB ? ` (up to ${formatMemory(r.maxMemoryKiB)} while running)` : ''}
          </Text>
        </Stack>
      ) : (
        <Stack gap="sm">
          <SimpleGrid cols={2} spacing="sm">
            {FIELDS.map(({ field, label, suffix }) => (
              <NumberInput
                key={field}
                label={label}
                suffix={suffix}
                min={1}
                allowDecimal={false}
                value={draft[field]}
                onChange={(v) => setDraft({ ...draft, [field]: v })}
                error={problems[field]}
                data-testid={`resources-${field}`}
              />
            ))}
          </SimpleGrid>
          {host && (
            <Text size="xs" c="dimmed" data-testid="resources-host">
              This host: {host.cpus} processors, {formatMemory(host.memoryKiB)}.
            </Text>
          )}
          {os.note && (
            <Text size="xs" c="dimmed" data-testid="resources-os-minimum">
              {os.note}
            </Text>
          )}
          {os.warning && (
            <Text size="xs" c="orange.8" data-testid="resources-os-warning">
              {os.warning}
            </Text>
          )}
          <Group gap="xs">
            <Button
              size="xs"
              onClick={() => void save()}
              loading={busy}
              disabled={Object.keys(problems).length > 0 || resourceEdits(r, draft).length === 0}
              data-testid="resources-save"
            >
              Save
            </Button>
            <Button size="xs" variant="default" onClick={() => setDraft(undefined)} disabled={busy}>
              Cancel
            </Button>
          </Group>
        </Stack>
      )}
    </Card>
  );
}
