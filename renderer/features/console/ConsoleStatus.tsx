// The plain states over a console (the noVNC screen or the serial terminal): guest off with a Start
// button, connecting, disconnected with the reason and a button to reconnect at once. Nothing shows
// while connected (or while the screen asks for a password: its own form shows then).
import { Button, Group, Loader, Stack, Text } from '@mantine/core';
import { IconPlayerPlay, IconRefresh } from '@tabler/icons-react';
import type { ConsoleStatus } from './console-controller';

export function ConsoleStatusOverlay({
  status,
  connectingText,
  reconnectLabel,
  onStart,
  onReconnect,
}: {
  /** the screen's status, or the serial console's (the same but for 'password') */
  status: ConsoleStatus;
  /** what shows while connecting ("Connecting to the guest's display…") */
  connectingText: string;
  /** the button that reconnects at once ("Reconnect now") */
  reconnectLabel: string;
  onStart: () => void;
  onReconnect: () => void;
}) {
  if (status.kind === 'connected' || status.kind === 'password') return null;
  return (
    <Stack
      pos="absolute"
      inset={0}
      align="center"
      justify="center"
      gap="sm"
      data-testid="console-status"
      style={{ color: 'var(--mantine-color-gray-3)', pointerEvents: 'none' }}
    >
      <div style={{ pointerEvents: 'auto', textAlign: 'center' }}>
        {status.kind === 'off' && (
          <Stack align="center" gap="sm">
            <Text>The guest is off.</Text>
            <Button leftSection={<IconPlayerPlay size={16} />} onClick={onStart} data-testid="console-start">
              Start
            </Button>
          </Stack>
        )}
        {status.kind === 'connecting' && (
          <Group gap="xs">
            <Loader size="sm" />
            <Text>{connectingText}</Text>
          </Group>
        )}
        {status.kind === 'disconnected' && (
          <Stack align="center" gap="sm">
            <Text data-testid="console-reason">{status.reason}</Text>
            {/* on the screen's dark frame in either theme: the page's dimmed colour would vanish in light */}
            <Text size="sm" c="gray.5">
              Reconnecting by itself…
            </Text>
            <Button variant="default" leftSection={<IconRefresh size={16} />} onClick={onReconnect}>
              {reconnectLabel}
            </Button>
          </Stack>
        )}
      </div>
    </Stack>
  );
}
