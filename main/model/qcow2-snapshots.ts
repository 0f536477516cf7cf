// The internal snapshots a qcow2 file holds, from `qemu-img info --output=json [--backing-chain]`: its
// snapshot table (qemu-img's ID, TAG, VM SIZE ...). libvirt names each internal snapshot after the
// libvirt snapshot, so the tab can show how much memory state each one keeps inside the guest's files.
// qemu-img does not say how much of the disk a snapshot keeps (clusters shared with later states are not
// counted per snapshot), so that part is never guessed.
//
// Exports:
//   qcow2SnapshotTable(json): Map<name, vmStateBytes>     every layer of the chain, summed by name
//   snapshotSize(facts, tables): { sizeBytes?, sizeNote }
import type { SnapshotInfo } from '../../preload/snapshots';
import type { SnapshotFacts } from './snapshot-xml';

interface QemuImgSnapshot {
  name?: unknown;
  'vm-state-size'?: unknown;
}

export function qcow2SnapshotTable(json: string): Map<string, number> {
  const parsed: unknown = JSON.parse(json);
  const layers = (Array.isArray(parsed) ? parsed : [parsed]) as { snapshots?: QemuImgSnapshot[] }[];
  const table = new Map<string, number>();
  for (const layer of layers) {
    for (const s of Array.isArray(layer?.snapshots) ? layer.snapshots : []) {
      if (typeof s.name !== 'string') continue;
      const size = typeof s['vm-state-size'] === 'number' ? s['vm-state-size'] : 0;
      table.set(s.name, (table.get(s.name) ?? 0) + size);
    }
  }
  return table;
}

/**
 * What the tab says about a snapshot's size: `tables` holds one snapshot table per disk it could read
 * (undefined: the files cannot be read from here, e.g. a remote host).
 */
export function snapshotSize(
  facts: SnapshotFacts,
  tables: Map<string, number>[] | undefined,
): Pick<SnapshotInfo, 'sizeBytes' | 'sizeNote'> {
  if (facts.location !== 'internal')
    return { sizeNote: 'Size unknown: its data is in overlay files KVM Desk does not measure yet.' };
  if (!tables || tables.length === 0)
    return { sizeNote: 'Size unknown: the disk files cannot be read from this computer.' };
  const found = tables.filter((t) => t.has(facts.name));
  if (found.length === 0) return { sizeNote: 'Size unknown: the qcow2 files do not list this snapshot.' };
  const bytes = found.reduce((sum, t) => sum + (t.get(facts.name) ?? 0), 0);
  return facts.kind === 'memory'
    ? { sizeBytes: bytes, sizeNote: 'the memory state kept inside the qcow2 files' }
    : { sizeBytes: bytes, sizeNote: 'no memory state; the disks’ changes are not counted per snapshot' };
}
