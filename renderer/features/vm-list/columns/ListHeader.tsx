// The list's header: "Guest" and each optional column's label sort the list when clicked (again: the
// other direction), and a column menu turns columns on and off.
import { ActionIcon, Menu, UnstyledButton, VisuallyHidden } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconCheck, IconColumns } from '@tabler/icons-react';
import type { ListColumn } from './list-columns';
import { LIST_COLUMNS } from './list-columns';
import type { ListSort } from './sort';

interface Props {
  columns: ListColumn[];
  on: string[];
  sort: ListSort;
  onSort: (id: string) => void;
  onToggle: (id: string) => void;
}

function SortButton(props: {
  id: string;
  label: string;
  sort: ListSort;
  onSort: (id: string) => void;
  width?: number;
}) {
  const active = props.sort.by === props.id;
  const Arrow = props.sort.dir === 'desc' ? IconArrowDown : IconArrowUp;
  return (
    <UnstyledButton
      data-testid={`list-sort-${props.id}`}
      // a listbox has no column headers to carry aria-sort: the button's name says the order instead
      data-sort={active ? (props.sort.dir === 'desc' ? 'descending' : 'ascending') : 'none'}
      title={`Sort by ${props.label.toLowerCase()}`}
      onClick={() => props.onSort(props.id)}
      style={{
        width: props.width,
        flex: 'none',
        display: 'flex',
        alignItems: 'center',
        justifyContent: props.width ? 'flex-end' : 'flex-start',
        gap: 2,
        fontSize: 'var(--mantine-font-size-xs)',
        fontWeight: active ? 700 : 500,
        color: active ? undefined : 'var(--mantine-color-dimmed)',
      }}
    >
      {props.label}
      {active && <Arrow size={12} aria-hidden />}
      {active && (
        <VisuallyHidden>, sorted {props.sort.dir === 'desc' ? 'descending' : 'ascending'}</VisuallyHidden>
      )}
    </UnstyledButton>
  );
}

export function ListHeader({ columns, on, sort, onSort, onToggle }: Props) {
  return (
    <div
      data-testid="list-header"
      style={{
        display: 'flex',
        alignItems: 'center',
        gap: 12,
        padding: '2px 12px',
        borderBottom: '1px solid var(--mantine-color-default-border)',
        // the same gutter as the list's scrollbar, so the labels sit over their cells
        overflowY: 'hidden',
        scrollbarGutter: 'stable',
      }}
    >
      <SortButton id="name" label="Guest" sort={sort} onSort={onSort} />
      <Menu position="bottom-end" withinPortal closeOnItemClick={false}>
        <Menu.Target>
          <ActionIcon
            variant="subtle"
            size="sm"
            aria-label="Columns"
            title="Columns"
            data-testid="list-columns-menu"
          >
            <IconColumns size={14} />
          </ActionIcon>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Label>Columns</Menu.Label>
          {LIST_COLUMNS.map((c) => (
            <Menu.Item
              key={c.id}
              role="menuitemcheckbox"
              aria-checked={on.includes(c.id)}
              data-testid={`list-column-${c.id}`}
              leftSection={
                <IconCheck size={14} style={{ visibility: on.includes(c.id) ? 'visible' : 'hidden' }} />
              }
              onClick={() => onToggle(c.id)}
            >
              {c.label}
            </Menu.Item>
          ))}
        </Menu.Dropdown>
      </Menu>
      <div style={{ flex: 1 }} />
      {columns.map((c) => (
        <SortButton key={c.id} id={c.id} label={c.label} width={c.width} sort={sort} onSort={onSort} />
      ))}
    </div>
  );
}
