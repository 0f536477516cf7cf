// The network adapter forms: add one (a virtual network or a host bridge, a model, a MAC address or a
// new one from libvirt), and change an adapter's model or where it is plugged in.
import { Button, Group, SegmentedControl, Select, Stack, Text, TextInput } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { NetworkInfo, NicInfo, NicModel, VmDetails } from '../../../../preload/contract';
import { useBridge } from '../../../app/context';
import { bridgeProblem, macProblem, type NicSource, nicEdits } from './nic-form';

export const NIC_MODELS: { value: NicModel; label: string }[] = [
  { value: 'virtio', label: 'virtio (fastest; Linux, BSD, Windows with virtio-win)' },
  { value: 'e1000e', label: 'e1000e (Intel: every OS has a driver)' },
  { value: 'e1000', label: 'e1000 (older Intel)' },
  { value: 'rtl8139', label: 'rtl8139 (Realtek, for old OSes)' },
];

type Edit =
  | { kind: 'addNic'; source: NicSource; model: NicModel; mac?: string }
  | { kind: 'nicModel'; mac: string; model: NicModel }
  | { kind: 'nicSource'; mac: string; source: NicSource };

/** the host's virtual networks, read when a form opens */
function useNetworks(connection: string) {
  const bridge = useBridge();
  const [networks, setNetworks] = useState<NetworkInfo[]>();
  useEffect(() => {
    void bridge.call('networks.list', { connection }).then((r) => setNetworks(r.ok ? r.value : []));
  }, [bridge, connection]);
  return networks;
}

/** a virtual network (chosen from the host's) or a host bridge (typed); undefined while incomplete */
function useSourceFields(prefix: string, connection: string, initial?: NicInfo) {
  const networks = useNetworks(connection);
  const [kind, setKind] = useState<'network' | 'bridge'>(initial?.type === 'bridge' ? 'bridge' : 'network');
  const [network, setNetwork] = useState<string | null>(
    initial?.type === 'network' ? (initial.source ?? null) : null,
  );
  const [bridgeName, setBridgeName] = useState(initial?.type === 'bridge' ? (initial.source ?? '') : '');
  useEffect(() => {
    if (networks && network === null)
      setNetwork(networks.find((n) => n.name === 'default')?.name ?? networks[0]?.name ?? null);
  }, [networks, network]);
  const bridgeError = kind === 'bridge' ? bridgeProblem(bridgeName) : undefined;
  const source: NicSource | undefined =
    kind === 'network'
      ? network
        ? { network }
        : undefined
      : bridgeError
        ? undefined
        : { bridge: bridgeName.trim() };
  const fields = (
    <>
      <SegmentedControl
        size="xs"
        value={kind}
        onChange={(v) => setKind(v as 'network' | 'bridge')}
        data={[
          { value: 'network', label: 'Virtual network' },
          { value: 'bridge', label: 'Host bridge' },
        ]}
        data-testid={`${prefix}-source-kind`}
      />
      {kind === 'network' ? (
        <Select
          size="xs"
          label="Network"
          data={(networks ?? []).map((n) => ({
            value: n.name,
            label: n.active ? n.name : `${n.name} (not running)`,
          }))}
          value={network}
          onChange={setNetwork}
          placeholder={networks ? 'No virtual networks' : '…'}
          data-testid={`${prefix}-network`}
        />
      ) : (
        <TextInput
          size="xs"
          label="Bridge on the host"
          placeholder="br0"
          value={bridgeName}
          onChange={(e) => setBridgeName(e.currentTarget.value)}
          error={bridgeName ? bridgeError : undefined}
          data-testid={`${prefix}-bridge`}
        />
      )}
    </>
  );
  return { source, fields };
}

function ModelSelect(props: {
  prefix: string;
  value?: NicModel;
  /** shown while no model of ours is chosen: the adapter's own, which KVM Desk does not offer */
  current?: string;
  onChange: (m: NicModel) => void;
}) {
  return (
    <Select
      size="xs"
      label="Model"
      data={NIC_MODELS}
      value={props.value ?? null}
      placeholder={props.current}
      onChange={(v) => v && props.onChange(v as NicModel)}
      allowDeselect={false}
      data-testid={`${props.prefix}-model`}
    />
  );
}

/** "Add network adapter": where it is plugged in, its model (virtio unless told) and MAC (new unless typed) */
export function AddNicForm(props: {
  details: VmDetails;
  onSave: (edit: Edit) => void;
  onCancel: () => void;
}) {
  const { source, fields } = useSourceFields('nic-add', props.details.connection);
  const [model, setModel] = useState<NicModel>('virtio');
  const [mac, setMac] = useState('');
  const macError = macProblem(mac, props.details.nics);
  return (
    <Stack gap="xs" data-testid="nic-add-form" style={{ flex: 1 }}>
      <Text size="sm" fw={500}>
        New network adapter
      </Text>
      {fields}
      <ModelSelect prefix="nic-add" value={model} onChange={setModel} />
      <TextInput
        size="xs"
        label="MAC address"
        placeholder="a new one"
        description="Leave empty for a new address; one you type must be unused on this host."
        value={mac}
        onChange={(e) => setMac(e.currentTarget.value)}
        error={macError}
        data-testid="nic-add-mac"
      />
      <Group gap="xs">
        <Button
          size="xs"
          disabled={!source || macError !== undefined}
          onClick={() =>
            source &&
            props.onSave({ kind: 'addNic', source, model, ...(mac.trim() ? { mac: mac.trim() } : {}) })
          }
          data-testid="nic-add-save"
        >
          Add
        </Button>
        <Button size="xs" variant="default" onClick={props.onCancel}>
          Cancel
        </Button>
      </Group>
    </Stack>
  );
}

/** an adapter's model and source; the model applies at next start on a running guest, the source live */
export function EditNicForm(props: {
  details: VmDetails;
  nic: NicInfo;
  onSave: (edits: Edit[]) => void;
  onCancel: () => void;
}) {
  const { nic } = props;
  const { source, fields } = useSourceFields('nic-edit', props.details.connection, nic);
  const known = NIC_MODELS.some((m) => m.value === nic.model);
  // a model we do not offer stays unless the user picks one of ours
  const [model, setModel] = useState<NicModel | undefined>(known ? (nic.model as NicModel) : undefined);
  const edits = source ? nicEdits(nic, model, source) : [];
  return (
    <Stack gap="xs" data-testid="nic-edit-form" style={{ flex: 1 }}>
      <Text size="sm" fw={500}>
        The adapter {nic.mac}
      </Text>
      {fields}
      <ModelSelect prefix="nic-edit" value={model} current={nic.model} onChange={setModel} />
      <Group gap="xs">
        <Button
          size="xs"
          disabled={edits.length === 0}
          onClick={() => props.onSave(edits)}
          data-testid="nic-edit-save"
        >
          Save
        </Button>
        <Button size="xs" variant="default" onClick={props.onCancel}>
          Cancel
        </Button>
      </Group>
    </Stack>
  );
}
