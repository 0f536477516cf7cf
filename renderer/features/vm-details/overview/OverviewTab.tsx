// Overview: what the guest is called and is for (name, title, description, OS), whether it starts with
// the host, its basic facts and its network addresses. Edits are drafts until Save; the form shows libvirt's values again once
// the events bring them back (overview-form.ts). The name can change only while the guest is off.
import { Alert, Button, Card, Group, SimpleGrid, Stack, Textarea, TextInput, Title } from '@mantine/core';
import { type FormEvent, useEffect, useMemo, useState } from 'react';
import type { ApiError, VmDetails, VmSummary } from '../../../../preload/contract';
import { useAppState, useBridge } from '../../../app/context';
import { AutostartSwitch } from './AutostartSwitch';
import { GuestFacts } from './GuestFacts';
import { NetworkAddresses } from './NetworkAddresses';
import { OsSelect } from './OsSelect';
import {
  changes,
  currentValues,
  type Drafts,
  formProblems,
  type OverviewField,
  renameBlocked,
  settleDrafts,
  shownValues,
} from './overview-form';

const FIELDS: OverviewField[] = ['name', 'title', 'description', 'osId'];

export function OverviewTab({ vm, details }: { vm: VmSummary; details?: VmDetails }) {
  const bridge = useBridge();
  const guests = useAppState((s) => s.vms[vm.connection]);
  const otherNames = useMemo(
    () => new Set(Object.values(guests ?? {}).flatMap((g) => (g.uuid === vm.uuid ? [] : [g.name]))),
    [guests, vm.uuid],
  );
  const current = useMemo(() => currentValues(vm, details), [vm, details]);
  const [drafts, setDrafts] = useState<Drafts>({});
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<ApiError>();

  // an edit that came back through libvirt's events is no longer a draft
  useEffect(() => setDrafts((d) => settleDrafts(current, d)), [current]);

  const shown = shownValues(current, drafts);
  const changed = changes(current, drafts);
  const problems = formProblems(current, drafts, otherNames);
  const dirty = Object.keys(changed).length > 0;
  const blocked = renameBlocked(vm);
  const failedField = FIELDS.find((f) => f === failure?.detail?.field);
  const edit = (field: OverviewField) => (value: string) => {
    setFailure(undefined);
    setDrafts((d) => ({ ...d, [field]: value }));
  };

  const save = async (e?: FormEvent) => {
    e?.preventDefault();
    if (!dirty || saving || Object.keys(problems).length) return;
    setSaving(true);
    setFailure(undefined);
    const ref = { connection: vm.connection, uuid: vm.uuid };
    const { name, ...info } = changed;
    // the text first: it works in any state, while a rename may be refused (the guest started meanwhile)
    const res = Object.keys(info).length ? await bridge.call('vms.setInfo', { ...ref, ...info }) : undefined;
    const renamed =
      res?.ok !== false && name !== undefined ? await bridge.call('vms.rename', { ...ref, name }) : undefined;
    const failed = [res, renamed].find((r) => r && !r.ok);
    if (failed && !failed.ok) setFailure(failed.error);
    setSaving(false);
  };
  const errorOf = (field: OverviewField) =>
    problems[field] ?? (failedField === field ? failure?.message : undefined);

  return (
    // two columns where the pane is wide enough: the facts (firmware, machine) show without scrolling
    <SimpleGrid
      cols={{ base: 1, lg: 2 }}
      spacing="md"
      style={{ alignItems: 'start' }}
      data-testid="details-overview"
    >
      <Card withBorder padding="md" component="form" onSubmit={save} data-testid="overview-form">
        <Title order={4} size="h5" mb="xs">
          About this guest
        </Title>
        <Stack gap="sm">
          <TextInput
            label="Name"
            value={shown.name}
            onChange={(e) => edit('name')(e.currentTarget.value)}
            disabled={!!blocked}
            description={blocked ?? 'Letters, digits, dots, hyphens and underscores.'}
            error={errorOf('name')}
            spellCheck={false}
            autoComplete="off"
            data-testid="overview-name"
          />
          <TextInput
            label="Title"
            placeholder="A short line shown under the name"
            value={shown.title}
            onChange={(e) => edit('title')(e.currentTarget.value)}
            error={errorOf('title')}
            data-testid="overview-title"
          />
          <Textarea
            label="Description"
            placeholder={details ? 'Notes about this guest: what it is for, who uses it' : '…'}
            value={shown.description}
            onChange={(e) => edit('description')(e.currentTarget.value)}
            error={errorOf('description')}
            disabled={!details}
            autosize
            minRows={2}
            maxRows={8}
            data-testid="overview-description"
          />
          <OsSelect value={shown.osId} currentName={vm.osName} onChange={edit('osId')} />
          {failure && !failedField && (
            <Alert color="red" title="The changes were not saved" data-testid="overview-failure">
              {failure.message}
            </Alert>
          )}
          <Group gap="xs">
            <Button
              type="submit"
              disabled={!dirty || Object.keys(problems).length > 0}
              loading={saving}
              data-testid="overview-save"
            >
              Save changes
            </Button>
            <Button
              variant="default"
              disabled={!dirty || saving}
              onClick={() => {
                setDrafts({});
                setFailure(undefined);
              }}
              data-testid="overview-revert"
            >
              Revert
            </Button>
          </Group>
        </Stack>
      </Card>
      <Stack gap="md">
        <Card withBorder padding="md">
          <Title order={4} size="h5" mb="xs">
            System
          </Title>
          <Stack gap="sm">
            <AutostartSwitch vm={vm} />
            <GuestFacts vm={vm} details={details} />
          </Stack>
        </Card>
        <NetworkAddresses vm={vm} />
      </Stack>
    </SimpleGrid>
  );
}
