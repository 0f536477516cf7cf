// The processors-and-memory editor's rules, in the user's words, and the edits a draft makes: pure, so
// the card stays a view and the rules are tested alone.
import type { GuestResources, HardwareEdit, HostStatus } from '../../../../preload/contract';

export interface ResourcesDraft {
  vcpus: number | string;
  maxVcpus: number | string;
  memoryMiB: number | string;
  maxMemoryMiB: number | string;
}

export type ResourceField = keyof ResourcesDraft;

export function draftOf(r: GuestResources): ResourcesDraft {
  return {
    vcpus: r.vcpus,
    maxVcpus: r.maxVcpus,
    memoryMiB: Math.round(r.memoryKiB / 1024),
    maxMemoryMiB: Math.round(r.maxMemoryKiB / 1024),
  };
}

const whole = (v: number | string) => (typeof v === 'number' && Number.isInteger(v) ? v : undefined);

/** each field's problem, if any; the host's numbers when known */
export function resourceProblems(
  d: ResourcesDraft,
  host?: Pick<HostStatus, 'cpus' | 'memoryKiB'>,
): Partial<Record<ResourceField, string>> {
  const p: Partial<Record<ResourceField, string>> = {};
  const [vcpus, maxVcpus, mem, maxMem] = [
    whole(d.vcpus),
    whole(d.maxVcpus),
    whole(d.memoryMiB),
    whole(d.maxMemoryMiB),
  ];
  if (maxVcpus === undefined || maxVcpus < 1) p.maxVcpus = 'Enter a whole number of processors, at least 1.';
  else if (host && maxVcpus > host.cpus)
    p.maxVcpus = `This host has ${host.cpus} processors: at most ${host.cpus}.`;
  if (vcpus === undefined || vcpus < 1) p.vcpus = 'Enter a whole number of processors, at least 1.';
  else if (maxVcpus !== undefined && vcpus > maxVcpus) p.vcpus = `At most the maximum (${maxVcpus}).`;
  const hostMiB = host && Math.floor(host.memoryKiB / 1024);
  if (maxMem === undefined || maxMem < 1) p.maxMemoryMiB = 'Enter the memory in MiB, at least 1.';
  else if (hostMiB && maxMem > hostMiB) p.maxMemoryMiB = `This host has ${hostMiB} MiB: at most that much.`;
  if (mem === undefined || mem < 1) p.memoryMiB = 'Enter the memory in MiB, at least 1.';
  else if (maxMem !== undefined && mem > maxMem) p.memoryMiB = `At most the maximum (${maxMem} MiB).`;
  return p;
}

/** the edits that turn `saved` into the (valid) draft: none for what did not change */
export function resourceEdits(saved: GuestResources, d: ResourcesDraft): HardwareEdit[] {
  const edits: HardwareEdit[] = [];
  const [vcpus, maxVcpus] = [Number(d.vcpus), Number(d.maxVcpus)];
  if (vcpus !== saved.vcpus || maxVcpus !== saved.maxVcpus)
    edits.push({ kind: 'vcpus', current: vcpus, maximum: maxVcpus });
  const [kib, maxKib] = [Number(d.memoryMiB) * 1024, Number(d.maxMemoryMiB) * 1024];
  const same = (a: number, b: number) => Math.round(a / 1024) === Math.round(b / 1024);
  if (!same(kib, saved.memoryKiB) || !same(maxKib, saved.maxMemoryKiB))
    edits.push({ kind: 'memory', currentKiB: kib, maximumKiB: maxKib });
  return edits;
}

/** what osinfo-db says the guest's OS needs at the least (create.defaults for its OS) */
export interface OsMinimums {
  osName: string;
  minMemoryMiB?: number;
  minVcpus?: number;
}

/** the OS's minimums in words, and a warning (not a refusal: the user may know better) below them */
export function osMinimumNote(
  d: ResourcesDraft,
  min: OsMinimums | undefined,
): { note?: string; warning?: string } {
  if (!min || (min.minMemoryMiB === undefined && min.minVcpus === undefined)) return {};
  const parts = [
    min.minMemoryMiB !== undefined ? `${min.minMemoryMiB} MiB of memory` : undefined,
    min.minVcpus !== undefined ? `${min.minVcpus} processor${min.minVcpus === 1 ? '' : 's'}` : undefined,
  ].filter(Boolean);
  const note = `${min.osName} needs at least ${parts.join(' and ')}.`;
  const mem = whole(d.memoryMiB);
  const cpus = whole(d.vcpus);
  const low =
    (min.minMemoryMiB !== undefined && mem !== undefined && mem < min.minMemoryMiB) ||
    (min.minVcpus !== undefined && cpus !== undefined && cpus < min.minVcpus);
  return low
    ? { note, warning: `Below ${min.osName}'s minimum: it may not start or may be slow.` }
    : { note };
}
