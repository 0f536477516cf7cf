// The guest's OS, chosen from osinfo-db (the wizard's list). Changing it changes nothing of the guest but
// what KVM Desk remembers (its icon, its defaults later). The list is asked for once per bridge.
import { Select } from '@mantine/core';
import { useEffect, useMemo, useState } from 'react';
import type { KvmBridge, OsEntry } from '../../../../preload/contract';
import { useBridge } from '../../../app/context';

const lists = new WeakMap<KvmBridge, Promise<OsEntry[]>>();

function osList(bridge: KvmBridge): Promise<OsEntry[]> {
  let list = lists.get(bridge);
  if (!list) {
    list = bridge.call('osinfo.list', {}).then((r) => (r.ok && Array.isArray(r.value) ? r.value : []));
    // a failed answer is asked again next time
    void list.then((l) => l.length === 0 && lists.delete(bridge));
    lists.set(bridge, list);
  }
  return list;
}

export function OsSelect(props: {
  value: string;
  /** the name the guest's metadata gives, for an OS the list does not have */
  currentName?: string;
  onChange: (osId: string) => void;
  disabled?: boolean;
}) {
  const bridge = useBridge();
  const [entries, setEntries] = useState<OsEntry[] | undefined>();
  useEffect(() => {
    let live = true;
    void osList(bridge).then((l) => live && setEntries(l));
    return () => {
      live = false;
    };
  }, [bridge]);
  const data = useMemo(() => {
    const items = (entries ?? []).map((o) => ({ value: o.id, label: o.name }));
    if (props.value && !items.some((i) => i.value === props.value))
      items.unshift({ value: props.value, label: props.currentName ?? props.value });
    return items;
  }, [entries, props.value, props.currentName]);
  return (
    <Select
      label="Operating system"
      description="KVM Desk remembers it; the hardware stays as it is."
      placeholder={entries ? 'Unknown' : 'Loading…'}
      data={data}
      value={props.value || null}
      onChange={(v) => v && props.onChange(v)}
      searchable
      limit={60}
      nothingFoundMessage="No OS by that name"
      disabled={props.disabled}
      data-testid="overview-os"
      comboboxProps={{ withinPortal: true }}
    />
  );
}
