// The contract's part for editing a guest's hardware (vms.edit and VmDetails.resources); contract.ts
// re-exports it, so callers import from the contract as for everything else.
import type { VmRef } from './contract';

export interface GuestResources {
  vcpus: number;
  maxVcpus: number;
  memoryKiB: number;
  maxMemoryKiB: number;
}

/** The guest's processor as saved (its next start), and what its hypervisor offers (the CPU card). */
export interface GuestCpu {
  mode: 'host-passthrough' | 'host-model' | 'maximum' | 'custom';
  /** a custom CPU's model name; none: the hypervisor's default model */
  model?: string;
  /** as saved; none: QEMU gives each processor a socket of its own */
  topology?: { sockets: number; cores: number; threads: number };
  /**
   * what libvirt's domain capabilities offer for this guest's domain type, machine and architecture
   * (asked once per connection and kind of guest); none when libvirt could not say
   */
  offered?: { hostPassthrough: boolean; hostModel: boolean; maximum: boolean; models: string[] };
}

export type BootDevice = 'hd' | 'cdrom' | 'network';

/** How the guest starts, as saved (the Boot card). */
export interface GuestBoot {
  /** what the firmware tries, first to last ('fd': a floppy, which KVM Desk does not offer) */
  order: (BootDevice | 'fd')[];
  /** the order is set on the devices themselves (<boot order>); saving an order sets it in <os> instead */
  perDevice: boolean;
  menu: boolean;
}

/**
 * The smaller devices as saved (what the guest has at its next start), each absent or false when the
 * guest has none: what the Devices card shows and the "Add hardware" menu offers.
 */
export interface GuestDevices {
  tpm?: { model: string; version?: string };
  /** the first video card's model ('none': a display without a card) */
  video?: string;
  /** the first sound card's model */
  sound?: string;
  tablet: boolean;
  guestAgent: boolean;
  rng: boolean;
  watchdog?: { model: string; action: string };
}

/**
 * One change to a guest's hardware. Each is saved in the guest's definition (only the element it names
 * changes); on a running guest it also applies at once where the hypervisor can (see EditOutcome).
 */
export type HardwareEdit =
  | { kind: 'vcpus'; current: number; maximum: number }
  | { kind: 'topology'; sockets: number; cores: number; threads: number }
  | { kind: 'cpuMode'; mode: 'host-passthrough' | 'host-model' | 'maximum' | { custom: string } }
  | { kind: 'memory'; currentKiB: number; maximumKiB: number }
  | { kind: 'bootMenu'; enabled: boolean }
  | { kind: 'bootOrder'; order: ('hd' | 'cdrom' | 'network')[] }
  | { kind: 'firmware'; firmware: 'bios' | 'efi' | 'efi-secure' }
  /** insert (path) or eject (no path) a CD/DVD drive's media */
  | { kind: 'cdromMedia'; target: string; path?: string }
  | { kind: 'addCdrom'; bus: 'sata' | 'scsi' | 'ide' | 'usb' }
  /** detached; its file deleted too only when asked and the guest-delete rules allow it */
  | { kind: 'removeDisk'; target: string; deleteFile?: boolean }
  /** a new thin qcow2 volume in a storage pool, made then attached (deleted again when that fails) */
  | { kind: 'newDisk'; pool: string; sizeGiB: number; bus: NewDiskBus }
  /** an existing file or pool volume (its format read from the file) */
  | {
      kind: 'attachDisk';
      source: { file: string } | { pool: string; volume: string };
      bus: NewDiskBus;
      readonly?: boolean;
    }
  /** a disk made bigger (live on a running guest); never smaller */
  | { kind: 'growDisk'; target: string; sizeGiB: number }
  /** a disk's bus, cache and discard modes and read-only flag; a running guest has them at next start */
  | { kind: 'diskSettings'; target: string; settings: DiskSettings }
  | { kind: 'addNic'; source: { network: string } | { bridge: string }; model: NicModel; mac?: string }
  | { kind: 'removeNic'; mac: string }
  | { kind: 'nicLink'; mac: string; up: boolean }
  | { kind: 'nicModel'; mac: string; model: NicModel }
  | { kind: 'nicSource'; mac: string; source: { network: string } | { bridge: string } }
  | { kind: 'tpm'; enabled: boolean }
  | { kind: 'video'; model: 'virtio' | 'qxl' | 'vga' | 'bochs' | 'none' }
  | { kind: 'sound'; model: 'ich9' | 'ich6' | 'none' }
  | { kind: 'tablet'; enabled: boolean }
  | { kind: 'guestAgent'; enabled: boolean }
  | { kind: 'rng'; enabled: boolean }
  | {
      kind: 'watchdog';
      watchdog:
        | 'none'
        | {
            model: 'i6300esb' | 'itco';
            action: 'reset' | 'shutdown' | 'poweroff' | 'pause' | 'none' | 'dump' | 'inject-nmi';
          };
    };

export type NewDiskBus = 'virtio' | 'sata' | 'scsi';
export type DiskCache = 'default' | 'none' | 'writeback' | 'writethrough' | 'directsync' | 'unsafe';
export type DiskDiscard = 'default' | 'unmap' | 'ignore';
/** what to change; a field left out stays as it is */
export interface DiskSettings {
  bus?: NewDiskBus;
  cache?: DiskCache;
  discard?: DiskDiscard;
  readonly?: boolean;
}

export type NicModel = 'virtio' | 'e1000e' | 'e1000' | 'rtl8139';

export interface EditArgs extends VmRef {
  edit: HardwareEdit;
  /** VmDetails.version the editor showed: refused (CHANGED_ELSEWHERE) when the definition changed since */
  version?: string;
}

/** saved: the guest is off, it has the change; live: the running guest has it too; nextStart: at next start */
export interface EditOutcome {
  applied: 'saved' | 'live' | 'nextStart';
  /** the saved definition's new version, for the editor's next edit */
  version: string;
  /** why a running guest gets it only at next start, when there is more to say than "the hypervisor cannot" */
  note?: string;
  /**
   * a firmware change kept the guest's UEFI variables (its NVRAM file), made from the other Secure
   * Boot template: its keys are not what the new firmware expects until those variables are reset
   */
  nvramNeedsReset?: boolean;
}

/** vms.getXml: the saved definition (or the running guest's), and the version an XML edit passes back */
export interface GuestXml {
  xml: string;
  version: string;
}

export interface DefineXmlArgs extends VmRef {
  /** the whole domain XML; its <name> and <uuid> must stay those of this guest */
  xml: string;
  /** GuestXml.version the editor started from: refused (CHANGED_ELSEWHERE) when it changed since */
  version: string;
}
