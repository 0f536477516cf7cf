// Builds the domain XML KVM Desk makes for an osinfo id, as the create service does, for tests.
import { chooseHardware, type HostFeatures } from '../../../main/model/defaults';
import { buildDomainXml } from '../../../main/model/domain-build';
import { loadOsinfoDb } from '../../../main/services/osinfo-db';

export const db = await loadOsinfoDb({ cacheDir: false });

export function hostFor(accel: 'kvm' | 'qemu', over: Partial<HostFeatures> = {}): HostFeatures {
  return {
    accelerator: accel,
    efi: true,
    secureBoot: true,
    tpmEmulator: true,
    cpuModes: { hostPassthrough: accel === 'kvm', maximum: true, hostModel: true },
    ...over,
  };
}

export function xmlFor(
  id: string | undefined,
  accel: 'kvm' | 'qemu',
  opts: { virtioWinIso?: string; host?: Partial<HostFeatures>; name?: string; disk?: string } = {},
): string {
  const r = id ? db.resolve(id) : undefined;
  if (id && !r) throw new Error(`no osinfo entry for ${id}`);
  const hardware = chooseHardware({
    db,
    os: r?.os,
    host: hostFor(accel, opts.host),
    virtioWin: !!opts.virtioWinIso,
  });
  return buildDomainXml({
    name: opts.name ?? 'kvmdesk-test-vi',
    domainType: accel,
    memoryMiB: 2048,
    vcpus: 2,
    hardware,
    os: r && id ? { shortId: id, name: r.name, family: r.os.family, url: r.os.url } : undefined,
    disk: { path: opts.disk ?? '/var/lib/libvirt/images/kvmdesk-test-vi.qcow2', format: 'qcow2' },
    installIso: '/isos/install.iso',
    virtioWinIso: opts.virtioWinIso,
    boot: 'cdrom',
    network: { kind: 'nat', name: 'default' },
    install: { kind: 'iso', source: '/isos/install.iso' },
  });
}
