// Guest lifecycle: the calls behind the toolbar, the context menu and the tray. The UI learns the
// result from the vm-store's events, not from these replies.
import { lstat, unlink } from 'node:fs/promises';
import type { DeletePlan, DeleteVmArgs, DeleteVmResult, DiskInfo, VmDetails } from '../../preload/contract';
import { LibvirtError, ErrorCode as VirErr } from '../libvirt/errors';
import type { DomainRef, LibvirtConnectionApi } from '../libvirt/facade';
import { DomainXMLFlags } from '../libvirt/facade';
import { detailsFromXml, parseDomainXml, resourcesOf } from '../model/domain-xml';
import { bootOf, cpuOf } from '../model/guest-cpu-boot';
import { devicesOf } from '../model/guest-devices';
import { disksForDetails, nicsForDetails } from '../model/next-start-devices';
import { pendingChanges } from '../model/pending-changes';
import { linkedClonesOf } from './clones/linked';
import { cpuChoices } from './cpu-choices';
import { otherUsers, type PlannedDisk, planDelete, publicPlan, REMOTE_NOT_IN_POOL } from './delete-plan';
import { capacityOf, volumeOfDisk } from './edit/disks';
import { definitionVersion } from './edit/version';
import { ApiFailure, isNotFound } from './errors';
import { ppmToPng } from './png';
import { removeSnapshotLeftovers, snapshotLeftovers } from './snapshots/guest-delete';
import { undefineGuest } from './undefine';
import { reasonWords, stateName } from './vm-reasons';

const SHUTDOWN_ACPI = 1; // VIR_DOMAIN_SHUTDOWN_ACPI_POWER_BTN

export async function lookupGuest(c: LibvirtConnectionApi, uuid: string): Promise<DomainRef> {
  try {
    return await c.lookupDomainByUuid(uuid);
  } catch (err) {
    if (isNotFound(err)) throw new ApiFailure('NOT_FOUND', 'This guest no longer exists.', { field: 'uuid' });
    throw err;
  }
}

export async function guestDetails(
  c: LibvirtConnectionApi,
  connection: string,
  uuid: string,
): Promise<VmDetails> {
  const dom = await lookupGuest(c, uuid);
  const [xml, saved, st, persistent, autostart] = await Promise.all([
    c.domainGetXML(dom, 0),
    // what an edit patches; a transient guest has none (libvirt then gives the live one)
    c.domainGetXML(dom, DomainXMLFlags.INACTIVE | DomainXMLFlags.SECURE),
    c.domainGetState(dom),
    c.domainIsPersistent(dom),
    c.domainGetAutostart(dom).catch(() => false),
  ]);
  const state = stateName(st.state);
  const running = !['shutoff', 'nostate', 'crashed'].includes(state);
  const details = detailsFromXml(xml, {
    connection,
    state,
    reason: reasonWords(state, st.reason),
    persistent,
    autostart,
  });
  if (running && persistent) {
    const next = parseDomainXml(saved);
    details.disks = disksForDetails(details.disks, next.disks);
    details.nics = nicsForDetails(details.nics, next.nics);
  }
  const [offered] = await Promise.all([cpuChoices(c, details), withCapacities(c, dom, details.disks)]);
  return {
    ...details,
    version: definitionVersion(saved),
    pendingChanges: running && persistent ? pendingChanges(xml, saved) : [],
    resources: resourcesOf(saved),
    cpu: { ...cpuOf(saved), ...(offered ? { offered } : {}) },
    boot: bootOf(saved),
    devices: devicesOf(saved),
  };
}

/** each disk's size as the guest sees it (libvirt's block info: the live size, or the file's when off) */
async function withCapacities(c: LibvirtConnectionApi, dom: DomainRef, disks: DiskInfo[]): Promise<void> {
  await Promise.all(
    disks
      .filter((d) => d.device === 'disk' && d.path && d.nextStart !== 'added')
      .map(async (d) => {
        const vol = d.volume ? await volumeOfDisk(c, d).catch(() => undefined) : undefined;
        const bytes = await capacityOf(c, dom, d.target, vol).catch(() => undefined);
        if (bytes !== undefined) d.capacityBytes = bytes;
      }),
  );
}

