// Checks a CreateVmSpec against the host before anything is made, with every message in the user's words.
// Errors keep Create disabled; warnings (below the OS's minimum) only inform. Pure: the caller looks up
// the host, the pool and the files (main/services/create/file-check.ts checks files as the hypervisor).
//
// Exports:
//   validateCreateSpec(spec, ctx: CreateContext): FieldProblem[]
//   generateName(osShortId, existing: Set<string>, date): string     "win11-20261127", then "-2", "-3"
//   NAME_RULE                                                        the allowed characters, in words
//   formatSize(bytes): string                                        "23.4 GiB"
import type { CreateVmSpec, FieldProblem, OsResources } from '../../preload/contract';
import { guestNameProblem } from '../../preload/guest-fields';

export interface FileCheck {
  exists: boolean;
  isFile: boolean;
  /** whether the hypervisor's user (libvirt-qemu on the system connection) can read it */
  readableByQemu: boolean;
  /** why not, in words: "/root is private to root" */
  reason?: string;
}

export interface CreateContext {
  hostMemoryKiB: number;
  hostCpus: number;
  /** free bytes in the storage pool the disk goes to; undefined when unknown */
  poolFreeBytes?: number;
  poolName?: string;
  /** false when the chosen pool does not exist (the default pool is made when missing) */
  poolExists?: boolean;
  existingNames: Set<string>;
  /** the OS's resources from osinfo-db (minimums give warnings) */
  os?: OsResources;
  osName?: string;
  systemConnection: boolean;
  fileCheck: (path: string) => FileCheck;
  /** for an import: why the disk image is not attached (its format, read from the file), if it is not */
  importDiskProblem?: string;
  /** the chosen NAT network's state; left out, the network is not checked */
  networkState?: 'active' | 'inactive' | 'missing';
  /** what the host offers; left out, firmware and TPM are not checked */
  host?: { efi: boolean; secureBoot: boolean; tpmEmulator: boolean };
}

/** the name rule lives in preload/guest-name.ts: the renderer checks a rename as it is typed */
export { NAME_RULE } from '../../preload/guest-fields';

const KiB = 1024;
const MiB = 1024 ** 2;
const GiB = 1024 ** 3;

