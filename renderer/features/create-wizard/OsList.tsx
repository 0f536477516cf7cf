// Every OS osinfo-db knows (about a thousand), searchable, newest first; windowed so the list is ready
// at once. End-of-life systems stay choosable but are marked.
import {
  Alert,
  Badge,
  Button,
  Group,
  ScrollArea,
  Stack,
  Text,
  TextInput,
  UnstyledButton,
} from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { type KeyboardEvent, useEffect, useMemo, useRef, useState } from 'react';
import type { OsEntry, OsNearest } from '../../../preload/contract';

const NEAREST_DELAY_MS = 250;

const ROW_HEIGHT = 44;

/** Entries matching every word of the query (name, short id, version, vendor), newest release first. */
export function searchOs(list: OsEntry[], query: string): OsEntry[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const hits = list.filter((os) => {
    const hay = `${os.name} ${os.id} ${os.version ?? ''} ${os.vendor ?? ''} ${os.distro ?? ''}`.toLowerCase();
    return words.every((w) => hay.includes(w));
  });
  return hits.sort(
    (a, b) => (b.releaseDate ?? '').localeCompare(a.releaseDate ?? '') || a.name.localeCompare(b.name),
  );
}

export interface OsListProps {
  list: OsEntry[];
  selected?: string;
  onSelect: (os: OsEntry) => void;
  /** asked when the search finds nothing: "Debian 12" may be newer than the host's OS database */
  findNearest?: (query: string) => Promise<OsNearest | null>;
}

