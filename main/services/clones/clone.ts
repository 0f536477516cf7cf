// vms.clone: a new guest from a shut-off one (or, for a full copy, a paused one, or a running one the
// job pauses for the copy and resumes after), as a job. Full: each writable disk copied in its pool,
// with progress in bytes; linked: each becomes a qcow2 overlay on the source's disk, in well under a
// second. The UEFI variables and the software TPM's state are copied on this machine. A failure or a
// cancel undoes everything the job made (the new guest, its volumes, the copied files) and nothing
// else, and resumes a source it paused; the source's disks are never written to.
import type { CloneVmArgs, Job } from '../../../preload/contract';
import { DefineFlags, type DomainRef, type LibvirtConnectionApi } from '../../libvirt/facade';
import { isLocalUri } from '../../libvirt/uri';
import { cloneDomainXml, hasTpmEmulator, isUefi, nvramOf } from '../../model/clone-plan';
import { formatSize } from '../../model/validate-create';
import { ApiFailure } from '../errors';
import type { JobControl, Jobs } from '../jobs';
import { undefineGuest } from '../undefine';
import { lookupGuest } from '../vms';
import {
  copyNvram,
  copyTpmState,
  defaultNvramPath,
  nvramPathFor,
  removeIfMade,
  SWTPM_DIR,
} from './host-state';
import { type CloneSource, readCloneSource } from './source';
import { copyHeldVolume, copyVolume, freeVolumeName, type MadeVolume, makeOverlay } from './volumes';

export interface CloneServices {
  client: LibvirtConnectionApi;
  jobs: Jobs;
}

/** a full copy needs, in each pool, the space the source's disks take there */
async function checkSpace(c: LibvirtConnectionApi, src: CloneSource): Promise<void> {
  const need = new Map<string, bigint>();
  for (const d of src.disks) need.set(d.pool.name, (need.get(d.pool.name) ?? 0n) + d.allocation);
  for (const d of src.disks) {
    const bytes = need.get(d.pool.name);
    if (bytes === undefined) continue;
    need.delete(d.pool.name);
    await c.storagePoolRefresh(d.pool, 0).catch(() => undefined);
    const free = (await c.storagePoolGetInfo(d.pool)).available;
    if (bytes > free)
      throw new ApiFailure(
        'INVALID_INPUT',
        `The copies of the disks (${formatSize(Number(bytes))}) do not fit in storage pool “${d.pool.name}”: it has ${formatSize(Number(free))} free. A linked clone takes almost no space.`,
        { field: 'mode' },
      );
  }
}

/** what the job made so far, undone in reverse when it fails or is cancelled */
interface Made {
  volumes: MadeVolume[];
  nvram?: string;
  tpm?: string;
  dom?: DomainRef;
}

async function undo(c: LibvirtConnectionApi, made: Made): Promise<void> {
  if (made.dom) await undefineGuest(c, made.dom).catch(() => undefined);
  await removeIfMade(made.tpm).catch(() => undefined);
  await removeIfMade(made.nvram).catch(() => undefined);
  for (const v of made.volumes.reverse()) await c.volumeDelete(v.vol, 0).catch(() => undefined);
}

async function makeDisks(
  c: LibvirtConnectionApi,
  src: CloneSource,
  args: CloneVmArgs,
  job: JobControl,
  made: Made,
) {
  const total = src.disks.reduce((n, d) => n + Number(d.allocation), 0) || 1;
  let copied = 0;
  const disks: Record<string, { path: string; format: string }> = {};
  for (const [i, d] of src.disks.entries()) {
    if (job.signal.aborted) throw job.signal.reason;
    const format = args.mode === 'linked' ? 'qcow2' : d.volFormat;
    const name = await freeVolumeName(c, d, args.name, i === 0, format);
    let vol: MadeVolume;
    if (args.mode === 'linked') {
      job.report(`Making ${d.target}’s overlay on ${d.file}`);
      vol = await makeOverlay(c, d, name);
    } else {
      const at = (bytes: number) =>
        job.report(
          `Copying ${d.target} (${formatSize(copied + bytes)} of ${formatSize(total)})`,
          Math.min(0.99, (copied + bytes) / total),
        );
      at(0);
      const heard = (bytes: number) => at(Math.min(bytes, Number(d.allocation)));
      vol = src.active
        ? await copyHeldVolume(c, d, name, heard, job.signal)
        : await copyVolume(c, d, name, heard);
      copied += Number(d.allocation);
    }
    made.volumes.push(vol);
    disks[d.target] = { path: vol.path, format };
  }
  return disks;
}

export async function cloneGuest(s: CloneServices, args: CloneVmArgs): Promise<Job> {
  const c = s.client;
  const src = await readCloneSource(c, args);
  if (args.mode === 'full') await checkSpace(c, src);
  const local = isLocalUri(c.uri);
  const named = nvramOf(src.xml);
  // unnamed: at libvirt's default path by the guest's name, and the clone's at the default by its name
  const sourceNvram = named ?? (isUefi(src.xml) ? defaultNvramPath(c.uri, src.name) : undefined);
  const how = args.mode === 'full' ? 'a full copy' : 'a linked clone';
  return s.jobs.start(`Cloning “${src.name}” as “${args.name}” (${how})`, async (job) => {
    const made: Made = { volumes: [] };
    job.signal.addEventListener('abort', () =>
      job.report(
        src.active
          ? 'Cancelling: KVM Desk stops the copy and deletes what was made'
          : 'Cancelling: libvirt finishes the disk it is copying, then KVM Desk deletes what was made',
      ),
    );
    let paused: DomainRef | undefined;
    try {
      if (src.pause) {
        job.report(`Pausing “${src.name}” for the copy`);
        paused = await lookupGuest(c, src.uuid);
        await c.domainSuspend(paused);
      }
      const disks = await makeDisks(c, src, args, job, made);
      if (job.signal.aborted) throw job.signal.reason;
      const nvram = sourceNvram ? nvramPathFor(sourceNvram, args.name) : undefined;
      if (nvram && local && sourceNvram) {
        job.report('Copying the UEFI variables');
        if (await copyNvram(sourceNvram, nvram)) made.nvram = nvram;
      }
      job.report('Defining the new guest');
      made.dom = await c.domainDefineXML(
        cloneDomainXml(src.xml, {
          name: args.name,
          disks,
          nvram: named && nvram,
          linkedTo: args.mode === 'linked' ? { uuid: src.uuid, name: src.name } : undefined,
        }),
        DefineFlags.VALIDATE,
      );
      if (hasTpmEmulator(src.xml) && local) {
        job.report('Copying the TPM’s state');
        if (await copyTpmState(src.uuid, made.dom.uuid)) made.tpm = `${SWTPM_DIR}/${made.dom.uuid}`;
      }
      if (job.signal.aborted) throw job.signal.reason;
      return { connection: args.connection, uuid: made.dom.uuid };
    } catch (err) {
      await undo(c, made);
      throw err;
    } finally {
      // also after a failure or a cancel: the user agreed to a pause for the copy, not to a stop
      if (paused) {
        job.report(`Resuming “${src.name}”`);
        // it fails only when the guest stopped meanwhile (forced off): then there is nothing to resume
        await c.domainResume(paused).catch(() => undefined);
      }
    }
  });
}