export function formatSize(bytes: number): string {
  if (bytes >= GiB) return `${(Math.floor((bytes / GiB) * 10) / 10).toString()} GiB`;
  if (bytes >= MiB) return `${Math.floor(bytes / MiB)} MiB`;
  return `${Math.floor(bytes / KiB)} KiB`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function nameProblems(name: string, ctx: CreateContext): FieldProblem[] {
  const problem = guestNameProblem(name, ctx.existingNames);
  return problem ? [{ field: 'name', severity: 'error', ...problem }] : [];
}

function fileProblems(
  field: FieldProblem['field'],
  path: string | undefined,
  what: string,
  ctx: CreateContext,
): FieldProblem[] {
  const err = (message: string): FieldProblem[] => [{ field, severity: 'error', message }];
  if (!path || path.trim() === '') return err(`Choose ${what}.`);
  if (!path.startsWith('/')) return err(`Give the full path of ${what} (starting with /).`);
  const c = ctx.fileCheck(path);
  if (!c.exists) return err(`${path} does not exist.`);
  if (!c.isFile) return err(`${path} is not a file${c.reason ? `: ${c.reason}` : ''}.`);
  if (!c.readableByQemu) {
    const who = ctx.systemConnection ? 'the hypervisor (user libvirt-qemu)' : 'the hypervisor';
    return err(
      `${path} can't be read by ${who}${c.reason ? `: ${c.reason}` : ''}. Move it to a readable place such as /var/lib/libvirt/images.`,
    );
  }
  return [];
}

function resourceProblems(spec: CreateVmSpec, ctx: CreateContext): FieldProblem[] {
  const out: FieldProblem[] = [];
  const add = (field: FieldProblem['field'], severity: FieldProblem['severity'], message: string) =>
    out.push({ field, severity, message });
  const os = ctx.os;
  const osName = ctx.osName ?? 'This OS';
  const hostMemBytes = ctx.hostMemoryKiB * KiB;

  if (!Number.isFinite(spec.memoryMiB) || spec.memoryMiB <= 0)
    add('memoryMiB', 'error', 'Give the guest some memory.');
  else if (spec.memoryMiB * MiB > hostMemBytes)
    add('memoryMiB', 'error', `Memory must be at most ${formatSize(hostMemBytes)}, the host's RAM.`);
  else if (os?.minMemoryMiB && spec.memoryMiB < os.minMemoryMiB)
    add(
      'memoryMiB',
      'warning',
      `${osName} needs at least ${formatSize(os.minMemoryMiB * MiB)} of memory; it may not install or run with less.`,
    );

  if (!Number.isInteger(spec.vcpus) || spec.vcpus <= 0)
    add('vcpus', 'error', 'Give the guest at least one vCPU.');
  else if (spec.vcpus > ctx.hostCpus)
    add(
      'vcpus',
      'error',
      `At most ${plural(ctx.hostCpus, 'vCPU')}: the host has ${plural(ctx.hostCpus, 'CPU')}.`,
    );
  else if (os?.minVcpus && spec.vcpus < os.minVcpus)
    add(
      'vcpus',
      'warning',
      `${osName} needs at least ${plural(os.minVcpus, 'vCPU')}; it may run slowly with fewer.`,
    );

  if (spec.source.kind !== 'import') {
    const pool = ctx.poolName ? `storage pool "${ctx.poolName}"` : 'the storage pool';
    if (ctx.poolExists === false && ctx.poolName && ctx.poolName !== 'default')
      add('pool', 'error', `There is no storage pool named "${ctx.poolName}". Choose another pool.`);
    if (!Number.isFinite(spec.diskGiB) || spec.diskGiB <= 0) add('diskGiB', 'error', 'Give the disk a size.');
    else if (ctx.poolFreeBytes !== undefined && spec.diskGiB * GiB > ctx.poolFreeBytes)
      add(
        'diskGiB',
        'error',
        `The disk can be at most ${formatSize(ctx.poolFreeBytes)}, the free space in ${pool}.`,
      );
    else if (os?.minDiskGiB && spec.diskGiB < os.minDiskGiB)
      add(
        'diskGiB',
        'warning',
        `${osName} needs a disk of at least ${os.minDiskGiB} GiB; it may not install on less.`,
      );
  }
  return out;
}

function sourceProblems(spec: CreateVmSpec, ctx: CreateContext): FieldProblem[] {
  const s = spec.source;
  switch (s.kind) {
    case 'iso':
      return fileProblems('source.path', s.path, 'an ISO image', ctx);
    case 'import': {
      const file = fileProblems('source.path', s.path, 'a disk image to import', ctx);
      if (file.length > 0 || !ctx.importDiskProblem) return file;
      return [{ field: 'source.path', severity: 'error', message: ctx.importDiskProblem }];
    }
    case 'kernel':
      return [
        ...fileProblems('source.path', s.kernel, 'a kernel', ctx),
        ...fileProblems('source.path', s.initrd, 'an initrd', ctx),
      ];
    case 'pxe':
      return spec.network.kind === 'none'
        ? [
            {
              field: 'network',
              severity: 'error',
              message: 'Network boot needs a network: choose NAT or a bridge.',
            },
          ]
        : [];
  }
}

function hardwareProblems(spec: CreateVmSpec, ctx: CreateContext): FieldProblem[] {
  const out: FieldProblem[] = [];
  if (spec.network.kind !== 'none' && spec.network.name.trim() === '') {
    out.push({
      field: 'network',
      severity: 'error',
      message: spec.network.kind === 'bridge' ? 'Name the bridge (for example br0).' : 'Choose a network.',
    });
  }
  // a network that is missing or stopped would fail the start after the disk was made: say so now
  if (spec.network.kind === 'nat' && spec.network.name.trim() !== '') {
    const name = spec.network.name;
    if (ctx.networkState === 'missing')
      out.push({
        field: 'network',
        severity: 'error',
        message: `There is no virtual network “${name}” on this host. Choose another network${name === 'default' ? ' or create it' : ''}.`,
      });
    else if (ctx.networkState === 'inactive' && !spec.startNetwork)
      out.push({
        field: 'network',
        severity: 'error',
        message: `The virtual network “${name}” is not running: let KVM Desk start it, or choose another network.`,
      });
  }
  const h = ctx.host;
  if (h && spec.firmware !== 'bios' && !h.efi)
    out.push({
      field: 'firmware',
      severity: 'error',
      message: 'This host has no UEFI firmware for guests (the ovmf package). Choose BIOS.',
    });
  else if (h && spec.firmware === 'uefi-secure' && !h.secureBoot)
    out.push({
      field: 'firmware',
      severity: 'error',
      message: "This host's UEFI firmware has no Secure Boot. Choose UEFI without Secure Boot.",
    });
  if (h && spec.tpm && !h.tpmEmulator)
    out.push({
      field: 'tpm',
      severity: 'error',
      message: 'This host cannot emulate a TPM (the swtpm package is missing). Turn the TPM off.',
    });
  if (spec.virtioWinIso !== undefined)
    out.push(...fileProblems('virtioWinIso', spec.virtioWinIso, 'the virtio-win driver ISO', ctx));
  return out;
}

export function validateCreateSpec(spec: CreateVmSpec, ctx: CreateContext): FieldProblem[] {
  return [
    ...nameProblems(spec.name, ctx),
    ...sourceProblems(spec, ctx),
    ...resourceProblems(spec, ctx),
    ...hardwareProblems(spec, ctx),
  ];
}

/** A unique name from the OS's short id and the date: "win11-20261127", "win11-20261127-2", ... */
export function generateName(osShortId: string | undefined, existing: Set<string>, date: Date): string {
  const base = (osShortId ?? 'guest').replace(/[^A-Za-z0-9._-]/g, '-').replace(/^[.-]+/, '') || 'guest';
  const day = date.toISOString().slice(0, 10).replace(/-/g, '');
  const name = `${base}-${day}`;
  if (!existing.has(name)) return name;
  for (let i = 2; ; i++) if (!existing.has(`${name}-${i}`)) return `${name}-${i}`;
}
