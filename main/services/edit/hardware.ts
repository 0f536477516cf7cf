// vms.edit: one hardware change, saved in the guest's definition and, on a running guest, applied live
// where the hypervisor can. The saved definition is patched in place (model/hardware-edit.ts keeps every
// element it does not name) and defined with libvirt's VALIDATE flag; an edit made from details that are
// out of date (another tool redefined the guest) is refused before anything is written.
import type { EditArgs, EditOutcome, HardwareEdit } from '../../../preload/contract';
import type { DomainRef, LibvirtConnectionApi } from '../../libvirt/facade';
import { DefineFlags, DeviceModifyFlags, MemoryFlags, VcpuFlags } from '../../libvirt/facade';
import {
  cdromDeviceXml,
  DomainEditError,
  diskDeviceXml,
  freeDiskTarget,
  nicDeviceXml,
  nvramNeedsReset,
} from '../../model/domain-edit';
import { parseDomainXml } from '../../model/domain-xml';
import { applyHardwareEdit } from '../../model/hardware-edit';
import { ApiFailure } from '../errors';
import { hostMemoryKiB } from '../host';
import { editDiskFile, isDiskFileEdit } from './disks';
import { guestUsingMac } from './mac-in-use';
import { definitionToEdit, SAVED_XML } from './saved-definition';
import { definitionVersion } from './version';

const LIVE = DeviceModifyFlags.LIVE;

/** the host's limits, checked in the user's words before libvirt sees the change */
async function checkAgainstHost(c: LibvirtConnectionApi, edit: HardwareEdit): Promise<void> {
  if (edit.kind === 'vcpus') {
    const { cpus } = await c.nodeGetInfo();
    if (edit.maximum > cpus)
      throw new ApiFailure(
        'INVALID_INPUT',
        `This host has ${cpus} processors: a guest may have at most ${cpus}.`,
        {
          field: 'maximum',
        },
      );
  }
  if (edit.kind === 'addNic' && edit.mac) {
    const user = await guestUsingMac(c, edit.mac);
    if (user)
      throw new ApiFailure(
        'INVALID_INPUT',
        `The MAC address ${edit.mac} is already used by the guest ${user}: choose another, or leave it empty for a new one.`,
        { field: 'mac' },
      );
  }
  if (edit.kind === 'memory') {
    const host = await hostMemoryKiB(c);
    if (edit.maximumKiB > host)
      throw new ApiFailure(
        'INVALID_INPUT',
        `This host has ${Math.floor(host / 1024)} MiB of memory: a guest may have at most that much.`,
        { field: 'maximumKiB' },
      );
  }
}

export async function editHardware(c: LibvirtConnectionApi, args: EditArgs): Promise<EditOutcome> {
  const { dom, saved: before } = await definitionToEdit(c, args.uuid, args.version);
  await checkAgainstHost(c, args.edit);
  if (isDiskFileEdit(args.edit))
    return editDiskFile(c, dom, before, args.edit, (next, newTarget) =>
      saveAndApply(c, dom, args.edit, before, next, newTarget),
    );
  let next: string;
  try {
    next = applyHardwareEdit(before, args.edit);
  } catch (err) {
    if (err instanceof DomainEditError) throw new ApiFailure('INVALID_INPUT', err.message);
    throw err;
  }
  // a new CD drive's name, chosen on the definition as it was (the live attach needs it)
  const newTarget = args.edit.kind === 'addCdrom' ? freeDiskTarget(before, args.edit.bus) : undefined;
  return saveAndApply(c, dom, args.edit, before, next, newTarget);
}

/**
 * Defines the patched definition (libvirt validates it), then applies the edit to the running guest where
 * it can. Throws only when nothing was saved; once defined, a failed live step is 'nextStart' with its reason.
 */
export async function saveAndApply(
  c: LibvirtConnectionApi,
  dom: DomainRef,
  edit: HardwareEdit,
  before: string,
  next: string,
  newTarget: string | undefined,
): Promise<EditOutcome> {
  await c.domainDefineXML(next, DefineFlags.VALIDATE);
  let extra: { version: string; nvramNeedsReset?: boolean } = { version: definitionVersion(next) };
  try {
    // the editor's next edit passes this; libvirt may have normalised what was defined
    const defined = await c.domainGetXML(dom, SAVED_XML);
    extra = { version: definitionVersion(defined) };
    if (edit.kind === 'firmware' && nvramNeedsReset(before, defined)) extra.nvramNeedsReset = true;
    if (!(await c.domainIsActive(dom))) return { applied: 'saved', ...extra };
    return { ...(await applyLive(c, dom, edit, before, defined, newTarget)), ...extra };
  } catch (err) {
    // saved already: the guest has it at its next start, and libvirt says why not now
    return { applied: 'nextStart', note: (err as Error).message, ...extra };
  }
}

