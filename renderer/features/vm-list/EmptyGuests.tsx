// What a new user sees: no guests yet, and the one button that fixes it.
import { Button, EmptyState } from '@mantine/core';
import { IconDeviceDesktopPlus } from '@tabler/icons-react';

export function EmptyGuests(props: { onCreate: () => void }) {
  return (
    <EmptyState
      data-testid="empty-guests"
      py="xl"
      px="md"
      variant="light"
      icon={<IconDeviceDesktopPlus size={28} />}
      title="No guests yet"
      description="Create your first virtual machine from an installer ISO or an existing disk image."
    >
      <EmptyState.Actions>
        <Button
          data-testid="empty-create"
          leftSection={<IconDeviceDesktopPlus size={16} />}
          onClick={props.onCreate}
        >
          Create a guest
        </Button>
      </EmptyState.Actions>
    </EmptyState>
  );
}
