// The Overview's "Network addresses": each adapter (MAC, network) with every address a source found,
// its prefix and source (lease / agent / ARP), Copy, and Copy ssh command (`ssh USER@ADDR`, the
// desktop user's login name; not for link-local addresses). While nothing is known yet it says what
// each source answered and that it asks again; an off guest has none ("Off").
import {
  ActionIcon,
  Badge,
  Button,
  Card,
  CopyButton,
  Group,
  Loader,
  Stack,
  Text,
  Title,
  Tooltip,
} from '@mantine/core';
import { IconCheck, IconClock, IconCopy, IconRefresh, IconTerminal2 } from '@tabler/icons-react';
import { type GuestAddress, sshCommand } from '../../../../preload/addresses';
import type { VmSummary } from '../../../../preload/contract';
import { nicWhere, SOURCE_LABEL, SOURCE_TITLE, sourceLines } from '../../guest-addresses/address-words';
import { hasAddresses, useGuestAddresses } from '../../guest-addresses/useGuestAddresses';

export function NetworkAddresses({ vm }: { vm: VmSummary }) {
  const running = hasAddresses(vm);
  const { addresses, error, asking, waiting, refresh } = useGuestAddresses(vm);
  const known = addresses?.known ?? false;
  return (
    <Card withBorder padding="md" data-testid="network-addresses">
      <Group justify="space-between" mb="xs">
        <Title order={4} size="h5">
          Network addresses
        </Title>
        <Button
          size="compact-sm"
          variant="default"
          leftSection={<IconRefresh size={14} />}
          onClick={() => void refresh()}
          loading={asking}
          disabled={!running}
          data-testid="addresses-refresh"
        >
          Refresh
        </Button>
      </Group>
      {!running ? (
        <Text size="sm" c="dimmed" data-testid="addresses-off">
          Off: a guest has addresses only while it runs.
        </Text>
      ) : (
        <Stack gap="sm">
          {addresses?.nics.length === 0 && (
            <Text size="sm" c="dimmed">
              This guest has no network adapter.
            </Text>
          )}
          {addresses?.nics.map((nic) => (
            <div key={nic.mac} data-testid={`nic-addresses-${nic.mac}`}>
              <Group gap={6} mb={4}>
                <Text size="sm" ff="monospace">
                  {nic.mac}
                </Text>
                <Text size="xs" c="dimmed">
                  {nicWhere(nic)}
                  {nic.device ? ` · ${nic.device}` : ''}
                </Text>
              </Group>
              {nic.addresses.length === 0 ? (
                // while none is known the lines below say it, and why
                known && (
                  <Text size="sm" c="dimmed" pl="sm">
                    No address yet
                  </Text>
                )
              ) : (
                <Stack gap={4} pl="sm">
                  {nic.addresses.map((a) => (
                    <AddressRow key={a.address} address={a} user={addresses.sshUser} />
                  ))}
                </Stack>
              )}
            </div>
          ))}
          {!known && addresses?.nics.length !== 0 && (
            <Stack gap={2} data-testid="addresses-waiting">
              <Group gap={6}>
                {/* a spinner only while libvirt is asked (a moment); between asks a still clock: an endless
                    animation would keep the page drawing for as long as a guest has no address */}
                {asking ? (
                  <Loader size={12} />
                ) : (
                  waiting && <IconClock size={14} aria-hidden color="var(--mantine-color-dimmed)" />
                )}
                <Text size="sm">
                  {addresses ? 'No address yet.' : 'Looking for addresses…'}
                  {waiting ? ' Asking again in a few seconds.' : ''}
                </Text>
              </Group>
              {addresses &&
                sourceLines(addresses.sources, addresses.nics).map((line) => (
                  <Text key={line} size="xs" c="dimmed">
                    {line}
                  </Text>
                ))}
            </Stack>
          )}
          {error && (
            <Text size="sm" c="red" data-testid="addresses-error">
              {error.message}
            </Text>
          )}
        </Stack>
      )}
    </Card>
  );
}

function AddressRow({ address: a, user }: { address: GuestAddress; user: string }) {
  const ssh = sshCommand(user, a);
  return (
    <Group gap={8} wrap="nowrap" data-testid={`address-${a.address}`}>
      <Text size="sm" ff="monospace" style={{ overflowWrap: 'anywhere' }}>
        {a.address}/{a.prefix}
      </Text>
      <Tooltip label={SOURCE_TITLE[a.source]}>
        <Badge size="xs" variant="light" color={a.source === 'agent' ? 'teal' : 'gray'}>
          {SOURCE_LABEL[a.source]}
        </Badge>
      </Tooltip>
      {a.linkLocal && (
        <Text size="xs" c="dimmed">
          link-local
        </Text>
      )}
      <CopyButton value={a.address}>
        {({ copied, copy }) => (
          <Tooltip label={copied ? 'Copied' : 'Copy the address'}>
            <ActionIcon
              variant="subtle"
              size="sm"
              color={copied ? 'teal' : 'gray'}
              onClick={copy}
              aria-label={`Copy ${a.address}`}
              data-testid={`copy-address-${a.address}`}
            >
              {copied ? <IconCheck size={14} /> : <IconCopy size={14} />}
            </ActionIcon>
          </Tooltip>
        )}
      </CopyButton>
      {ssh && (
        <CopyButton value={ssh}>
          {({ copied, copy }) => (
            <Button
              size="compact-xs"
              variant="subtle"
              color={copied ? 'teal' : undefined}
              leftSection={copied ? <IconCheck size={12} /> : <IconTerminal2 size={12} />}
              onClick={copy}
              title={ssh}
              data-testid={`copy-ssh-${a.address}`}
            >
              {copied ? 'Copied' : 'Copy ssh command'}
            </Button>
          )}
        </CopyButton>
      )}
    </Group>
  );
}
