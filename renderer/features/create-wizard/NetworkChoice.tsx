// The guest's network: one of the host's NAT networks, a bridge, or none. When the chosen NAT network
// is stopped, the create job starts it first (a ticked box; unticked, Create says why it is disabled);
// when 'default' is missing, offer to create it here instead of failing at "Create".
import { Alert, Button, Checkbox, Select, Stack, Text, TextInput } from '@mantine/core';
import type { NetworkInfo } from '../../../preload/contract';
import type { NetworkChoice as Choice } from './wizard-state';

export interface NetworkChoiceProps {
  value: Choice;
  networks?: NetworkInfo[];
  error?: string;
  busy: boolean;
  actionError?: string;
  /** start a stopped NAT network as the create job's first step */
  startNetwork: boolean;
  onChange: (value: Choice) => void;
  onStartNetworkChange: (start: boolean) => void;
  onCreateDefault: () => void;
}

export function NetworkChoice(props: NetworkChoiceProps) {
  const { value, networks, error, actionError, onChange } = props;
  const natNames = (networks ?? []).filter((n) => n.forward !== 'bridge').map((n) => n.name);
  if (value.kind === 'nat' && !natNames.includes(value.name)) natNames.unshift(value.name);
  const selectValue = value.kind === 'nat' ? `nat:${value.name}` : value.kind;

  const data = [
    ...natNames.map((n) => ({ value: `nat:${n}`, label: `Virtual network “${n}” (NAT)` })),
    { value: 'bridge', label: 'Bridge to the host’s LAN' },
    { value: 'none', label: 'No network' },
  ];

  return (
    <Stack gap={6}>
      <Select
        label="Network"
        data={data}
        value={selectValue}
        allowDeselect={false}
        onChange={(v) => {
          if (!v) return;
          if (v === 'none') onChange({ kind: 'none' });
          else if (v === 'bridge')
            onChange({ kind: 'bridge', name: value.kind === 'bridge' ? value.name : 'br0' });
          else onChange({ kind: 'nat', name: v.slice(4) });
        }}
        error={error}
        data-testid="network"
        comboboxProps={{ zIndex: 400 }}
      />
      {value.kind === 'bridge' && (
        <TextInput
          label="Bridge device on the host"
          value={value.name}
          onChange={(e) => onChange({ kind: 'bridge', name: e.currentTarget.value })}
          data-testid="bridge-name"
        />
      )}
      {value.kind === 'nat' && networks && <NetworkOffer {...props} name={value.name} />}
      {actionError && (
        <Alert color="red" p="xs" data-testid="network-action-error">
          {actionError}
        </Alert>
      )}
    </Stack>
  );
}

function NetworkOffer(props: NetworkChoiceProps & { name: string }) {
  const { name, networks, busy, onCreateDefault } = props;
  const net = networks?.find((n) => n.name === name);
  if (net?.active) return null;
  if (net) {
    return (
      <Checkbox
        label={`Start network “${name}” first (it is not running)`}
        description="KVM Desk starts it before making the disk; the guest cannot start without it."
        checked={props.startNetwork}
        onChange={(e) => props.onStartNetworkChange(e.currentTarget.checked)}
        data-testid="start-network"
      />
    );
  }
  return (
    <Alert color="yellow" p="xs" data-testid="network-offer">
      <Stack gap={6} align="flex-start">
        <Text size="sm">
          The virtual network “{name}” does not exist on this host. The guest cannot start without it.
        </Text>
        {name === 'default' && (
          <Button size="compact-sm" loading={busy} onClick={onCreateDefault} data-testid="create-network">
            Create it
          </Button>
        )}
      </Stack>
    </Alert>
  );
}
