// Every per-OS hardware choice KVM Desk makes, in one place, each with its reason. They follow what
// virt-install (Debian's virtinst 4.1) picks for the same osinfo id; where we differ, the reason is
// here, and the full list (the DIFFERENCES block) is tests/unit/model/virt-install-differences.ts,
// which tests/unit/model/defaults.test.ts (recorded virt-install output) and
// tests/integration/create/virt-install.test.ts (virt-install run live) check.
//
// Exports:
//   chooseHardware(input: HardwareInput): HardwareChoices   the hardware for one new guest
//   defaultFirmware(input): { firmware, tpm, reasons }      what the wizard preselects
//   osFamilyOf(os | undefined): OsFamily
//   HYPERV_KVM, HYPERV_TCG                                   the Hyper-V enlightenments we enable
//   fitResources(res, room): OsResources                     a suggestion lowered to the host, saying so
import type { Firmware, OsResources } from '../../preload/contract';
import type { OsFamily } from './os-types';
import type { OsinfoDb, OsinfoOs } from './osinfo';

export type Accelerator = 'kvm' | 'qemu';

/** What the host's domain capabilities offer (main/services/create/host.ts reads them). */
export interface HostFeatures {
  accelerator: Accelerator;
  /** libvirt can pick a UEFI firmware for q35 (an OVMF descriptor exists) */
  efi: boolean;
  /** ... and one with Secure Boot (OVMF built with SMM) */
  secureBoot: boolean;
  /** CPU modes the domain capabilities call supported for this accelerator */
  cpuModes: { hostPassthrough: boolean; maximum: boolean; hostModel: boolean };
  /** swtpm is installed: libvirt can emulate a TPM */
  tpmEmulator: boolean;
}

export interface HardwareInput {
  db: OsinfoDb;
  os?: OsinfoOs;
  host: HostFeatures;
  /** a virtio-win driver ISO is attached (Windows only) */
  virtioWin?: boolean;
  /** the user's choices in the wizard override the defaults */
  firmware?: Firmware;
  tpm?: boolean;
}

export interface HardwareChoices {
  family: OsFamily;
  machine: 'q35' | 'pc';
  firmware: Firmware;
  tpm: boolean;
  cpu: 'host-passthrough' | 'maximum' | 'host-model' | 'default';
  hyperv: string[];
  clock: 'utc' | 'localtime';
  diskBus: 'virtio' | 'sata';
  cdromBus: 'sata' | 'ide';
  nicModel: 'virtio' | 'e1000e' | 'e1000';
  video: 'virtio' | 'bochs' | 'vga';
  usb: 'qemu-xhci' | 'ich9';
  pcieRootPorts: number;
  rng: boolean;
  guestAgent: boolean;
  memballoon: boolean;
  tablet: boolean;
  /** the choices in the user's words, for the wizard's summary */
  reasons: string[];
}

/** With KVM: the set Microsoft and QEMU document for Windows 10/11 guests. */
export const HYPERV_KVM = [
  'relaxed',
  'vapic',
  'spinlocks',
  'vpindex',
  'runtime',
  'synic',
  'stimer',
  'frequencies',
  'tlbflush',
  'ipi',
];
/**
 * With software emulation: QEMU 7.2's TCG refuses the VP_INDEX based ones ("kernel doesn't allow
 * setting HyperV VP_INDEX", and synic/stimer/tlbflush/ipi need VP_INDEX); these three work.
 */
export const HYPERV_TCG = ['relaxed', 'vapic', 'spinlocks'];

export function osFamilyOf(os: OsinfoOs | undefined): OsFamily {
  return os?.family ?? 'other';
}

function windowsVersion(os: OsinfoOs | undefined): number {
  return os?.family === 'windows' ? Number.parseFloat(os.version ?? '0') || 0 : 0;
}

