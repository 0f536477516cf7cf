// What the snapshot services read of a guest: its domain ref, whether it runs, the mechanism its
// snapshots use (from the live XML while it runs: the disks' formats as QEMU has them), its guest agent,
// and the files of the disks a snapshot covers.
import type { SnapshotMechanism } from '../../../preload/snapshots';
import { LibvirtError, ErrorCode as VirErr } from '../../libvirt/errors';
import type { DomainRef, LibvirtConnectionApi, SnapshotRef } from '../../libvirt/facade';
import { isLocalUri, isSystemUri } from '../../libvirt/uri';
import { parseDomainXml } from '../../model/domain-xml';
import { chooseSnapshotMechanism, guestAgentState, snapshotDisks } from '../../model/snapshot-mechanism';
import { ApiFailure } from '../errors';
import { stateName } from '../vm-reasons';
import { lookupGuest } from '../vms';

export interface SnapshotGuestFacts {
  dom: DomainRef;
  active: boolean;
  mechanism: SnapshotMechanism;
  agent: ReturnType<typeof guestAgentState>;
  /** the files of the disks a snapshot covers (pool volumes resolved), for qemu-img's snapshot table */
  diskFiles: string[];
  /** the guest's memory, which a snapshot with memory writes to its first disk */
  memoryKiB: number;
  /** the same disks with their targets and formats (an external snapshot gives each an overlay) */
  disks: { target: string; file?: string; format?: string }[];
  /** every other disk's target (CDs, read-only, shareable): left out of a snapshot */
  skipped: string[];
  name: string;
  /** the XML read (live while it runs) */
  xml: string;
}

export async function snapshotGuest(c: LibvirtConnectionApi, uuid: string): Promise<SnapshotGuestFacts> {
  const dom = await lookupGuest(c, uuid);
  const [xml, st] = await Promise.all([c.domainGetXML(dom, 0), c.domainGetState(dom)]);
  const active = !['shutoff', 'nostate', 'crashed'].includes(stateName(st.state));
  const fields = parseDomainXml(xml);
  const diskFiles: string[] = [];
  const disks: SnapshotGuestFacts['disks'] = [];
  const covered = snapshotDisks(fields.disks);
  for (const d of covered) {
    if (d.volume) {
      const file = await c
        .lookupStoragePoolByName(d.volume.pool)
        .then((pool) => c.lookupVolumeByName(pool, d.volume!.name))
        .then((vol) => c.volumeGetPath(vol))
        .catch(() => undefined);
      if (file) diskFiles.push(file);
      disks.push({ target: d.target, file, format: d.format });
    } else {
      if (d.path?.startsWith('/')) diskFiles.push(d.path);
      disks.push({ target: d.target, file: d.path?.startsWith('/') ? d.path : undefined, format: d.format });
    }
  }
  return {
    dom,
    active,
    mechanism: chooseSnapshotMechanism({
      firmware: fields.firmware,
      disks: fields.disks,
      active,
      tpm: fields.tpm,
      externalHere: isLocalUri(c.uri) && isSystemUri(c.uri),
    }),
    agent: guestAgentState(xml),
    diskFiles,
    memoryKiB: fields.memoryKiB,
    disks,
    skipped: fields.disks.filter((d) => !covered.includes(d)).map((d) => d.target),
    name: fields.name,
    xml,
  };
}

/** the snapshot by name, NOT_FOUND in the user's words when it is gone (another window deleted it) */
export async function lookupSnapshot(
  c: LibvirtConnectionApi,
  dom: DomainRef,
  name: string,
): Promise<SnapshotRef> {
  const all = await c.listAllSnapshots(dom, 0);
  const snap = all.find((s) => s.name === name);
  if (!snap) throw new ApiFailure('NOT_FOUND', `The snapshot “${name}” no longer exists.`, { field: 'name' });
  return snap;
}

/** libvirt's "no such snapshot" as NOT_FOUND, everything else as it came */
export function snapshotGone(err: unknown, name: string): unknown {
  if (err instanceof LibvirtError && err.code === VirErr.NO_DOMAIN_SNAPSHOT)
    return new ApiFailure('NOT_FOUND', `The snapshot “${name}” no longer exists.`, { field: 'name' });
  return err;
}
