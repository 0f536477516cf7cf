// Create network: mode, name, subnet (prefilled with a free one and checked as typed against the host's
// routes and the other networks), DHCP on/off with its range, or for bridge mode the host bridge.
import {
  Alert,
  Autocomplete,
  Button,
  Checkbox,
  Group,
  Modal,
  SegmentedControl,
  Stack,
  Switch,
  Text,
  TextInput,
} from '@mantine/core';
import { useEffect, useMemo, useState } from 'react';
import type { NetworkCreateInfo, NetworkInfo, NetworkMode } from '../../../../preload/contract';
import { useBridge } from '../../../app/context';
import {
  createArgs,
  draftProblems,
  followSubnet,
  freshDraft,
  MODE_HELP,
  MODE_LABELS,
  type NetworkDraft,
} from './network-form';

// addresses in monospace, their labels and help in the UI's font
const MONO = { input: { fontFamily: 'var(--mantine-font-family-monospace)' } };

export function CreateNetworkDialog(props: {
  opened: boolean;
  connection: string;
  existing: ReadonlySet<string>;
  onClose: () => void;
  onCreated: (net: NetworkInfo) => void;
}) {
  const bridge = useBridge();
  const [info, setInfo] = useState<NetworkCreateInfo>();
  const [draft, setDraft] = useState<NetworkDraft>(() => freshDraft(undefined, props.existing));
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string>();
  const { opened, connection, existing } = props;

  useEffect(() => {
    if (!opened) return;
    setFailure(undefined);
    void bridge.call('networks.createInfo', { connection }).then((r) => {
      if (!r.ok) return setFailure(r.error.message);
      setInfo(r.value);
      setDraft(freshDraft(r.value, existing));
    });
  }, [opened, bridge, connection, existing]);

  const problems = useMemo(() => draftProblems(draft, info, existing), [draft, info, existing]);
  const set = (change: Partial<NetworkDraft>) =>
    setDraft((d) => ('subnet' in change ? followSubnet({ ...d, ...change }) : { ...d, ...change }));
  const bridged = draft.mode === 'bridge';

  async function create() {
    setBusy(true);
    setFailure(undefined);
    const r = await bridge.call('networks.create', createArgs(connection, draft));
    setBusy(false);
    if (!r.ok) return setFailure(r.error.message);
    props.onCreated(r.value);
    props.onClose();
  }

  return (
    <Modal
      opened={opened}
      onClose={props.onClose}
      title="Create network"
      size="lg"
      data-testid="create-network"
    >
      <Stack gap="sm">
        <SegmentedControl
          value={draft.mode}
          onChange={(m) => set({ mode: m as NetworkMode })}
          data={(Object.keys(MODE_LABELS) as NetworkMode[]).map((m) => ({ value: m, label: MODE_LABELS[m] }))}
          data-testid="network-mode"
        />
        <Text size="sm" c="dimmed">
          {MODE_HELP[draft.mode]}
        </Text>
        <TextInput
          label="Name"
          value={draft.name}
          onChange={(e) => set({ name: e.currentTarget.value })}
          error={problems.name}
          data-testid="network-name"
        />
        {bridged ? (
          <Autocomplete
            label="Host bridge"
            description={info?.bridgesNote}
            value={draft.bridge}
            onChange={(b) => set({ bridge: b })}
            data={info?.bridges ?? []}
            error={problems.bridge}
            data-testid="network-bridge"
          />
        ) : (
          <>
            <TextInput
              label="IPv4 subnet"
              description="The host takes the subnet's first address; suggested: a subnet nothing on this host uses"
              value={draft.subnet}
              onChange={(e) => set({ subnet: e.currentTarget.value })}
              error={problems.subnet}
              styles={MONO}
              data-testid="network-subnet"
            />
            <Switch
              label="DHCP: hand guests their addresses"
              checked={draft.dhcp}
              onChange={(e) => set({ dhcp: e.currentTarget.checked })}
              data-testid="network-dhcp"
            />
            {draft.dhcp && (
              <Group grow align="flex-start">
                <TextInput
                  label="First address"
                  value={draft.dhcpStart}
                  onChange={(e) => set({ dhcpStart: e.currentTarget.value, rangeTyped: true })}
                  error={problems.dhcp}
                  styles={MONO}
                  data-testid="network-dhcp-start"
                />
                <TextInput
                  label="Last address"
                  value={draft.dhcpEnd}
                  onChange={(e) => set({ dhcpEnd: e.currentTarget.value, rangeTyped: true })}
                  error={problems.dhcp ? ' ' : undefined}
                  styles={MONO}
                  data-testid="network-dhcp-end"
                />
              </Group>
            )}
          </>
        )}
        <Checkbox
          label="Start when the host boots"
          checked={draft.autostart}
          onChange={(e) => set({ autostart: e.currentTarget.checked })}
        />
        {failure && (
          <Alert color="red" title="Could not create the network" data-testid="create-network-error">
            {failure}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onClose}>
            Cancel
          </Button>
          <Button
            onClick={() => void create()}
            loading={busy}
            disabled={!info || Object.keys(problems).length > 0}
            data-testid="create-network-submit"
          >
            Create and start
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
