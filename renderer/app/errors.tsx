// Shows an ApiError the way users read it: libvirt's own message, plus a way out where we know one.
import { Button, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { ApiError, ArgsOf, ConnectionId, KvmBridge, Method, ResultOf } from '../../preload/contract';

export function showApiError(
  bridge: KvmBridge,
  error: ApiError,
  context: { title: string; connection?: ConnectionId },
): void {
  const id = `error-${Date.now()}-${Math.random().toString(36).slice(2)}`;
  const network = error.code === 'NETWORK_INACTIVE' ? error.detail?.network : undefined;
  notifications.show({
    id,
    color: 'red',
    title: context.title,
    autoClose: network ? false : 10_000,
    message: (
      <Stack gap={6} data-testid="error-notification">
        <Text size="sm">{error.message}</Text>
        {network && context.connection && (
          <Button
            size="xs"
            variant="light"
            data-testid="start-network"
            onClick={() => void startNetwork(bridge, context.connection!, network, id)}
          >
            Start network
          </Button>
        )}
      </Stack>
    ),
  });
}

async function startNetwork(bridge: KvmBridge, connection: ConnectionId, name: string, errorId: string) {
  const res = await bridge.call('networks.start', { connection, name });
  notifications.hide(errorId);
  if (res.ok) {
    notifications.show({ color: 'green', title: 'Network started', message: `Network “${name}” is active.` });
  } else {
    showApiError(bridge, res.error, { title: `Could not start network “${name}”` });
  }
}

/** Calls the api; on failure shows the error and answers undefined. */
export async function callOrNotify<M extends Method>(
  bridge: KvmBridge,
  method: M,
  args: ArgsOf<M>,
  context: { title: string; connection?: ConnectionId },
): Promise<{ value: ResultOf<M> } | undefined> {
  const res = await bridge.call(method, args);
  if (res.ok) return { value: res.value };
  showApiError(bridge, res.error, context);
  return undefined;
}
