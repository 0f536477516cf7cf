// A new guest's domain XML from a build spec and the hardware chosen in defaults.ts. Pure.
//
// Exports:
//   buildDomainXml(spec: VmBuildSpec): string
//   VmBuildSpec, BootFrom
//   diskTargets(hw, cdroms): { disk, cdroms[] }   device names the XML uses (sda/vda/hda ...)
import type { CreateVmSpec } from '../../preload/contract';
import type { HardwareChoices } from './defaults';
import { kvmDeskMetadataTree, LIBOSINFO_NS } from './domain-metadata';
import type { OsFamily } from './os-types';
import { buildXml, h, hns, type XmlNode } from './xml';

export type BootFrom = 'cdrom' | 'hd' | 'network' | 'kernel';

export interface VmBuildSpec {
  name: string;
  uuid?: string;
  title?: string;
  domainType: 'kvm' | 'qemu';
  memoryMiB: number;
  vcpus: number;
  hardware: HardwareChoices;
  os?: { shortId: string; name: string; family: OsFamily; url?: string };
  /** the new (or imported) disk; none for a diskless guest */
  disk?: {
    path: string;
    format: 'qcow2' | 'raw';
    /** an imported qcow2's backing files, nearest first (qemu-img info --backing-chain); declared as
     * nested <backingStore> elements with their formats, ending in an empty one (the base stands alone) */
    backing?: { path: string; format: 'qcow2' | 'raw' }[];
  };
  /** the installation ISO, on the first CD-ROM */
  installIso?: string;
  /** a virtio-win driver ISO, on a second CD-ROM (Windows) */
  virtioWinIso?: string;
  kernel?: { kernel: string; initrd: string; cmdline?: string };
  boot: BootFrom;
  network: CreateVmSpec['network'];
  /** recorded in KVM Desk's metadata */
  install?: { kind: 'iso' | 'import' | 'pxe' | 'kernel'; source?: string };
}

const PREFIX = { virtio: 'vd', sata: 'sd', ide: 'hd' } as const;

function letter(i: number): string {
  return String.fromCharCode('a'.charCodeAt(0) + i);
}

/** Device names: each bus counts its own devices (a SATA disk sda, then CD-ROMs sdb, sdc). */
export function diskTargets(
  hw: HardwareChoices,
  cdroms: number,
  hasDisk = true,
): { disk?: string; cdroms: string[] } {
  const used: Record<string, number> = {};
  const next = (bus: keyof typeof PREFIX) => {
    const n = used[bus] ?? 0;
    used[bus] = n + 1;
    return `${PREFIX[bus]}${letter(n)}`;
  };
  const disk = hasDisk ? next(hw.diskBus) : undefined;
  return { disk, cdroms: Array.from({ length: cdroms }, () => next(hw.cdromBus)) };
}

function osElement(spec: VmBuildSpec): XmlNode {
  const hw = spec.hardware;
  const efi = hw.firmware !== 'bios';
  const boots: string[] =
    spec.boot === 'cdrom' ? ['cdrom', 'hd'] : spec.boot === 'network' ? ['network', 'hd'] : ['hd'];
  return h(
    'os',
    // libvirt's firmware autoselection picks the OVMF build from /usr/share/qemu/firmware descriptors
    { firmware: efi ? 'efi' : undefined },
    h('type', { arch: 'x86_64', machine: hw.machine }, 'hvm'),
    efi &&
      h(
        'firmware',
        {},
        h('feature', { enabled: hw.firmware === 'uefi-secure' ? 'yes' : 'no', name: 'secure-boot' }),
        // "enrolled-keys": Microsoft's keys, so Windows' signed boot loader is trusted
        hw.firmware === 'uefi-secure' && h('feature', { enabled: 'yes', name: 'enrolled-keys' }),
      ),
    spec.boot === 'kernel' &&
      spec.kernel && [
        h('kernel', {}, spec.kernel.kernel),
        h('initrd', {}, spec.kernel.initrd),
        spec.kernel.cmdline !== undefined && h('cmdline', {}, spec.kernel.cmdline),
      ],
    spec.boot !== 'kernel' && boots.map((dev) => h('boot', { dev })),
  );
}

function features(hw: HardwareChoices): XmlNode {
  return h(
    'features',
    {},
    h('acpi'),
    h('apic'),
    hw.hyperv.length > 0 &&
      h(
        'hyperv',
        {},
        hw.hyperv.map((f) => h(f, { state: 'on', retries: f === 'spinlocks' ? 8191 : undefined })),
      ),
    // OVMF's Secure Boot build keeps its variables safe in SMM; libvirt 9.0 wants it said explicitly
    hw.firmware === 'uefi-secure' && h('smm', { state: 'on' }),
  );
}

function cpu(hw: HardwareChoices): XmlNode | false {
  if (hw.cpu === 'default') return false;
  return h('cpu', { mode: hw.cpu, check: hw.cpu === 'host-model' ? undefined : 'none' });
}

function clock(hw: HardwareChoices): XmlNode {
  return h(
    'clock',
    { offset: hw.clock },
    // catch up missed RTC ticks, delay PIT ticks, no HPET: the timer setup virt-install uses on x86
    h('timer', { name: 'rtc', tickpolicy: 'catchup' }),
    h('timer', { name: 'pit', tickpolicy: 'delay' }),
    h('timer', { name: 'hpet', present: 'no' }),
    hw.family === 'windows' && h('timer', { name: 'hypervclock', present: 'yes' }),
  );
}

