// Deleting an external snapshot (and its subtree): libvirt merges the overlays (block commit running,
// qemu-img commit shut off) only while every snapshot's overlay is in the guest's current chain; after a
// revert has branched it, only the metadata, the memory file and the copies go and every overlay stays
// (no disk data is lost). Then the overlay files KVM Desk made that nothing needs any more are removed.
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { type LibvirtConnectionApi, SnapshotDeleteFlags, type SnapshotRef } from '../../libvirt/facade';
import { memoryFileOf, overlayFilesOf } from '../../model/snapshot-external';
import { backingChain } from './backing-chain';
import { definitionFiles, filesSnapshotsNeed, type Report, refreshPoolsHolding } from './external';
import type { SnapshotGuestFacts } from './guest';
import { readSidecar, removeAll, writeSidecar } from './state-copies';

/** every file of these files' backing chains */
async function currentChain(tops: string[]): Promise<Set<string>> {
  const chain = new Set<string>();
  for (const top of tops) for (const f of await backingChain(top)) chain.add(f);
  return chain;
}

async function liveDisks(
  c: LibvirtConnectionApi,
  guest: SnapshotGuestFacts,
): Promise<SnapshotGuestFacts['disks']> {
  const files = await definitionFiles(c, await c.domainGetXML(guest.dom, 0));
  return guest.disks.map((d) => ({ ...d, file: files.get(d.target) ?? d.file }));
}

export async function deleteExternal(
  c: LibvirtConnectionApi,
  guest: SnapshotGuestFacts,
  snap: SnapshotRef,
  uuid: string,
  children: boolean,
  report: Report,
): Promise<'merged' | 'metadata'> {
  const before = await c.listAllSnapshots(guest.dom, 0);
  const xmls = await Promise.all(before.map((r) => c.snapshotGetXML(r, 0)));
  const chain = await currentChain(guest.disks.map((d) => d.file).filter((f): f is string => !!f));
  const linear = xmls.every((x) => overlayFilesOf(x).every((f) => chain.has(f)));
  const gone = (after: SnapshotRef[]) => before.filter((b) => !after.some((a) => a.name === b.name));
  let how: 'merged' | 'metadata' = 'metadata';
  if (linear) {
    report('Merging the snapshot’s overlay files (libvirt)');
    try {
      await c.snapshotDelete(snap, children ? SnapshotDeleteFlags.CHILDREN : 0);
      how = 'merged';
    } catch (err) {
      report(`libvirt cannot merge them (${(err as Error).message}): keeping the overlay files`);
    }
  }
  if (how === 'metadata') {
    report(
      'Deleting the snapshot’s metadata, memory file and copies; the overlay files stay in the disks’ chain',
    );
    await c.snapshotDelete(
      snap,
      SnapshotDeleteFlags.METADATA_ONLY | (children ? SnapshotDeleteFlags.CHILDREN : 0),
    );
  }
  const removed = gone(await c.listAllSnapshots(guest.dom, 0));
  // the disks' files now (libvirt's merge may have moved them down the chain)
  guest = { ...guest, disks: await liveDisks(c, guest) };
  const sidecar = await readSidecar(uuid);
  for (const r of removed) {
    const xml = xmls[before.indexOf(r)];
    const memory = xml ? memoryFileOf(xml) : undefined;
    if (memory) await rm(memory, { force: true }).catch(() => undefined);
    const kept = sidecar.snapshots[r.name];
    if (kept) await removeAll(kept.dir).catch(() => undefined);
    delete sidecar.snapshots[r.name];
  }
  // the overlays KVM Desk made that nothing needs any more (not in the guest's chain, not a remaining
  // snapshot's disk state or overlay, nor below one of those): a revert's branch that only this snapshot kept
  const after = await c.listAllSnapshots(guest.dom, 0);
  const roots = [
    ...guest.disks.map((d) => d.file).filter((f): f is string => !!f),
    ...(await filesSnapshotsNeed(c, after)),
    ...xmls.filter((_, i) => after.some((a) => a.name === before[i].name)).flatMap(overlayFilesOf),
  ].filter((f) => existsSync(f));
  const keep = await currentChain(roots);
  for (const f of sidecar.made)
    if (!keep.has(f)) {
      report(`Removing ${f} (no snapshot and no disk needs it any more)`);
      await rm(f, { force: true }).catch(() => undefined);
    }
  sidecar.made = sidecar.made.filter((f) => keep.has(f) && existsSync(f));
  await writeSidecar(uuid, sidecar);
  await refreshPoolsHolding(c, xmls.flatMap(overlayFilesOf));
  return how;
}
