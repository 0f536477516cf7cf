// Settings' desktop notifications: one switch a kind (preload/notify-rules.ts), and in the browser shell
// the browser's permission, asked only when the user presses the button (browsers ignore an unasked prompt).
import { Alert, Button, Checkbox, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import type { NotifyKind, Settings } from '../../../preload/contract';
import { NOTIFY_LABELS } from '../../../preload/notify-rules';
import { useBridge } from '../../app/context';

function BrowserPermission() {
  const N = globalThis.Notification;
  const [permission, setPermission] = useState(N?.permission);
  if (!N)
    return (
      <Text size="sm" c="dimmed">
        This browser cannot show desktop notifications.
      </Text>
    );
  if (permission === 'granted')
    return (
      <Text size="xs" c="dimmed" data-testid="settings-notify-permission" data-permission="granted">
        This browser shows KVM Desk's notifications while its page is not in front.
      </Text>
    );
  if (permission === 'denied')
    return (
      <Alert color="yellow" data-testid="settings-notify-permission" data-permission="denied">
        <Text size="sm">
          The browser blocks notifications from this page: allow them in its site settings.
        </Text>
      </Alert>
    );
  return (
    <Button
      variant="default"
      size="xs"
      w="fit-content"
      data-testid="settings-notify-permission"
      data-permission="default"
      onClick={() => void N.requestPermission().then(setPermission)}
    >
      Allow desktop notifications
    </Button>
  );
}

export function NotificationSettings(props: {
  settings: Settings;
  disabled: boolean;
  onChange: (notifications: Settings['notifications']) => void;
}) {
  const bridge = useBridge();
  const current = props.settings.notifications;
  return (
    <Stack gap={6} data-testid="settings-notifications">
      <Text size="sm" fw={500}>
        Desktop notifications
      </Text>
      <Text size="xs" c="dimmed">
        Shown while no KVM Desk window is in front; clicking one shows the guest.
      </Text>
      {bridge.shell === 'browser' && <BrowserPermission />}
      {(Object.keys(NOTIFY_LABELS) as NotifyKind[]).map((kind) => (
        <Checkbox
          key={kind}
          data-testid={`settings-notify-${kind}`}
          label={NOTIFY_LABELS[kind]}
          checked={current[kind]}
          disabled={props.disabled}
          onChange={(e) => props.onChange({ ...current, [kind]: e.currentTarget.checked })}
        />
      ))}
    </Stack>
  );
}
