// What the user must know before anything else: libvirtd is gone, or KVM is not usable.
import { Alert, Stack } from '@mantine/core';
import { IconAlertTriangle, IconPlugConnectedX } from '@tabler/icons-react';
import type { ConnectionStatus, HostStatus } from '../../preload/contract';

export function Banners(props: { connections: ConnectionStatus[]; host?: HostStatus }) {
  const lost = props.connections.filter((c) => c.state === 'disconnected');
  const showKvm = props.host && !props.host.kvmUsable;
  if (!lost.length && !showKvm) return null;
  return (
    <Stack gap={0}>
      {lost.map((c) => (
        <Alert
          key={c.id}
          radius={0}
          color="red"
          variant="filled"
          icon={<IconPlugConnectedX size={18} />}
          data-testid="banner-disconnected"
          title="Lost connection to libvirtd — reconnecting…"
        >
          {c.message ?? `KVM Desk reconnects to ${c.uri} by itself as soon as libvirtd is back.`}
        </Alert>
      ))}
      {showKvm && (
        <Alert
          radius={0}
          color="yellow"
          icon={<IconAlertTriangle size={18} />}
          data-testid="banner-no-kvm"
          py={6}
        >
          KVM is not available: guests run in slow software emulation.
          {props.host?.kvmReason ? ` ${props.host.kvmReason}` : ''}
        </Alert>
      )}
    </Stack>
  );
}
