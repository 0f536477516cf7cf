// The processor as saved: its mode (host passthrough, host model, maximum or a named model from the
// host's domain capabilities) and its topology (sockets × cores × threads, which must make the maximum
// processors). Both apply at the guest's next start; one vms.edit per family, chained by version.
import { Button, Card, Group, NumberInput, Select, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import type { VmDetails } from '../../../../preload/contract';
import {
  type CpuDraft,
  cpuDraftOf,
  cpuEdits,
  cpuModelOptions,
  cpuModeOptions,
  cpuProblems,
  cpuWords,
  topologySays,
} from './cpu-form';
import { useHardwareEdit } from './useHardwareEdit';

const PARTS = [
  { field: 'sockets', label: 'Sockets' },
  { field: 'cores', label: 'Cores' },
  { field: 'threads', label: 'Threads' },
] as const;

export function CpuCard({ details }: { details?: VmDetails }) {
  const edit = useHardwareEdit(details);
  const [draft, setDraft] = useState<CpuDraft>();
  const [busy, setBusy] = useState(false);
  const cpu = details?.cpu;
  const max = details?.resources.maxVcpus ?? 1;

  const save = async () => {
    if (!cpu || !draft) return;
    setBusy(true);
    for (const e of cpuEdits(cpu, max, draft)) {
      if (!(await edit(e, 'Could not change the processor'))) {
        setBusy(false);
        return;
      }
    }
    setBusy(false);
    setDraft(undefined);
  };

  return (
    <Card withBorder padding="md" data-testid="details-cpu">
      <Group justify="space-between" mb="xs">
        <Title order={4} size="h5">
          Processor model
        </Title>
        {cpu && !draft && (
          <Button
            size="compact-xs"
            variant="light"
            onClick={() => setDraft(cpuDraftOf(cpu, max))}
            data-testid="cpu-edit"
          >
            Edit
          </Button>
        )}
      </Group>
      {!cpu || !details ? (
        <Text size="sm" c="dimmed">
          …
        </Text>
      ) : !draft ? (
        <Stack gap={2}>
          <Text size="sm" data-testid="cpu-mode">
            {cpuWords(cpu).mode}
          </Text>
          <Text size="sm" c="dimmed" data-testid="cpu-topology">
            {cpuWords(cpu).topology}
          </Text>
        </Stack>
      ) : (
        <CpuEditor
          details={details}
          draft={draft}
          setDraft={setDraft}
          busy={busy}
          onSave={() => void save()}
          onCancel={() => setDraft(undefined)}
        />
      )}
    </Card>
  );
}

function CpuEditor(props: {
  details: VmDetails;
  draft: CpuDraft;
  setDraft: (d: CpuDraft) => void;
  busy: boolean;
  onSave: () => void;
  onCancel: () => void;
}) {
  const { details, draft, setDraft } = props;
  const cpu = details.cpu;
  const max = details.resources.maxVcpus;
  const options = cpuModeOptions(cpu, details.domainType);
  const problems = cpuProblems(cpu, details.domainType, max, draft);
  // one sentence for the modes this guest cannot have (the same reason is not said twice)
  const reasons = [...new Set(options.flatMap((o) => (o.unavailable ? [o.unavailable] : [])))];
  const says = topologySays(draft, max);
  return (
    <Stack gap="sm">
      <Select
        label="Mode"
        data={options.map((o) => ({ value: o.value, label: o.label, disabled: !!o.unavailable }))}
        value={draft.mode}
        onChange={(v) => v && setDraft({ ...draft, mode: v as CpuDraft['mode'] })}
        allowDeselect={false}
        error={problems.mode}
        data-testid="cpu-mode-select"
      />
      {reasons.length > 0 && (
        <Text size="xs" c="dimmed" data-testid="cpu-mode-unavailable">
          {reasons.join(' ')}
        </Text>
      )}
      {draft.mode === 'custom' && (
        <Select
          label="Model"
          searchable
          data={cpuModelOptions(cpu)}
          value={draft.model}
          onChange={(v) => setDraft({ ...draft, model: v })}
          placeholder="Choose a model"
          nothingFoundMessage="No such model on this host"
          error={problems.model}
          data-testid="cpu-model-select"
        />
      )}
      <SimpleGrid cols={3} spacing="sm">
        {PARTS.map(({ field, label }) => (
          <NumberInput
            key={field}
            label={label}
            min={1}
            allowDecimal={false}
            value={draft[field]}
            onChange={(v) => setDraft({ ...draft, [field]: v })}
            error={problems[field] ?? (problems.topology ? true : undefined)}
            data-testid={`cpu-${field}`}
          />
        ))}
      </SimpleGrid>
      <Text
        size="xs"
        c={problems.topology ? 'red' : 'dimmed'}
        role={problems.topology ? 'alert' : undefined}
        data-testid="cpu-topology-says"
      >
        {problems.topology ?? says}
      </Text>
      <Text size="xs" c="dimmed">
        The mode and topology apply when the guest next starts.
      </Text>
      <Group gap="xs">
        <Button
          size="xs"
          onClick={props.onSave}
          loading={props.busy}
          disabled={Object.keys(problems).length > 0 || cpuEdits(cpu, max, draft).length === 0}
          data-testid="cpu-save"
        >
          Save
        </Button>
        <Button size="xs" variant="default" onClick={props.onCancel} disabled={props.busy}>
          Cancel
        </Button>
      </Group>
    </Stack>
  );
}
