// Network: every NIC, where it is plugged in, its model and MAC address; its virtual cable plugged in or
// out (live on a running guest), its model and source changed, removed, and a new one added on a virtual
// network or a host bridge (NicForms.tsx); one the running guest has but not its next start is marked.
import { Badge, Button, Group, Switch, Text } from '@mantine/core';
import { IconNetwork } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import type { NicInfo, VmDetails } from '../../../../preload/contract';
import { DeviceListCard } from './DeviceListCard';
import { AddNicForm, EditNicForm } from './NicForms';
import { useHardwareEdit } from './useHardwareEdit';

const KINDS: Record<string, string> = {
  network: 'Virtual network',
  bridge: 'Bridge',
  user: 'User-mode networking',
  direct: 'Direct (macvtap)',
};

export function NicsCard({
  nics,
  details,
  addAsked,
}: {
  nics?: NicInfo[];
  details?: VmDetails;
  /** Add hardware's "Network adapter…": a new number each time it is chosen */
  addAsked?: number;
}) {
  const edit = useHardwareEdit(details);
  const [busy, setBusy] = useState<string>();
  /** the form open below the rows: a new adapter's, or one adapter's (by MAC) */
  const [form, setForm] = useState<'add' | { mac: string }>();
  useEffect(() => {
    if (!addAsked) return;
    setForm('add');
    // the menu is on another card: bring this one's form into view
    document
      .querySelector('[data-testid="details-nics"]')
      ?.scrollIntoView?.({ block: 'nearest', behavior: 'smooth' });
  }, [addAsked]);
  const run = async (key: string, ...a: Parameters<typeof edit>) => {
    setBusy(key);
    await edit(...a);
    setBusy(undefined);
  };
  // model and source are two edits: the second goes from the version the first answered
  const runAll = async (key: string, edits: Parameters<typeof edit>[0][], failure: string) => {
    setBusy(key);
    for (const e of edits) if (!(await edit(e, failure))) break;
    setBusy(undefined);
  };
  const editing = typeof form === 'object' ? nics?.find((n) => n.mac === form.mac) : undefined;
  const rows = nics?.map((n) => ({
    key: n.mac,
    testId: `nic-${n.mac}`,
    icon: <IconNetwork size={20} stroke={1.5} style={{ flex: 'none', marginTop: 2 }} />,
    main: `${KINDS[n.type] ?? n.type}${n.source ? ` “${n.source}”` : ''}`,
    sub: (
      <Group gap={6}>
        <Text size="xs" c="dimmed">
          {[n.model, n.mac].filter(Boolean).join(' · ')}
        </Text>
        {n.nextStart && (
          <Badge size="xs" variant="light" color="yellow" data-testid={`nic-${n.mac}-next-start`}>
            {n.nextStart} at next start
          </Badge>
        )}
      </Group>
    ),
    // a removal the running guest has not let go of yet: a second Remove would fail
    actions: details && n.nextStart !== 'removed' && (
      <Group gap="xs" wrap="nowrap" style={{ flex: 'none' }}>
        <Switch
          size="xs"
          label="Cable"
          checked={!n.linkDown}
          disabled={busy !== undefined}
          onChange={(e) =>
            void run(
              n.mac,
              { kind: 'nicLink', mac: n.mac, up: e.currentTarget.checked },
              'Could not change the cable',
            )
          }
          data-testid={`nic-${n.mac}-link`}
        />
        <Button
          size="compact-xs"
          variant="subtle"
          disabled={busy !== undefined}
          onClick={() => setForm({ mac: n.mac })}
          data-testid={`nic-${n.mac}-edit`}
        >
          Edit
        </Button>
        <Button
          size="compact-xs"
          variant="subtle"
          color="red"
          loading={busy === n.mac}
          disabled={busy !== undefined}
          onClick={() =>
            void run(n.mac, { kind: 'removeNic', mac: n.mac }, 'Could not remove the network adapter')
          }
          data-testid={`nic-${n.mac}-remove`}
        >
          Remove
        </Button>
      </Group>
    ),
  }));
  return (
    <DeviceListCard
      title="Network"
      testId="details-nics"
      none="No network adapters."
      rows={rows}
      footer={
        details &&
        (form === 'add' ? (
          <AddNicForm
            details={details}
            onCancel={() => setForm(undefined)}
            onSave={(e) => {
              setForm(undefined);
              void run('add', e, 'Could not add the network adapter');
            }}
          />
        ) : editing ? (
          <EditNicForm
            key={editing.mac}
            details={details}
            nic={editing}
            onCancel={() => setForm(undefined)}
            onSave={(edits) => {
              setForm(undefined);
              void runAll(editing.mac, edits, 'Could not change the network adapter');
            }}
          />
        ) : (
          <Button
            size="compact-xs"
            variant="light"
            disabled={busy !== undefined}
            onClick={() => setForm('add')}
            data-testid="nic-add"
          >
            Add network adapter…
          </Button>
        ))
      }
    />
  );
}