type LiveOutcome = Omit<EditOutcome, 'version'>;

// libvirt asks the guest to let go of a device (ACPI hot-unplug) and returns when it did or after ~5 s
const NOT_RELEASED =
  'The guest has not released the device yet (its OS must agree to hot-unplug); it is gone at the next start at the latest.';

/** the change on the running guest, where libvirt can; 'nextStart' otherwise */
async function applyLive(
  c: LibvirtConnectionApi,
  dom: DomainRef,
  edit: HardwareEdit,
  before: string,
  /** the saved definition as libvirt keeps it after the define (what a new device's live twin copies) */
  saved: string,
  newTarget: string | undefined,
): Promise<LiveOutcome> {
  switch (edit.kind) {
    case 'vcpus': {
      const liveMax = await c.domainGetVcpusFlags(dom, VcpuFlags.LIVE | VcpuFlags.MAXIMUM);
      if (edit.current > liveMax)
        return {
          applied: 'nextStart',
          note: `The running guest can have at most ${liveMax} processors until it restarts.`,
        };
      await c.domainSetVcpusFlags(dom, edit.current, VcpuFlags.LIVE);
      return liveMax === edit.maximum
        ? { applied: 'live' }
        : {
            applied: 'nextStart',
            note: `Now ${edit.current} processors; the maximum changes at next start.`,
          };
    }
    case 'memory': {
      const live = await c.domainGetInfo(dom);
      if (edit.currentKiB > Number(live.maxMemKiB))
        return {
          applied: 'nextStart',
          note: 'The running guest cannot have more memory than its maximum until it restarts.',
        };
      await c.domainSetMemoryFlags(dom, edit.currentKiB, MemoryFlags.LIVE);
      return Number(live.maxMemKiB) === edit.maximumKiB
        ? { applied: 'live' }
        : { applied: 'nextStart', note: 'The memory in use changed now; the maximum changes at next start.' };
    }
    case 'cdromMedia': {
      const liveXml = await c.domainGetXML(dom, 0);
      await c.domainUpdateDevice(dom, cdromDeviceXml(liveXml, edit.target, edit.path), LIVE);
      return { applied: 'live' };
    }
    case 'nicLink':
    case 'nicSource': {
      const liveXml = await c.domainGetXML(dom, 0);
      await c.domainUpdateDevice(dom, nicDeviceXml(applyHardwareEdit(liveXml, edit), edit.mac), LIVE);
      return { applied: 'live' };
    }
    case 'addNic': {
      // libvirt chose the MAC at define: the new card is the one the old definition did not have
      const had = new Set(parseDomainXml(before).nics.map((n) => n.mac.toLowerCase()));
      const mac = parseDomainXml(saved)
        .nics.map((n) => n.mac.toLowerCase())
        .find((m) => !had.has(m));
      if (!mac) return { applied: 'nextStart' };
      await c.domainAttachDevice(dom, nicDeviceXml(saved, mac), LIVE);
      return { applied: 'live' };
    }
    case 'removeNic': {
      const liveXml = await c.domainGetXML(dom, 0);
      await c.domainDetachDevice(dom, nicDeviceXml(liveXml, edit.mac), LIVE);
      const still = parseDomainXml(await c.domainGetXML(dom, 0)).nics.some(
        (n) => n.mac.toLowerCase() === edit.mac.toLowerCase(),
      );
      return still ? { applied: 'nextStart', note: NOT_RELEASED } : { applied: 'live' };
    }
    case 'newDisk':
    case 'attachDisk':
    case 'addCdrom': {
      await c.domainAttachDevice(dom, diskDeviceXml(saved, newTarget!), LIVE);
      return { applied: 'live' };
    }
    case 'removeDisk': {
      const liveXml = await c.domainGetXML(dom, 0);
      await c.domainDetachDevice(dom, diskDeviceXml(liveXml, edit.target), LIVE);
      const still = parseDomainXml(await c.domainGetXML(dom, 0)).disks.some((d) => d.target === edit.target);
      return still ? { applied: 'nextStart', note: NOT_RELEASED } : { applied: 'live' };
    }
    default:
      return { applied: 'nextStart' };
  }
}
