// Network: every NIC, where it is plugged in, its model and MAC address; its virtual cable plugged in or
// out (live on a running guest), removed, and a new one added on one of the host's virtual networks.
import { Badge, Button, Group, Select, Switch, Text } from '@mantine/core';
import { IconNetwork } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import type { NetworkInfo, NicInfo, NicModel, VmDetails } from '../../../../preload/contract';
import { useBridge } from '../../../app/context';
import { DeviceListCard } from './DeviceListCard';
import { useHardwareEdit } from './useHardwareEdit';

const KINDS: Record<string, string> = {
  network: 'Virtual network',
  bridge: 'Bridge',
  user: 'User-mode networking',
  direct: 'Direct (macvtap)',
};
const MODELS: { value: NicModel; label: string }[] = [
  { value: 'virtio', label: 'virtio (fastest; Linux, BSD, Windows with virtio-win)' },
  { value: 'e1000e', label: 'e1000e (Intel: every OS has a driver)' },
  { value: 'e1000', label: 'e1000 (older Intel)' },
  { value: 'rtl8139', label: 'rtl8139 (Realtek, for old OSes)' },
];

export function NicsCard({ nics, details }: { nics?: NicInfo[]; details?: VmDetails }) {
  const edit = useHardwareEdit(details);
  const [busy, setBusy] = useState<string>();
  const run = async (key: string, ...a: Parameters<typeof edit>) => {
    setBusy(key);
    await edit(...a);
    setBusy(undefined);
  };
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
        details && (
          <AddNic details={details} onAdd={(e) => run('add', e, 'Could not add the network adapter')} />
        )
      }
    />
  );
}

/** "Add network adapter": one of the host's virtual networks and a model (virtio unless told) */
function AddNic(props: {
  details: VmDetails;
  onAdd: (edit: { kind: 'addNic'; source: { network: string }; model: NicModel }) => Promise<void>;
}) {
  const bridge = useBridge();
  const [open, setOpen] = useState(false);
  const [networks, setNetworks] = useState<NetworkInfo[]>();
  const [network, setNetwork] = useState<string | null>(null);
  const [model, setModel] = useState<NicModel>('virtio');
  useEffect(() => {
    if (!open) return;
    void bridge.call('networks.list', { connection: props.details.connection }).then((r) => {
      const list = r.ok ? r.value : [];
      setNetworks(list);
      setNetwork((n) => n ?? list.find((x) => x.name === 'default')?.name ?? list[0]?.name ?? null);
    });
  }, [open, bridge, props.details.connection]);
  if (!open)
    return (
      <Button size="compact-xs" variant="light" onClick={() => setOpen(true)} data-testid="nic-add">
        Add network adapter…
      </Button>
    );
  return (
    <Group gap="xs" align="flex-end" data-testid="nic-add-form">
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
        data-testid="nic-add-network"
      />
      <Select
        size="xs"
        label="Model"
        data={MODELS}
        value={model}
        onChange={(v) => v && setModel(v as NicModel)}
        allowDeselect={false}
        data-testid="nic-add-model"
      />
      <Button
        size="xs"
        disabled={!network}
        onClick={() => {
          if (!network) return;
          setOpen(false);
          void props.onAdd({ kind: 'addNic', source: { network }, model });
        }}
        data-testid="nic-add-save"
      >
        Add
      </Button>
      <Button size="xs" variant="default" onClick={() => setOpen(false)}>
        Cancel
      </Button>
    </Group>
  );
}
