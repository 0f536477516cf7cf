// vms.makeIndependent: a shut-off linked clone's overlays replaced by full copies, so it no longer reads
// its base's disks (and the base may be started and deleted again). libvirt makes each copy from the
// overlay (STORAGE_VOL_CREATE_XML_FROM: qemu-img convert, which reads through the backing chain and
// writes one standalone, still sparse, qcow2), the guest is redefined on the copies, and only then are
// the overlays deleted. A failure or a cancel before the redefine deletes the copies made and nothing else.
import type { Job, VmRef } from '../../../preload/contract';
import { DefineFlags, DomainState, DomainXMLFlags, type LibvirtConnectionApi } from '../../libvirt/facade';
import { cloneDisks, independentDomainXml } from '../../model/clone-plan';
import { formatSize } from '../../model/validate-create';
import { ApiFailure } from '../errors';
import type { Jobs } from '../jobs';
import { lookupGuest } from '../vms';
import { type SourceDisk, sourceDisk } from './source';
import { copyVolume, freeVolumeName, type MadeVolume } from './volumes';

/** the data a flattened copy holds at most: what the overlay and its base take (their capacity if unknown) */
async function copySize(c: LibvirtConnectionApi, d: SourceDisk): Promise<number> {
  const base = await c
    .lookupVolumeByPath(d.backing!)
    .then((v) => c.volumeGetInfo(v))
    .catch(() => undefined);
  return Math.min(Number(d.capacity), Number(d.allocation + (base?.allocation ?? d.capacity)));
}

async function checkSpace(c: LibvirtConnectionApi, disks: SourceDisk[], sizes: number[]): Promise<void> {
  const need = new Map<string, number>();
  for (const [i, d] of disks.entries()) need.set(d.pool.name, (need.get(d.pool.name) ?? 0) + sizes[i]);
  for (const [name, bytes] of need) {
    const pool = disks.find((d) => d.pool.name === name)!.pool;
    await c.storagePoolRefresh(pool, 0).catch(() => undefined);
    const free = Number((await c.storagePoolGetInfo(pool)).available);
    if (bytes > free)
      throw new ApiFailure(
        'INVALID_INPUT',
        `The full copies of the disks (up to ${formatSize(bytes)}) do not fit in storage pool “${name}”: it has ${formatSize(free)} free.`,
      );
  }
}

export async function makeIndependent(
  s: { client: LibvirtConnectionApi; jobs: Jobs },
  ref: VmRef,
): Promise<Job> {
  const c = s.client;
  const dom = await lookupGuest(c, ref.uuid);
  if ((await c.domainGetState(dom)).state !== DomainState.SHUTOFF)
    throw new ApiFailure(
      'WRONG_STATE',
      `Shut down “${dom.name}” first: its disks are copied while nothing writes to them.`,
    );
  const xml = await c.domainGetXML(dom, DomainXMLFlags.INACTIVE | DomainXMLFlags.SECURE);
  const writable = cloneDisks(xml).filter((d) => d.copied);
  const overlays = (await Promise.all(writable.map((d) => sourceDisk(c, d).catch(() => undefined)))).filter(
    (d): d is SourceDisk => d?.backing !== undefined,
  );
  if (!overlays.length)
    throw new ApiFailure(
      'INVALID_INPUT',
      `“${dom.name}” is independent already: none of its disks is an overlay on another disk.`,
    );
  const sizes = await Promise.all(overlays.map((d) => copySize(c, d)));
  await checkSpace(c, overlays, sizes);
  const total = sizes.reduce((a, b) => a + b, 0) || 1;

  return s.jobs.start(`Making “${dom.name}” independent (full copies of its disks)`, async (job) => {
    const made: MadeVolume[] = [];
    try {
      const disks: Record<string, { path: string; format: string }> = {};
      let copied = 0;
      for (const [i, d] of overlays.entries()) {
        if (job.signal.aborted) throw job.signal.reason;
        const at = (bytes: number) =>
          job.report(
            `Copying ${d.target} with its base’s data (${formatSize(copied + bytes)} of up to ${formatSize(total)})`,
            Math.min(0.99, (copied + bytes) / total),
          );
        at(0);
        const name = await freeVolumeName(c, d, dom.name, i === 0, d.volFormat);
        made.push(await copyVolume(c, d, name, (bytes) => at(Math.min(bytes, sizes[i]))));
        copied += sizes[i];
        disks[d.target] = { path: made[i].path, format: d.volFormat };
      }
      if (job.signal.aborted) throw job.signal.reason;
      job.report('Using the copies');
      await c.domainDefineXML(independentDomainXml(xml, disks), DefineFlags.VALIDATE);
    } catch (err) {
      for (const v of made.reverse()) await c.volumeDelete(v.vol, 0).catch(() => undefined);
      throw err;
    }
    // the guest stands on its copies now: an overlay that cannot be deleted is only a file left over
    const kept: string[] = [];
    for (const d of overlays) await c.volumeDelete(d.vol, 0).catch(() => kept.push(d.file));
    if (kept.length)
      job.report(`Independent; these old overlays could not be deleted: ${kept.join(', ')}`, 1);
    return ref;
  });
}
