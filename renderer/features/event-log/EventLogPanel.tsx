// The event log: what happened this session (kept in the main process, so it has what happened while no
// window was open), newest first, filtered by guest and kind, exported as text. The rows are virtual:
// 1,000 entries render as the few on screen.
import { Badge, Button, Group, Modal, SegmentedControl, Select, Stack, Text } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { EventLogEntry } from '../../../preload/contract';
import { useBridge } from '../../app/context';
import { callOrNotify } from '../../app/errors';
import {
  exportText,
  filterEntries,
  guestsIn,
  KIND_LABELS,
  type KindFilter,
  mergeEntries,
  timeText,
} from './event-log-view';

const ROW_HEIGHT = 44;
const KIND_COLORS = { lifecycle: 'blue', job: 'grape', error: 'red', connection: 'teal' } as const;

/** the browser's download (Electron asks where to save it) */
function download(text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = `kvm-desk-events-${new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-')}.txt`;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** `showGuest` false when the list is filtered to one guest: its name on every line says nothing */
function Row(props: { entry: EventLogEntry; showGuest: boolean }) {
  const e = props.entry;
  return (
    <Group
      gap="sm"
      wrap="nowrap"
      px="xs"
      h={ROW_HEIGHT}
      data-testid="event-log-row"
      data-kind={e.kind}
      style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}
    >
      <Text size="xs" c="dimmed" ff="monospace" style={{ flex: 'none', width: 140 }}>
        {timeText(e.time)}
      </Text>
      <Badge size="sm" variant="light" color={KIND_COLORS[e.kind]} style={{ flex: 'none', width: 96 }}>
        {KIND_LABELS[e.kind]}
      </Badge>
      <Stack gap={0} style={{ minWidth: 0, flex: 1 }}>
        <Text size="sm" truncate="end" title={e.guest ? `${e.guest}: ${e.message}` : e.message}>
          {props.showGuest && e.guest && (
            <Text span fw={600} size="sm">
              {e.guest}:{' '}
            </Text>
          )}
          {e.message}
        </Text>
        {e.kind === 'lifecycle' && (
          <Text size="xs" c="dimmed" ff="monospace" truncate="end">
            libvirt: {e.event}/{e.detail}
          </Text>
        )}
      </Stack>
    </Group>
  );
}

export function EventLogPanel(props: { opened: boolean; onClose: () => void }) {
  const bridge = useBridge();
  const [entries, setEntries] = useState<EventLogEntry[]>([]);
  const [guest, setGuest] = useState('');
  const [kind, setKind] = useState<KindFilter>('all');

  // listed when opened; entries pushed meanwhile are merged by id, so none is lost or doubled
  useEffect(() => {
    if (!props.opened) return;
    let current = true;
    const off = bridge.on('eventLog.entry', (e) => setEntries((all) => mergeEntries(all, [e])));
    void callOrNotify(bridge, 'eventLog.list', {}, { title: 'Could not read the event log' }).then((res) => {
      if (current && res) setEntries((all) => mergeEntries(all, res.value));
    });
    return () => {
      current = false;
      off();
    };
  }, [bridge, props.opened]);

  const shown = useMemo(() => filterEntries(entries, { guest, kind }), [entries, guest, kind]);
  const guests = useMemo(() => guestsIn(entries), [entries]);
  const scrollRef = useRef<HTMLDivElement>(null);
  const rows = useVirtualizer({
    count: shown.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    getItemKey: (i) => shown[i].id,
  });

  return (
    <Modal opened={props.opened} onClose={props.onClose} title="Event log" size="xl" data-testid="event-log">
      <Stack gap="sm">
        <Group gap="sm" align="end">
          <Select
            data-testid="event-log-guest"
            label="Guest"
            placeholder="All guests"
            data={guests}
            value={guest || null}
            onChange={(v) => setGuest(v ?? '')}
            clearable
            searchable
            w={200}
          />
          <SegmentedControl
            size="xs"
            data-testid="event-log-kind"
            aria-label="Kind of event"
            value={kind}
            onChange={(v) => setKind(v as KindFilter)}
            data={[
              { value: 'all', label: 'All' },
              ...Object.entries(KIND_LABELS).map(([value, label]) => ({ value, label })),
            ]}
          />
          <Button
            ml="auto"
            variant="default"
            leftSection={<IconDownload size={16} />}
            disabled={!shown.length}
            onClick={() => download(exportText(shown))}
            data-testid="event-log-export"
          >
            Export as text
          </Button>
        </Group>
        <div
          ref={scrollRef}
          data-testid="event-log-list"
          style={{
            height: 420,
            overflow: 'auto',
            border: '1px solid var(--mantine-color-default-border)',
            borderRadius: 'var(--mantine-radius-sm)',
          }}
        >
          {shown.length === 0 ? (
            <Text size="sm" c="dimmed" p="md">
              {entries.length ? 'No events match the filter.' : 'Nothing has happened yet this session.'}
            </Text>
          ) : (
            <div style={{ height: rows.getTotalSize(), position: 'relative' }}>
              {rows.getVirtualItems().map((r) => (
                <div key={r.key} style={{ position: 'absolute', top: r.start, left: 0, right: 0 }}>
                  <Row entry={shown[r.index]} showGuest={!guest} />
                </div>
              ))}
            </div>
          )}
        </div>
        <Text size="xs" c="dimmed">
          {shown.length === entries.length
            ? `${entries.length} event${entries.length === 1 ? '' : 's'} this session (the last 1,000 are kept)`
            : `${shown.length} of ${entries.length} events`}
        </Text>
      </Stack>
    </Modal>
  );
}
