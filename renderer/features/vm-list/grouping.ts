// The guest list grouped by connection: a header row per host (its name, state word and guest count;
// collapsible) and its guests under it, hosts in the order they were added. One connection: no headers,
// the list looks as it always did. A host filter shows one host's group alone.
import type { ConnectionStatus, VmSummary } from '../../../preload/contract';

export type ConnectionWord = 'connected' | 'connecting' | 'reconnecting' | 'disconnected';

/** the word a header and the status bar show: a drop that KVM Desk is retrying is 'reconnecting' */
export function connectionWord(c: ConnectionStatus): ConnectionWord {
  if (c.state === 'disconnected') return c.stopped ? 'disconnected' : 'reconnecting';
  return c.state;
}

/** what a host is called in the list: its label, else the host part of its URI, else the URI */
export function connectionName(c: ConnectionStatus): string {
  if (c.label) return c.label;
  const m = /^[a-z0-9+]+:\/\/([^/?]*)(\/[^?]*)/i.exec(c.uri);
  if (!m) return c.uri;
  const [, authority, path] = m;
  const daemon = path === '/session' ? 'session' : path === '/system' ? 'system' : path.replace(/^\//, '');
  if (!authority)
    return daemon === 'session' ? 'This computer (session)' : daemon === 'system' ? 'This computer' : c.uri;
  return `${authority.replace(/^[^@]*@/, '')}${daemon === 'session' ? ' (session)' : ''}`;
}

export type ListRow =
  | { kind: 'header'; key: string; connection: ConnectionStatus; count: number; collapsed: boolean }
  | { kind: 'guest'; key: string; vm: VmSummary };

export const ALL_HOSTS = '';

/**
 * Rows for the list: `guests` already searched, filtered and sorted; `connections` in the store's order.
 * `hostFilter` is a connection id or ALL_HOSTS.
 */
export function listRows(
  guests: VmSummary[],
  connections: ConnectionStatus[],
  collapsed: ReadonlySet<string>,
  hostFilter: string = ALL_HOSTS,
): ListRow[] {
  const shown = hostFilter ? connections.filter((c) => c.id === hostFilter) : connections;
  const guestRow = (vm: VmSummary): ListRow => ({ kind: 'guest', key: `${vm.connection}\n${vm.uuid}`, vm });
  if (connections.length <= 1) return guests.map(guestRow);
  const byConnection = new Map<string, VmSummary[]>();
  for (const vm of guests) {
    const list = byConnection.get(vm.connection) ?? [];
    list.push(vm);
    byConnection.set(vm.connection, list);
  }
  const rows: ListRow[] = [];
  for (const c of shown) {
    const mine = c.stopped ? [] : (byConnection.get(c.id) ?? []);
    const folded = collapsed.has(c.id);
    rows.push({
      kind: 'header',
      key: `header\n${c.id}`,
      connection: c,
      count: mine.length,
      collapsed: folded,
    });
    if (!folded) rows.push(...mine.map(guestRow));
  }
  return rows;
}

/** the guests in the order the rows show them (arrow keys move through these) */
export function rowGuests(rows: ListRow[]): VmSummary[] {
  return rows.flatMap((r) => (r.kind === 'guest' ? [r.vm] : []));
}