export function defaultFirmware(input: Omit<HardwareInput, 'firmware' | 'tpm'>): {
  firmware: Firmware;
  tpm: boolean;
  reasons: string[];
} {
  const { db, os, host } = input;
  const needs = os ? db.firmware(os) : undefined;
  const reasons: string[] = [];
  if (needs?.efiRequired || windowsVersion(os) >= 11) {
    // Windows 11 refuses to install without Secure Boot capable UEFI and a TPM 2.0
    if (!host.efi) {
      reasons.push(`${os?.name} needs UEFI, but this host has no UEFI firmware for guests (install ovmf).`);
      return { firmware: 'bios', tpm: false, reasons };
    }
    const secure = host.secureBoot;
    reasons.push(
      secure
        ? `UEFI with Secure Boot (Microsoft keys enrolled): ${os?.name} requires it.`
        : `UEFI without Secure Boot: ${os?.name} wants Secure Boot, but this host's UEFI firmware lacks it.`,
    );
    const tpm = windowsVersion(os) >= 11 && host.tpmEmulator;
    if (tpm) reasons.push(`An emulated TPM 2.0 (swtpm): ${os?.name} requires one.`);
    return { firmware: secure ? 'uefi-secure' : 'uefi', tpm, reasons };
  }
  if (windowsVersion(os) >= 6.2 && host.efi) {
    // Windows 8 and later install to GPT disks and boot faster with UEFI; virt-install keeps BIOS here
    reasons.push(`UEFI: ${os?.name} installs and boots best with it.`);
    return { firmware: 'uefi', tpm: false, reasons };
  }
  // BIOS boots every x86 OS osinfo-db knows, and is what virt-install picks unless the OS needs UEFI
  reasons.push('BIOS: this OS boots with it and does not need UEFI.');
  return { firmware: 'bios', tpm: false, reasons };
}

const FIRMWARE_WORDS: Record<Firmware, string> = {
  bios: 'BIOS',
  uefi: 'UEFI',
  'uefi-secure': 'UEFI with Secure Boot',
};

export function chooseHardware(input: HardwareInput): HardwareChoices {
  const { db, os, host } = input;
  const family = osFamilyOf(os);
  const has = (d: Parameters<OsinfoDb['supports']>[1]) => (os ? db.supports(os, d) : false);
  const fw = defaultFirmware(input);
  const firmware = input.firmware ?? fw.firmware;
  const tpm = input.tpm ?? fw.tpm;
  // the user's own firmware and TPM choices are said to be theirs; the suggested ones keep their reasons
  const reasons =
    input.firmware === undefined || (input.firmware === fw.firmware && tpm === fw.tpm)
      ? [...fw.reasons]
      : [
          `${FIRMWARE_WORDS[firmware]}${tpm ? ' and an emulated TPM 2.0' : ''}: your choice${
            firmware === fw.firmware ? '' : ` (KVM Desk suggests ${FIRMWARE_WORDS[fw.firmware]})`
          }.`,
        ];
  const windows = family === 'windows';
  // A virtio-win ISO brings Windows the drivers for virtio disks and NICs (loaded during setup).
  const virtio = (d: 'virtio-disk' | 'virtio-net') => has(d) || (windows && !!input.virtioWin);

  // q35 (PCIe, AHCI) where osinfo-db says the OS runs on it, as virt-install does; older OSes and the
  // BSDs, for which osinfo-db does not say so, get the i440fx "pc" machine.
  // Secure Boot OVMF needs SMM, which libvirt's firmware descriptors offer on Q35 only.
  const machine = !os || has('q35') || firmware === 'uefi-secure' ? 'q35' : 'pc';
  const diskBus = virtio('virtio-disk') ? 'virtio' : 'sata';
  // i440fx has an IDE controller built in, and every OS's installer CD boots from it
  const cdromBus = machine === 'q35' ? 'sata' : 'ide';
  // e1000e on q35 (a PCIe NIC Windows has drivers for), e1000 on i440fx (what the BSDs know)
  const nicModel = virtio('virtio-net') ? 'virtio' : machine === 'q35' ? 'e1000e' : 'e1000';
  // virtio-gpu where supported; UEFI guests get bochs (a linear framebuffer GOP drivers handle);
  // otherwise standard VGA, which every OS drives
  const video = has('virtio-gpu') ? 'virtio' : firmware !== 'bios' ? 'bochs' : 'vga';
  const cpu =
    host.accelerator === 'kvm'
      ? 'host-passthrough' // the guest sees the real CPU: fastest, and guests are not migrated
      : host.cpuModes.maximum
        ? 'maximum' // TCG's most capable CPU; its default qemu64 lacks what Windows 11 needs (SSE4.2, POPCNT)
        : host.cpuModes.hostModel
          ? 'host-model'
          : 'default';

  if (!os) reasons.push('KVM Desk does not know this OS, so it picks devices every OS has drivers for.');
  reasons.push(
    machine === 'q35'
      ? 'Q35 chipset (PCI Express, SATA).'
      : `i440FX chipset: osinfo-db does not say ${os?.name ?? 'this OS'} runs on Q35.`,
  );
  reasons.push(
    diskBus === 'virtio'
      ? windows
        ? 'virtio disk and network: drivers come from the virtio-win ISO.'
        : 'virtio disk: the fastest, and this OS has the driver built in.'
      : windows
        ? 'SATA disk and e1000e network: Windows has drivers for them; add a virtio-win ISO for faster virtio devices.'
        : os
          ? 'SATA disk: this OS has no virtio disk driver, per osinfo-db.'
          : 'SATA disk and e1000e network.',
  );
  if (windows) {
    reasons.push(
      'Hyper-V enlightenments, clock in local time with a Hyper-V clock: Windows runs faster and keeps time.',
    );
    reasons.push('USB tablet: the pointer follows the mouse in the console.');
  }
  if (family === 'linux')
    reasons.push('A guest-agent channel: lets KVM Desk shut down and query the guest cleanly.');
  if (host.accelerator === 'qemu') {
    reasons.push('Software emulation (no usable KVM): guests run much slower than with KVM.');
  }

  return {
    family,
    machine,
    firmware,
    tpm,
    cpu,
    // Windows asks Hyper-V for these and runs much faster with them (timer, APIC, spinlock paths)
    hyperv: windows ? (host.accelerator === 'kvm' ? HYPERV_KVM : HYPERV_TCG) : [],
    // Windows keeps the RTC in local time; every other OS in UTC
    clock: windows ? 'localtime' : 'utc',
    diskBus,
    cdromBus,
    nicModel,
    video,
    // qemu-xhci where osinfo-db lists it; else the ICH9 EHCI+UHCI set older OSes drive
    usb: machine === 'q35' && (has('qemu-xhci') || !os || windows) ? 'qemu-xhci' : 'ich9',
    // spare PCIe ports so disks and NICs can be hot-plugged later (virt-install adds 14 too)
    pcieRootPorts: machine === 'q35' ? 14 : 0,
    rng: has('virtio-rng'), // entropy for early boot (key generation) where the OS has the driver
    guestAgent: family === 'linux', // qemu-guest-agent ships with the Linux distributions
    memballoon: family === 'linux', // libvirt adds one for every guest anyway; virt-install names it for Linux
    tablet: true, // absolute pointer: no mouse grab in VNC
    reasons,
  };
}

