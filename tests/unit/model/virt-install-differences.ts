// DIFFERENCES between KVM Desk's hardware choices and virt-install's (virtinst 4.1, osinfo-db 20221203)
// for the same OS, with the reason for each. tests/unit/model/defaults.test.ts fails when a difference
// appears that is not listed here, or a listed one disappears.
//
// Compared (see hardware-of.ts): domain type, machine, firmware, TPM, CPU mode, Hyper-V features, clock
// and timers, disk/CD-ROM bus, NIC model, video, USB controllers, PCIe root ports, RNG, guest agent,
// memballoon, tablet, console, graphics, boot order, suspend.
//
// Not compared, on purpose:
// - metadata: we add KVM Desk's <kvmdesk:vm> next to libosinfo's (virt-install writes libosinfo's only).
// - on_reboot: virt-install's first-stage XML says "destroy" (it redefines the guest after the install);
//   KVM Desk defines one XML with boot order CD-ROM, disk and offers to eject the ISO after the install.
// - Secure Boot details: virt-install leaves the firmware choice to libvirt's autoselection, which on
//   Debian picks the Secure Boot build with Microsoft keys first (40-edk2-x86_64-secure-enrolled.json);
//   KVM Desk asks for secure-boot + enrolled-keys explicitly (and smm on), so the choice does not depend
//   on the descriptor order; for plain UEFI it asks for secure-boot off.
// - TPM version="2.0": virt-install leaves it to libvirt's default (2.0 for tpm-crb); we say it.
// - Guests newer than osinfo-db: virt-install refuses unknown ids (debian12, freebsd14.0); KVM Desk uses
//   the newest older release (Debian 11, FreeBSD 13.1), so those are compared with virt-install's choices
//   for that release.
import type { HardwareOf } from './hardware-of';

type Accel = 'kvm' | 'qemu';

const HYPERV_KVM = [
  'frequencies',
  'ipi',
  'relaxed',
  'runtime',
  'spinlocks',
  'stimer',
  'synic',
  'tlbflush',
  'vapic',
  'vpindex',
];

/** For every OS under software emulation (domain type qemu). */
const TCG: Partial<HardwareOf> = {
  // virt-install leaves TCG's default CPU (qemu64), which lacks SSE4.2/POPCNT that Windows 11 and
  // x86-64-v2 Linux builds need; KVM Desk asks for TCG's most capable CPU when the domain
  // capabilities list mode "maximum".
  cpu: 'maximum',
};

const WINDOWS_KVM: Partial<HardwareOf> = {
  // virt-install enables relaxed, vapic, spinlocks only; Microsoft's and QEMU's guidance for Windows
  // 10/11 adds vpindex, runtime, synic, stimer, frequencies, tlbflush and ipi (much lower CPU use when
  // idle). Under TCG these fail to start (QEMU 7.2: "kernel doesn't allow setting HyperV VP_INDEX"), so
  // with software emulation we match virt-install's three.
  hyperv: HYPERV_KVM,
};

const WIN10_UEFI: Partial<HardwareOf> = {
  // Windows 8 and later install to GPT and boot with UEFI; osinfo-db lists BIOS as supported, so
  // virt-install keeps BIOS. UEFI also lets the user turn on Secure Boot later.
  firmware: 'efi',
  // with UEFI, bochs (a plain linear framebuffer the UEFI GOP driver handles) instead of VGA: this is
  // virt-install's own rule for UEFI guests (it picks bochs for Windows 11)
  video: 'bochs',
};

export const CASES: { ours: string; virtInstall: string }[] = [
  { ours: 'win11', virtInstall: 'win11' },
  { ours: 'win10', virtInstall: 'win10' },
  { ours: 'debian12', virtInstall: 'debian11' },
  { ours: 'fedora37', virtInstall: 'fedora37' },
  { ours: 'ubuntu22.10', virtInstall: 'ubuntu22.10' },
  { ours: 'freebsd14.0', virtInstall: 'freebsd13.1' },
  { ours: 'openbsd7.0', virtInstall: 'openbsd7.0' },
];

export function expectedDifferences(ours: string, accel: Accel): Partial<HardwareOf> {
  const d: Partial<HardwareOf> = accel === 'qemu' ? { ...TCG } : {};
  if (ours.startsWith('win') && accel === 'kvm') Object.assign(d, WINDOWS_KVM);
  if (ours === 'win10') Object.assign(d, WIN10_UEFI);
  return d;
}
