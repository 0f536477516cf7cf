// A guest's state as a coloured dot and words, with libvirt's reason next to it (when it says something).
import { Group, Text } from '@mantine/core';
import type { VmState } from '../../preload/contract';
import { STATE_COLORS, STATE_LABELS } from './format';

export function GuestStateBadge(props: {
  state: VmState;
  reason?: string;
  testId?: string;
  size?: 'xs' | 'sm';
}) {
  const color = `var(--mantine-color-${STATE_COLORS[props.state]}-filled)`;
  return (
    <Group gap={6} wrap="nowrap" data-testid={props.testId} data-state={props.state}>
      <span
        aria-hidden
        style={{ width: 8, height: 8, borderRadius: '50%', background: color, flex: 'none' }}
      />
      <Text size={props.size ?? 'xs'} fw={500} span>
        {STATE_LABELS[props.state]}
      </Text>
      {props.reason && props.reason !== 'unknown' && (
        <Text size={props.size ?? 'xs'} c="dimmed" span truncate>
          ({props.reason})
        </Text>
      )}
    </Group>
  );
}
