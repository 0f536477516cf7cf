// The guest list's "IP address" cell: a running guest's first address (IPv4 first, never a link-local
// one when another exists), nothing for a guest that is off. Its own component, so a list with
// column toggles can place it as a column as it is.
import { Text } from '@mantine/core';
import { firstAddress } from '../../../preload/addresses';
import type { VmSummary } from '../../../preload/contract';
import { hasAddresses, useGuestAddresses } from './useGuestAddresses';

export function IpAddressCell({ vm }: { vm: VmSummary }) {
  if (!hasAddresses(vm)) return null;
  return <RunningGuestAddress vm={vm} />;
}

function RunningGuestAddress({ vm }: { vm: VmSummary }) {
  const { addresses } = useGuestAddresses(vm);
  const first = firstAddress(addresses);
  if (!first) return null; // nothing known yet: the Overview says what is being tried
  return (
    <Text
      size="xs"
      c="dimmed"
      ff="monospace"
      truncate
      title={`IP address (${first.source})`}
      data-testid={`vm-${vm.name}-ip`}
      style={{ maxWidth: '100%' }}
    >
      {first.address}
    </Text>
  );
}
