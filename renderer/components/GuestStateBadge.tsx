// A guest's state as a coloured dot and words, with libvirt's reason next to it (when it says something).
// An off guest with a saved state (managed save) reads "Saved", as in VirtualBox: Start resumes it.
import { Group, Text } from '@mantine/core';
import type { VmState } from '../../preload/contract';
import { SAVED_COLOR, SAVED_LABEL, STATE_COLORS, STATE_LABELS } from './format';

export function GuestStateBadge(props: {
  state: VmState;
  reason?: string;
  /** off with a saved state */
  saved?: boolean;
  testId?: string;
  size?: 'xs' | 'sm';
}) {
  const saved = props.saved === true && (props.state === 'shutoff' || props.state === 'nostate');
  const color = `var(--mantine-color-${saved ? SAVED_COLOR : STATE_COLORS[props.state]}-filled)`;
  // "Saved" says what libvirt's reason would ("saved"); other reasons still show
  const reason = saved && props.reason === 'saved' ? undefined : props.reason;
  return (
    <Group
      gap={6}
      wrap="nowrap"
      data-testid={props.testId}
      data-state={props.state}
      data-saved={saved || undefined}
    >
      <span
        aria-hidden
        style={{ width: 8, height: 8, borderRadius: '50%', background: color, flex: 'none' }}
      />
      {/* the state's words stay on one line; the reason beside them is what gives way */}
      <Text size={props.size ?? 'xs'} fw={500} span style={{ whiteSpace: 'nowrap' }}>
        {saved ? SAVED_LABEL : STATE_LABELS[props.state]}
      </Text>
      {reason && reason !== 'unknown' && (
        <Text size={props.size ?? 'xs'} c="dimmed" span truncate>
          ({reason})
        </Text>
      )}
    </Group>
  );
}