/** <backingStore type='file'><format type=.../><source file=.../><backingStore .../></backingStore> */
function backingStore(layers: readonly { path: string; format: string }[]): XmlNode {
  const [layer, ...below] = layers;
  if (!layer) return h('backingStore');
  return h(
    'backingStore',
    { type: 'file' },
    h('format', { type: layer.format }),
    h('source', { file: layer.path }),
    backingStore(below),
  );
}

function cdrom(target: string, bus: string, path: string | undefined): XmlNode {
  return h(
    'disk',
    { type: 'file', device: 'cdrom' },
    h('driver', { name: 'qemu', type: 'raw' }),
    path !== undefined && h('source', { file: path }),
    h('target', { dev: target, bus }),
    h('readonly'),
  );
}

function usb(hw: HardwareChoices): XmlNode[] {
  if (hw.usb === 'qemu-xhci') return [h('controller', { type: 'usb', model: 'qemu-xhci', ports: 15 })];
  return [
    h('controller', { type: 'usb', model: 'ich9-ehci1' }),
    ...[1, 2, 3].map((i) =>
      h('controller', { type: 'usb', model: `ich9-uhci${i}` }, h('master', { startport: (i - 1) * 2 })),
    ),
  ];
}

function nic(spec: VmBuildSpec): XmlNode | false {
  const n = spec.network;
  if (n.kind === 'none') return false;
  return h(
    'interface',
    { type: n.kind === 'nat' ? 'network' : 'bridge' },
    h('source', n.kind === 'nat' ? { network: n.name } : { bridge: n.name }),
    h('model', { type: spec.hardware.nicModel }),
  );
}

function devices(spec: VmBuildSpec): XmlNode {
  const hw = spec.hardware;
  const isos = [spec.installIso, spec.virtioWinIso].filter((x): x is string => x !== undefined);
  // an ISO install always has its CD-ROM; an import or PXE guest gets an empty one for later media
  const cdroms = isos.length > 0 ? isos : [undefined];
  const t = diskTargets(hw, cdroms.length, spec.disk !== undefined);
  return h(
    'devices',
    {},
    spec.disk &&
      h(
        'disk',
        { type: 'file', device: 'disk' },
        // discard=unmap: space the guest frees is given back to the host's qcow2 file
        h('driver', { name: 'qemu', type: spec.disk.format, discard: 'unmap' }),
        h('source', { file: spec.disk.path }),
        spec.disk.backing && spec.disk.backing.length > 0 && backingStore(spec.disk.backing),
        h('target', { dev: t.disk, bus: hw.diskBus }),
      ),
    cdroms.map((p, i) => cdrom(t.cdroms[i], hw.cdromBus, p)),
    usb(hw),
    hw.machine === 'q35' && [
      h('controller', { type: 'pci', model: 'pcie-root' }),
      Array.from({ length: hw.pcieRootPorts }, () =>
        h('controller', { type: 'pci', model: 'pcie-root-port' }),
      ),
    ],
    nic(spec),
    h('console', { type: 'pty' }),
    hw.guestAgent &&
      h(
        'channel',
        { type: 'unix' },
        h('source', { mode: 'bind' }),
        h('target', { type: 'virtio', name: 'org.qemu.guest_agent.0' }),
      ),
    hw.tablet && h('input', { type: 'tablet', bus: 'usb' }),
    hw.tpm && h('tpm', { model: 'tpm-crb' }, h('backend', { type: 'emulator', version: '2.0' })),
    // VNC on loopback only: the console reaches it through KVM Desk, never from the network
    h(
      'graphics',
      { type: 'vnc', port: -1, autoport: 'yes', listen: '127.0.0.1' },
      h('listen', { type: 'address', address: '127.0.0.1' }),
    ),
    h('video', {}, h('model', { type: hw.video })),
    hw.memballoon && h('memballoon', { model: 'virtio' }),
    hw.rng && h('rng', { model: 'virtio' }, h('backend', { model: 'random' }, '/dev/urandom')),
  );
}

function metadata(spec: VmBuildSpec): XmlNode {
  return h(
    'metadata',
    {},
    spec.os?.url &&
      hns(LIBOSINFO_NS, 'libosinfo:libosinfo', {}, hns(LIBOSINFO_NS, 'libosinfo:os', { id: spec.os.url })),
    kvmDeskMetadataTree({
      osId: spec.os?.shortId,
      osName: spec.os?.name,
      osFamily: spec.os?.family,
      installKind: spec.install?.kind,
      installSource: spec.install?.source,
      virtioWinIso: spec.virtioWinIso,
    }),
  );
}

export function buildDomainXml(spec: VmBuildSpec): string {
  const hw = spec.hardware;
  return buildXml(
    h(
      'domain',
      { type: spec.domainType },
      h('name', {}, spec.name),
      spec.uuid && h('uuid', {}, spec.uuid),
      spec.title && h('title', {}, spec.title),
      metadata(spec),
      h('memory', { unit: 'MiB' }, spec.memoryMiB),
      h('currentMemory', { unit: 'MiB' }, spec.memoryMiB),
      h('vcpu', {}, spec.vcpus),
      osElement(spec),
      features(hw),
      cpu(hw),
      clock(hw),
      h('on_poweroff', {}, 'destroy'),
      h('on_reboot', {}, 'restart'),
      h('on_crash', {}, 'destroy'),
      // suspend inside the guest leaves it unreachable from the console; virt-install turns it off too
      h('pm', {}, h('suspend-to-mem', { enabled: 'no' }), h('suspend-to-disk', { enabled: 'no' })),
      devices(spec),
    ),
    { pretty: true },
  );
}