export function OsList({ list, selected, onSelect, findNearest }: OsListProps) {
  const [query, setQuery] = useState('');
  const shown = useMemo(() => searchOs(list, query), [list, query]);
  const [nearest, setNearest] = useState<{ query: string; hit: OsNearest | null }>();
  const none = shown.length === 0 && query.trim() !== '';
  useEffect(() => {
    if (!none || !findNearest) return;
    let live = true;
    const q = query.trim();
    const timer = setTimeout(() => {
      void findNearest(q).then((hit) => live && setNearest({ query: q, hit }));
    }, NEAREST_DELAY_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [none, query, findNearest]);
  const offer = none && nearest?.query === query.trim() ? nearest.hit : null;
  const viewport = useRef<HTMLDivElement>(null);
  const rows = useVirtualizer({
    count: shown.length,
    getScrollElement: () => viewport.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    // jsdom and the first paint have no layout yet: render a screenful anyway
    initialRect: { width: 600, height: 300 },
  });

  // The keyboard: one option is in the Tab order (the chosen one, else the first), the arrow keys, Home,
  // End and Page Up/Down move among them and Enter or Space chooses, as in a listbox; Tab leaves the
  // list (a thousand options one Tab each would trap the user, and the windowed list renders more as
  // they go). ArrowDown in the search field enters the list.
  const [cursor, setCursor] = useState(0);
  const selectedIndex = shown.findIndex((o) => o.id === selected);
  useEffect(() => setCursor(Math.max(0, selectedIndex)), [selectedIndex]);
  const tabbable = Math.min(cursor, shown.length - 1);
  const listRef = useRef<HTMLDivElement>(null);
  const focusTo = useRef<number | null>(null);
  const [, rerender] = useState(0);
  const moveTo = (i: number) => {
    const to = Math.max(0, Math.min(shown.length - 1, i));
    setCursor(to);
    rows.scrollToIndex(to, { align: 'auto' });
    const el = listRef.current?.querySelector<HTMLElement>(`[data-index="${to}"]`);
    if (el) return el.focus({ preventScroll: true });
    focusTo.current = to;
    rerender((n) => n + 1); // the option comes with the next render (the effect below focuses it)
  };
  // the option to focus may appear only once the virtualiser has rendered it: a few frames at most
  useEffect(() => {
    const i = focusTo.current;
    if (i === null) return;
    let frames = 0;
    let raf = 0;
    const tryFocus = () => {
      const el = listRef.current?.querySelector<HTMLElement>(`[data-index="${i}"]`);
      if (el) {
        focusTo.current = null;
        el.focus({ preventScroll: true });
      } else if (frames++ < 10) raf = requestAnimationFrame(tryFocus);
    };
    tryFocus();
    return () => cancelAnimationFrame(raf);
  });
  const page = Math.max(1, Math.floor(300 / ROW_HEIGHT) - 1);
  const onListKey = (e: KeyboardEvent) => {
    const by: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: page, PageUp: -page };
    if (e.key in by) moveTo(tabbable + by[e.key]);
    else if (e.key === 'Home') moveTo(0);
    else if (e.key === 'End') moveTo(shown.length - 1);
    else return;
    e.preventDefault();
  };

  return (
    <>
      <TextInput
        aria-label="Search operating systems"
        placeholder={`Search ${list.length} operating systems: name, version or short id`}
        leftSection={<IconSearch size={16} />}
        value={query}
        onChange={(e) => setQuery(e.currentTarget.value)}
        data-testid="os-search"
        data-autofocus
        onKeyDown={(e) => {
          if (e.key !== 'ArrowDown' || shown.length === 0) return;
          e.preventDefault();
          moveTo(tabbable);
        }}
      />
      <ScrollArea h={300} viewportRef={viewport} type="auto" data-testid="os-list">
        <div
          ref={listRef}
          role="listbox"
          aria-label="Operating systems"
          onKeyDown={onListKey}
          style={{ height: rows.getTotalSize(), position: 'relative' }}
        >
          {rows.getVirtualItems().map((row) => {
            const os = shown[row.index];
            const active = os.id === selected;
            return (
              <UnstyledButton
                key={os.id}
                role="option"
                aria-selected={active}
                tabIndex={row.index === tabbable ? 0 : -1}
                data-index={row.index}
                className="kd-list-option"
                onClick={() => {
                  setCursor(row.index);
                  onSelect(os);
                }}
                data-testid={`os-${os.id}`}
                px="sm"
                style={{
                  position: 'absolute',
                  top: 0,
                  left: 0,
                  width: '100%',
                  height: ROW_HEIGHT,
                  transform: `translateY(${row.start}px)`,
                  background: active ? 'var(--mantine-primary-color-light)' : undefined,
                  borderRadius: 4,
                }}
              >
                <Group justify="space-between" wrap="nowrap" gap="xs">
                  <div style={{ minWidth: 0 }}>
                    <Text size="sm" truncate fw={active ? 600 : 400}>
                      {os.name}
                    </Text>
                    <Text size="xs" c="dimmed" truncate>
                      {os.id}
                      {os.vendor ? ` · ${os.vendor}` : ''}
                      {os.releaseDate ? ` · released ${os.releaseDate}` : ''}
                    </Text>
                  </div>
                  {os.eol && (
                    <Badge
                      size="xs"
                      color="gray"
                      variant="light"
                      title={os.eolDate ? `end of life ${os.eolDate}` : undefined}
                    >
                      end of life
                    </Badge>
                  )}
                </Group>
              </UnstyledButton>
            );
          })}
        </div>
        {shown.length === 0 &&
          (offer ? (
            <Alert color="blue" p="sm" m="xs" data-testid="os-nearest">
              <Stack gap={6} align="flex-start">
                <Text size="sm">
                  {offer.os.name} is not in this host's OS database
                  {offer.dbVersion ? ` (version ${offer.dbVersion})` : ''}: it is newer. Its nearest older
                  release there is {offer.basedOn.name}, whose settings suit it in most cases.
                </Text>
                <Button size="compact-sm" onClick={() => onSelect(offer.os)} data-testid="os-nearest-use">
                  Use {offer.basedOn.name}'s settings for {offer.os.name}
                </Button>
              </Stack>
            </Alert>
          ) : (
            <Text size="sm" c="dimmed" p="sm">
              No operating system matches “{query}”.
            </Text>
          ))}
      </ScrollArea>
    </>
  );
}
