// A host's header in the guest list: fold/unfold, its name, state word and guest count; a click on the
// state opens the connections manager on it.
import { Badge, Text, UnstyledButton } from '@mantine/core';
import { IconChevronDown, IconChevronRight, IconServer } from '@tabler/icons-react';
import type { ConnectionStatus } from '../../../preload/contract';
import { connectionName, connectionWord } from './grouping';

export const HEADER_HEIGHT = 32;

const WORD_COLOR = { connected: 'green', connecting: 'yellow', reconnecting: 'orange', disconnected: 'gray' };

export function HostHeader(props: {
  connection: ConnectionStatus;
  count: number;
  collapsed: boolean;
  top: number;
  onToggle: (id: string) => void;
  onManage?: (id: string) => void;
}) {
  const c = props.connection;
  const word = connectionWord(c);
  return (
    <div
      data-testid={`host-header-${c.id}`}
      data-state={word}
      style={{
        position: 'absolute',
        top: 0,
        left: 0,
        right: 0,
        height: HEADER_HEIGHT,
        transform: `translateY(${props.top}px)`,
        display: 'flex',
        alignItems: 'center',
        padding: '0 8px',
        gap: 6,
        background: 'var(--mantine-color-default-hover)',
        borderBottom: '1px solid var(--mantine-color-default-border)',
      }}
    >
      <UnstyledButton
        aria-expanded={!props.collapsed}
        aria-label={`${props.collapsed ? 'Show' : 'Hide'} the guests of ${connectionName(c)}`}
        onClick={() => props.onToggle(c.id)}
        style={{ display: 'flex', alignItems: 'center', gap: 6, flex: 1, minWidth: 0 }}
      >
        {props.collapsed ? <IconChevronRight size={14} /> : <IconChevronDown size={14} />}
        <IconServer size={14} />
        <Text size="xs" fw={700} truncate title={c.uri}>
          {connectionName(c)}
        </Text>
        <Text size="xs" c="dimmed">
          {props.count}
        </Text>
      </UnstyledButton>
      <UnstyledButton onClick={() => props.onManage?.(c.id)} aria-label={`${connectionName(c)}: ${word}`}>
        <Badge size="xs" variant="light" color={WORD_COLOR[word]} title={c.message}>
          {word}
        </Badge>
      </UnstyledButton>
    </div>
  );
}
