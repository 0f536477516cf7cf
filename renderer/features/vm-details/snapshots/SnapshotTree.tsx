// The snapshot tree as nested lists (parent -> children, indented), each snapshot with its date, the
// guest's state when taken, its kind and size, the current one marked; its actions are buttons and a
// menu, so the whole tree is reachable with Tab and Enter.
import { ActionIcon, Badge, Box, Button, Group, Menu, Stack, Text, Tooltip } from '@mantine/core';
import { IconCamera, IconChevronDown, IconPencil } from '@tabler/icons-react';
import type { SnapshotNode } from '../../../../preload/contract';
import { formatBytes } from '../../create-wizard/format';

export interface SnapshotActions {
  busy: boolean;
  onRevert: (s: SnapshotNode) => void;
  onDelete: (s: SnapshotNode, children: boolean) => void;
  onDescribe: (s: SnapshotNode) => void;
}

const STATE_WORDS = { running: 'Running', paused: 'Paused', shutoff: 'Shut off', other: 'Unknown state' };

export function SnapshotTree({ tree, ...actions }: { tree: SnapshotNode[] } & SnapshotActions) {
  return (
    <Box component="ul" m={0} p={0} style={{ listStyle: 'none' }} data-testid="snapshot-tree">
      {tree.map((n) => (
        <SnapshotItem key={n.name} node={n} depth={0} {...actions} />
      ))}
    </Box>
  );
}

function SnapshotItem({ node, depth, ...actions }: { node: SnapshotNode; depth: number } & SnapshotActions) {
  return (
    <li>
      <SnapshotRow node={node} depth={depth} {...actions} />
      {node.children.length > 0 && (
        <Box component="ul" m={0} p={0} style={{ listStyle: 'none' }}>
          {node.children.map((c) => (
            <SnapshotItem key={c.name} node={c} depth={depth + 1} {...actions} />
          ))}
        </Box>
      )}
    </li>
  );
}

export function countBelow(node: SnapshotNode): number {
  return node.children.reduce((n, c) => n + 1 + countBelow(c), 0);
}

function sizeText(s: SnapshotNode): string {
  if (s.sizeBytes === undefined) return 'size unknown';
  return s.kind === 'memory' ? `${formatBytes(s.sizeBytes)} of memory state` : 'no memory state';
}

function SnapshotRow({
  node,
  depth,
  busy,
  onRevert,
  onDelete,
  onDescribe,
}: { node: SnapshotNode; depth: number } & SnapshotActions) {
  const below = countBelow(node);
  const facts = [
    new Date(node.createdAt).toLocaleString(),
    STATE_WORDS[node.state],
    node.kind === 'memory' ? 'with memory' : 'disk only',
  ];
  return (
    <Group
      justify="space-between"
      wrap="nowrap"
      gap="sm"
      py={8}
      pr="xs"
      pl={depth * 28 + 8}
      style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}
      data-testid="snapshot-row"
      data-name={node.name}
      data-depth={depth}
      data-current={node.current || undefined}
    >
      <Group gap="sm" wrap="nowrap" align="flex-start" style={{ minWidth: 0 }}>
        <IconCamera size={20} stroke={1.5} style={{ flex: 'none', marginTop: 2 }} />
        <Stack gap={2} style={{ minWidth: 0 }}>
          <Group gap={6}>
            <Text fw={600} data-testid="snapshot-name">
              {node.name}
            </Text>
            {node.current && (
              <Tooltip label="The guest’s current state descends from this snapshot">
                <Badge size="sm" variant="light" color="blue" data-testid="snapshot-current">
                  current
                </Badge>
              </Tooltip>
            )}
          </Group>
          <Text size="xs" c="dimmed" data-testid="snapshot-facts">
            {facts.join(' · ')} ·{' '}
            <Tooltip label={node.sizeNote ?? ''} disabled={!node.sizeNote}>
              <span data-testid="snapshot-size">{sizeText(node)}</span>
            </Tooltip>
          </Text>
          <Group gap={4} wrap="nowrap">
            <Text size="sm" c={node.description ? undefined : 'dimmed'} data-testid="snapshot-description">
              {node.description || 'No description'}
            </Text>
            <ActionIcon
              variant="subtle"
              size="sm"
              aria-label={`Edit the description of ${node.name}`}
              onClick={() => onDescribe(node)}
              data-testid="snapshot-describe"
            >
              <IconPencil size={14} />
            </ActionIcon>
          </Group>
        </Stack>
      </Group>
      <Group gap="xs" wrap="nowrap" style={{ flex: 'none' }}>
        <Button
          size="xs"
          variant="default"
          disabled={busy}
          onClick={() => onRevert(node)}
          data-testid="snapshot-revert"
        >
          Revert…
        </Button>
        <Menu position="bottom-end" withinPortal>
          <Menu.Target>
            <Button
              size="xs"
              variant="default"
              color="red"
              disabled={busy}
              rightSection={<IconChevronDown size={14} />}
              data-testid="snapshot-delete-menu"
              aria-label={`Delete ${node.name}`}
            >
              Delete
            </Button>
          </Menu.Target>
          <Menu.Dropdown>
            <Menu.Item onClick={() => onDelete(node, false)} data-testid="snapshot-delete">
              {below > 0 ? 'This snapshot only (keep the later ones)…' : 'This snapshot…'}
            </Menu.Item>
            {below > 0 && (
              <Menu.Item
                color="red"
                onClick={() => onDelete(node, true)}
                data-testid="snapshot-delete-children"
              >
                With its {below} later {below === 1 ? 'snapshot' : 'snapshots'}…
              </Menu.Item>
            )}
          </Menu.Dropdown>
        </Menu>
      </Group>
    </Group>
  );
}
