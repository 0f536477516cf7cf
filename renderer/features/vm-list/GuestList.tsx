// The guest list on the left: search, state filter, and a virtualised list (only the rows on screen
// exist in the DOM, so 1,000 guests scroll as smoothly as 10). Right click opens the same actions
// as the toolbar.
import { Box, Center, Loader, SegmentedControl, Select, Stack, Text, TextInput } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef } from 'react';
import type { ConnectionStatus, VmSummary } from '../../../preload/contract';
import { useAppState } from '../../app/context';
import type { GuestAction } from './actions';
import { ListHeader } from './columns/ListHeader';
import { type GuestColumns, sampleKey } from './columns/useGuestColumns';
import { EmptyGuests } from './EmptyGuests';
import { STATE_FILTERS, type StateFilter } from './filter';
import { GuestContextMenu } from './GuestContextMenu';
import { GuestRow, ROW_HEIGHT, rowId } from './GuestRow';
import { ALL_HOSTS, connectionName, type ListRow } from './grouping';
import { HEADER_HEIGHT, HostHeader } from './HostHeader';
import { guestKey, linkedClonesByBase } from './linked-clones';

export interface GuestListProps {
  loaded: boolean;
  /** guests on the host, before search and filter */
  total: number;
  guests: VmSummary[];
  selected?: VmSummary;
  search: string;
  filter: StateFilter;
  onSearch: (search: string) => void;
  onFilter: (filter: StateFilter) => void;
  onSelect: (vm: VmSummary) => void;
  /** double click: start a guest that is off, else open its console */
  onOpen: (vm: VmSummary) => void;
  onAction: (action: GuestAction, vm: VmSummary) => void;
  onCreate: () => void;
  /** grouped by host (grouping.ts); absent: one row per guest */
  rows?: ListRow[];
  /** two or more: a host filter above the list */
  connections?: ConnectionStatus[];
  hostFilter?: string;
  onHostFilter?: (connection: string) => void;
  onToggleHost?: (connection: string) => void;
  onManageHost?: (connection: string) => void;
  /** the optional columns, their sort and samples (`guests` is already in their order) */
  columns: GuestColumns;
}