export type LifecycleAction = 'start' | 'shutdown' | 'forceOff' | 'reboot' | 'reset' | 'pause' | 'resume';

/** where Shut down and Reboot requests are remembered until the guest acts on them (the vm-store) */
export interface RequestTracking {
  store: { requested(uuid: string, action: 'shutdown' | 'reboot', timeoutMs: number): () => void };
  /** how long the guest may take before the request is called overdue */
  timeoutMs: number;
}

/** runs a Shut down or Reboot call, remembered as pending from just before it (events may beat the reply) */
async function tracked(
  uuid: string,
  action: 'shutdown' | 'reboot',
  track: RequestTracking | undefined,
  call: () => Promise<void>,
): Promise<void> {
  const undo = track?.store.requested(uuid, action, track.timeoutMs);
  try {
    await call();
  } catch (err) {
    undo?.();
    throw err;
  }
}

export async function changeState(
  c: LibvirtConnectionApi,
  uuid: string,
  action: LifecycleAction,
  track?: RequestTracking,
): Promise<void> {
  const dom = await lookupGuest(c, uuid);
  switch (action) {
    case 'start': {
      // a running base writes to the disks its linked clones read: that would break every one of them
      const clones = await linkedClonesOf(c, dom);
      if (clones.length)
        throw new ApiFailure(
          'WRONG_STATE',
          `“${dom.name}” is the base of linked clones: ${clones.join(', ')}. Starting it would change the disks they read and break them. Delete the clones first to use it again.`,
        );
      return c.domainCreate(dom, 0);
    }
    case 'shutdown':
      return tracked(uuid, 'shutdown', track, () => c.domainShutdown(dom, SHUTDOWN_ACPI));
    case 'forceOff':
      return c.domainDestroy(dom, 0);
    case 'reboot':
      return tracked(uuid, 'reboot', track, () => c.domainReboot(dom, 0));
    case 'reset':
      return c.domainReset(dom);
    case 'pause':
      return c.domainSuspend(dom);
    case 'resume':
      return c.domainResume(dom);
  }
}

/**
 * Defines a transient guest (made with `virsh create`) from its live XML, so it stays listed when it
 * stops. Nothing to do for a guest that is already defined.
 */
export async function makePermanent(c: LibvirtConnectionApi, uuid: string): Promise<void> {
  const dom = await lookupGuest(c, uuid);
  if (await c.domainIsPersistent(dom)) return;
  // SECURE keeps passwords (VNC); INACTIVE leaves out what only the running guest has (ports, aliases)
  const xml = await c.domainGetXML(dom, DomainXMLFlags.SECURE | DomainXMLFlags.INACTIVE);
  await c.domainDefineXML(xml, 0);
}

/** a planned disk's file: a pool volume through libvirt, else a regular file (or symlink) and nothing else */
export async function deleteFile(c: LibvirtConnectionApi, disk: PlannedDisk): Promise<void> {
  if (disk.vol) return c.volumeDelete(disk.vol, 0);
  const st = await lstat(disk.path!);
  // a regular file (or a symlink: unlink removes the link, never what it points at) and nothing else
  if (!st.isFile() && !st.isSymbolicLink()) throw new Error('it is not a regular file');
  await unlink(disk.path!);
}

/** Why a listed file stays, as one sentence for the user. */
function keptMessage(reason: string): string {
  if (reason === 'read-only media') return 'Read-only media such as ISO images are never deleted.';
  if (reason === REMOTE_NOT_IN_POOL) return `It is ${reason}.`;
  return `It was kept: ${reason}.`;
}

