// The event log panel's rules, apart from React: merging pushed entries into the listed ones (newest
// first, no duplicates, at most 1,000), the guest and kind filters, and the text export.
import type { EventLogEntry, EventLogKind } from '../../../preload/contract';

export const MAX_ENTRIES = 1000;

export const KIND_LABELS: Record<EventLogKind, string> = {
  lifecycle: 'Guest state',
  job: 'Tasks',
  error: 'Errors',
  connection: 'Connection',
};

export type KindFilter = EventLogKind | 'all';

export interface LogFilter {
  /** `${connection}\n${uuid}`, or '' for every guest (and lines about no guest) */
  guest: string;
  kind: KindFilter;
}

export const guestKey = (e: Pick<EventLogEntry, 'connection' | 'uuid'>) =>
  e.connection && e.uuid ? `${e.connection}\n${e.uuid}` : '';

/** `fresh` (pushed, any order) into `entries` (newest first): by id, newest first, bounded */
export function mergeEntries(entries: EventLogEntry[], fresh: EventLogEntry[]): EventLogEntry[] {
  if (!fresh.length) return entries;
  const seen = new Set(entries.map((e) => e.id));
  const added = fresh.filter((e) => !seen.has(e.id));
  if (!added.length) return entries;
  return [...added, ...entries].sort((a, b) => b.id - a.id).slice(0, MAX_ENTRIES);
}

export function filterEntries(entries: EventLogEntry[], f: LogFilter): EventLogEntry[] {
  return entries.filter(
    (e) => (f.kind === 'all' || e.kind === f.kind) && (!f.guest || guestKey(e) === f.guest),
  );
}

/** the guests the log mentions, for the filter: latest name of each, sorted by name */
export function guestsIn(entries: EventLogEntry[]): { value: string; label: string }[] {
  const names = new Map<string, string>();
  for (const e of entries) {
    const key = guestKey(e);
    if (key && !names.has(key)) names.set(key, e.guest ?? e.uuid ?? key);
  }
  return [...names]
    .map(([value, label]) => ({ value, label }))
    .sort((a, b) => a.label.localeCompare(b.label));
}

/** a local time a person reads: 2026-12-01 17:03:09 */
export function timeText(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/** the export: one line an entry, tab-separated (time, kind, guest, what, libvirt's event and detail) */
export function exportText(entries: EventLogEntry[]): string {
  const lines = entries.map((e) =>
    [
      timeText(e.time),
      KIND_LABELS[e.kind],
      e.guest ?? e.connection ?? '',
      e.message,
      [e.event, e.detail].filter(Boolean).join('/'),
    ].join('\t'),
  );
  return `${['Time', 'Kind', 'Guest', 'What happened', 'Event'].join('\t')}\n${lines.join('\n')}\n`;
}
