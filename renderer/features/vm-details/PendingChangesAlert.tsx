// What the running guest gets only when it next starts (VmDetails.pendingChanges: its live definition
// against the saved one, in words), so a change that did not apply at once is never a surprise.
import { Alert, List } from '@mantine/core';
import { IconClockPlay } from '@tabler/icons-react';

export function PendingChangesAlert({ changes }: { changes: string[] }) {
  if (changes.length === 0) return null;
  return (
    <Alert
      color="blue"
      icon={<IconClockPlay size={18} />}
      title="Saved for the next start"
      data-testid="details-pending-changes"
    >
      <List size="sm" spacing={2}>
        {changes.map((c) => (
          <List.Item key={c}>{c}</List.Item>
        ))}
      </List>
    </Alert>
  );
}