/** What deleting the guest would do to each disk; the dialog shows it before the user confirms. */
export async function deletePlan(c: LibvirtConnectionApi, uuid: string): Promise<DeletePlan> {
  return publicPlan(await planDelete(c, await lookupGuest(c, uuid)));
}

/**
 * Deletes a guest: forced off first when running, undefined with its managed save, snapshot metadata,
 * NVRAM and TPM state, then those of the listed disk files that the plan, computed again now, allows
 * (pool volumes through libvirt, regular files directly; never media, devices, shareable disks or a
 * file another guest uses). The guest is removed even when a file cannot be; `remaining` names each
 * such file and why.
 */
export async function deleteGuest(c: LibvirtConnectionApi, args: DeleteVmArgs): Promise<DeleteVmResult> {
  const dom = await lookupGuest(c, args.uuid);
  // a linked clone reads its source's disks: deleting the source (even keeping its files) would leave
  // the clone on files nothing accounts for, so it is refused while any clone exists
  const clones = await linkedClonesOf(c, dom);
  if (clones.length)
    throw new ApiFailure(
      'WRONG_STATE',
      `“${dom.name}” is the base of linked clones: ${clones.join(', ')}. Their disks read its disks, so it cannot be deleted while they exist. Delete them first.`,
    );
  const [active, persistent] = await Promise.all([c.domainIsActive(dom), c.domainIsPersistent(dom)]);
  const asked = [...new Set(args.deleteDisks)];
  let plan = await planDelete(c, dom);

  if (active) {
    try {
      await c.domainDestroy(dom, 0);
    } catch (err) {
      // it may have stopped by itself in the meantime
      if (!(err instanceof LibvirtError && err.code === VirErr.OPERATION_INVALID)) throw err;
    }
  }
  // read before anything goes: the snapshot layers are found through the files about to be deleted
  const leftovers = await snapshotLeftovers(
    c,
    dom.uuid,
    plan.filter((d) => d.deletable && asked.includes(d.path!)).map((d) => d.path!),
  );
  if (persistent) await undefineGuest(c, dom);

  // another guest may have started using a file since the plan: ask again, just before deleting
  const wanted = plan.filter((d) => d.deletable && asked.includes(d.path!));
  if (wanted.length) plan = await recheck(c, dom, plan);

  const result: DeleteVmResult = { deleted: [], remaining: [] };
  for (const path of asked) {
    const disk = plan.find((d) => d.path === path);
    if (!disk) {
      result.remaining.push({
        path,
        message: 'This file is not a disk of this guest, so it was left alone.',
      });
    } else if (!disk.deletable) {
      result.remaining.push({ path, message: keptMessage(disk.keptReason ?? 'not a regular file') });
    } else {
      try {
        await deleteFile(c, disk);
        result.deleted.push(path);
      } catch (err) {
        result.remaining.push({ path, message: `Could not delete it: ${(err as Error).message}` });
      }
    }
  }
  if (leftovers) {
    const more = await removeSnapshotLeftovers(c, leftovers, result.deleted);
    result.deleted.push(...more.deleted);
    result.remaining.push(...more.remaining);
  }
  return result;
}

/** The plan's deletable disks checked once more against the other guests (the guest itself is gone). */
async function recheck(c: LibvirtConnectionApi, dom: DomainRef, plan: PlannedDisk[]): Promise<PlannedDisk[]> {
  const users = await otherUsers(
    c,
    dom.uuid,
    plan.filter((d) => d.deletable),
  );
  return plan.map((d) => {
    const names = users.get(d);
    if (!d.deletable || !names?.length) return d;
    return { ...d, deletable: false, keptReason: `also used by ${names.join(', ')}`, sharedWith: names };
  });
}

export async function screenshot(c: LibvirtConnectionApi, uuid: string): Promise<{ pngBase64: string }> {
  const dom = await lookupGuest(c, uuid);
  const shot = await c.domainScreenshot(dom, 0);
  const png = /png/i.test(shot.mime) ? shot.data : await ppmToPng(shot.data);
  return { pngBase64: png.toString('base64') };
}