export function GuestList(props: GuestListProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const rows: ListRow[] =
    props.rows ?? props.guests.map((vm) => ({ kind: 'guest', key: `${vm.connection}\n${vm.uuid}`, vm }));
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (i) => (rows[i].kind === 'header' ? HEADER_HEIGHT : ROW_HEIGHT),
    overscan: 6,
    getItemKey: (i) => rows[i].key,
  });
  const rowsRef = useRef(rows);
  rowsRef.current = rows;
  const grouped = (props.connections?.length ?? 0) > 1;
  // over every guest, not only those the search shows: a base's count stays true while searching
  const allGuests = useAppState((s) => s.vms);
  const linkedClones = useMemo(() => linkedClonesByBase(allGuests), [allGuests]);

  // the guests on screen (without overscan; host headers are rows too) are the ones whose stats the list
  // watches
  const range = virtualizer.range;
  const { onVisible } = props.columns;
  const visible = rows
    .slice(range?.startIndex ?? 0, (range?.endIndex ?? -1) + 1)
    .flatMap((r) => (r.kind === 'guest' ? [r.key] : []))
    .join('\0');
  useEffect(() => onVisible(visible ? visible.split('\0') : []), [onVisible, visible]);

  // when the selection moves (arrow keys), keep its row on screen; a re-sort caused by some other
  // guest's event must not scroll the list away from where the user is looking
  const selectedKey = props.selected ? `${props.selected.connection}\n${props.selected.uuid}` : null;
  useEffect(() => {
    if (!selectedKey) return;
    const index = rowsRef.current.findIndex((r) => r.key === selectedKey);
    if (index >= 0) virtualizer.scrollToIndex(index, { align: 'auto' });
  }, [selectedKey, virtualizer]);

  return (
    <Stack gap={0} h="100%" style={{ minHeight: 0 }}>
      <Stack gap={6} p="xs" style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}>
        <TextInput
          data-testid="guest-search"
          aria-label="Search guests by name"
          placeholder="Search by name"
          leftSection={<IconSearch size={14} />}
          size="xs"
          value={props.search}
          onChange={(e) => props.onSearch(e.currentTarget.value)}
        />
        <SegmentedControl
          data-testid="guest-filter"
          aria-label="Filter guests by state"
          size="xs"
          fullWidth
          data={STATE_FILTERS}
          value={props.filter}
          onChange={(v) => props.onFilter(v as StateFilter)}
        />
        {grouped && (
          <Select
            data-testid="host-filter"
            aria-label="Show the guests of"
            size="xs"
            allowDeselect={false}
            value={props.hostFilter ?? ALL_HOSTS}
            onChange={(v) => props.onHostFilter?.(v ?? ALL_HOSTS)}
            data={[
              { value: ALL_HOSTS, label: 'All hosts' },
              ...(props.connections ?? []).map((c) => ({ value: c.id, label: connectionName(c) })),
            ]}
          />
        )}
      </Stack>
      {!props.loaded ? (
        <Center style={{ flex: 1 }}>
          <Stack align="center" gap="xs">
            <Loader size="sm" />
            <Text size="sm" c="dimmed">
              Connecting to libvirt…
            </Text>
          </Stack>
        </Center>
      ) : props.total === 0 && !grouped ? (
        <EmptyGuests onCreate={props.onCreate} />
      ) : rows.length === 0 ? (
        <Text data-testid="no-match" size="sm" c="dimmed" ta="center" p="md">
          No guest matches “{props.search}”{props.filter === 'all' ? '' : ' in this state'}.
        </Text>
      ) : (
        <>
          <ListHeader
            columns={props.columns.columns}
            on={props.columns.on}
            sort={props.columns.sort}
            onSort={props.columns.sortBy}
            onToggle={props.columns.toggle}
          />
          <GuestContextMenu vm={props.selected} onAction={props.onAction} onCreate={props.onCreate}>
            <Box
              ref={scrollRef}
              role="listbox"
              aria-label="Guests"
              tabIndex={0}
              aria-activedescendant={props.selected ? rowId(props.selected) : undefined}
              // the arrow keys move the selection (MainWindow's keys); Enter opens it, as a double click
              onKeyDown={(e) => {
                if (e.key !== 'Enter' || e.target !== e.currentTarget || !props.selected) return;
                e.preventDefault();
                props.onOpen(props.selected);
              }}
              data-testid="guest-list"
              data-count={props.guests.length}
              style={{
                flex: 1,
                minHeight: 0,
                overflowY: 'auto',
                position: 'relative',
                contain: 'strict',
                scrollbarGutter: 'stable',
              }}
            >
              <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
                {virtualizer.getVirtualItems().map((item) => {
                  const row = rows[item.index];
                  if (row.kind === 'header')
                    return (
                      <HostHeader
                        key={item.key}
                        connection={row.connection}
                        count={row.count}
                        collapsed={row.collapsed}
                        top={item.start}
                        onToggle={(id) => props.onToggleHost?.(id)}
                        onManage={props.onManageHost}
                      />
                    );
                  const vm = row.vm;
                  return (
                    <GuestRow
                      key={item.key}
                      vm={vm}
                      top={item.start}
                      selected={vm === props.selected}
                      onSelect={props.onSelect}
                      onOpen={props.onOpen}
                      onAction={props.onAction}
                      columns={props.columns.columns}
                      samples={props.columns.samples[sampleKey(vm)]}
                      linkedClones={linkedClones.get(guestKey(vm))}
                    />
                  );
                })}
              </div>
            </Box>
          </GuestContextMenu>
        </>
      )}
      <Text size="xs" c="dimmed" px="xs" py={4} data-testid="guest-count">
        {props.guests.length === props.total
          ? `${props.total} guest${props.total === 1 ? '' : 's'}`
          : `${props.guests.length} of ${props.total} guests`}
      </Text>
    </Stack>
  );
}