/** What the host has room for: its memory, its CPUs and the free space of the pool the disk goes to. */
export interface HostRoom {
  memoryKiB: number;
  cpus: number;
  /** undefined when unknown (the pool is missing or stopped): the disk is not capped */
  poolFreeBytes?: number;
  poolName: string;
}

/** memory suggestions leave the host this share of its RAM */
export const HOST_MEMORY_SHARE = 0.25;

const GiB_BYTES = 1024 ** 3;

/** as the wizard shows sizes elsewhere (its pool choice): one decimal below 10 */
function sizeWords(bytes: number): string {
  const gib = bytes / GiB_BYTES;
  if (gib < 1) return `${Math.round(bytes / 1024 ** 2)} MiB`;
  return `${gib.toFixed(gib < 10 ? 1 : 0)} GiB`;
}

/**
 * osinfo-db's suggestion lowered to what the host has (validation then only warns about an OS minimum),
 * with each lowered value said in `capped`: memory leaves the host a quarter of its RAM, vCPUs are at
 * most the host's CPUs, the disk at most the pool's free space.
 */
export function fitResources(res: OsResources, room: HostRoom): OsResources {
  const capped: string[] = [];
  const n = (x: number) => x.toLocaleString('en-US');
  const hostMiB = Math.floor((room.memoryKiB / 1024) * (1 - HOST_MEMORY_SHARE));
  const memoryMiB = Math.max(256, Math.min(res.memoryMiB, hostMiB));
  if (memoryMiB < res.memoryMiB)
    capped.push(
      `Memory capped at ${n(memoryMiB)} MiB (instead of ${n(res.memoryMiB)}): the host has ${sizeWords(room.memoryKiB * 1024)}, and KVM Desk leaves a quarter of it for the host.`,
    );
  const vcpus = Math.max(1, Math.min(res.vcpus, room.cpus));
  if (vcpus < res.vcpus)
    capped.push(`vCPUs capped at ${vcpus} (instead of ${res.vcpus}): the host has ${room.cpus} CPUs.`);
  const free = room.poolFreeBytes;
  const diskGiB =
    free === undefined ? res.diskGiB : Math.max(1, Math.min(res.diskGiB, Math.floor(free / GiB_BYTES)));
  if (diskGiB < res.diskGiB && free !== undefined)
    capped.push(
      `Disk capped at ${n(diskGiB)} GiB (instead of ${n(res.diskGiB)}): storage pool “${room.poolName}” has ${sizeWords(free)} free.`,
    );
  return { ...res, memoryMiB, vcpus, diskGiB, ...(capped.length ? { capped } : {}) };
}
