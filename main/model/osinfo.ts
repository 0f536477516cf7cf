// osinfo-db, the OS database virt-install, virt-manager, GNOME Boxes and Cockpit use, read directly from
// its XML files (no libosinfo; osinfo-read.ts parses, services/osinfo-db.ts reads the files, caches and
// loads it once per process): every OS, its resources, devices, firmware needs and ISO media rules.
//
// Exports:
//   new OsinfoDb(parsed: OsinfoOs[])               (services/osinfo-db.ts: loadOsinfoDb(opts?))
//   OsinfoDb.list(today?): OsEntry[]              every OS, newest release first
//   OsinfoDb.entry(os) / newerEntry(os, version)   one OsEntry (newerEntry: "debian12" from Debian 11)
//   OsinfoDb.get(shortIdOrUrl): OsinfoOs | undefined
//   OsinfoDb.resolve(shortId): { os, name, note?, newerVersion? } | undefined   with the "newer than the database"
//                                                 fallback (name: "Debian 12", os: Debian 11)
//   OsinfoDb.resources(os): OsResources           recommended / twice the minimum / KVM Desk's default
//   OsinfoDb.supports(os, device): boolean        'virtio-disk' | 'virtio-net' | 'virtio-rng' | 'virtio-gpu' |
//                                                 'virtio-input' | 'virtio-scsi' | 'qemu-xhci' | 'q35'
//                                                 (derives-from aware; the nearest release decides)
//   OsinfoDb.firmware(os): { efiRequired, efiSupported, biosSupported }
//   OsinfoDb.lookup: OsLookup                     for summaryFromXml / detailsFromXml
//   OsinfoDb.newerVersionOf(os, version): string   "Debian 12" (the name with the newer version)
//   OsinfoDb.nearestOlder(text): { id, os, version } | undefined   "Debian 12" typed in a search -> debian12
//                                                 with Debian 11 (resolve's fallback)
//   DEFAULT_RESOURCES                             2 GiB / 2 vCPUs / 25 GiB
import type { OsEntry, OsResources } from '../../preload/contract';
import type { OsLookup } from './os-types';
import type { OsinfoOs, ResourceSet } from './osinfo-read';

export type { MediaRule, OsinfoOs, ResourceSet } from './osinfo-read';

export type DeviceKind =
  | 'virtio-disk'
  | 'virtio-net'
  | 'virtio-rng'
  | 'virtio-gpu'
  | 'virtio-input'
  | 'virtio-scsi'
  | 'qemu-xhci'
  | 'q35';

// osinfo-db device ids (legacy and virtio 1.0 PCI ids) from /usr/share/osinfo/device/pcisig.com
const DEVICE_IDS: Record<DeviceKind, string[]> = {
  'virtio-disk': ['http://pcisig.com/pci/1af4/1001', 'http://pcisig.com/pci/1af4/1042'],
  'virtio-net': ['http://pcisig.com/pci/1af4/1000', 'http://pcisig.com/pci/1af4/1041'],
  'virtio-rng': ['http://pcisig.com/pci/1af4/1005', 'http://pcisig.com/pci/1af4/1044'],
  'virtio-gpu': ['http://pcisig.com/pci/1af4/1050'],
  'virtio-input': ['http://pcisig.com/pci/1af4/1052'],
  'virtio-scsi': ['http://pcisig.com/pci/1af4/1004', 'http://pcisig.com/pci/1af4/1048'],
  'qemu-xhci': ['http://pcisig.com/pci/1b36/000d', 'http://pcisig.com/pci/1b36/0004'],
  q35: ['http://qemu.org/chipset/x86/q35'],
};

export const DEFAULT_RESOURCES = { memoryMiB: 2048, vcpus: 2, diskGiB: 25 } as const;

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

/** numeric comparison of dotted versions ("13.1" < "14.0"); non-numeric parts sort first */
export function compareVersions(a: string | undefined, b: string | undefined): number {
  const pa = (a ?? '').split(/[.-]/).map((x) => Number.parseInt(x, 10));
  const pb = (b ?? '').split(/[.-]/).map((x) => Number.parseInt(x, 10));
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = Number.isNaN(pa[i] ?? 0) ? -1 : (pa[i] ?? 0);
    const y = Number.isNaN(pb[i] ?? 0) ? -1 : (pb[i] ?? 0);
    if (x !== y) return x - y;
  }
  return 0;
}

export class OsinfoDb {
  readonly all: OsinfoOs[];
  private readonly byId = new Map<string, OsinfoOs>();

  constructor(all: OsinfoOs[]) {
    this.all = all;
    for (const os of all) {
      this.byId.set(os.url, os);
      for (const s of os.shortIds) if (!this.byId.has(s)) this.byId.set(s, os);
    }
  }

  list(today = new Date()): OsEntry[] {
    return this.all
      .map((o) => this.entry(o, today))
      .sort(
        (a, b) => (b.releaseDate ?? '').localeCompare(a.releaseDate ?? '') || a.name.localeCompare(b.name),
      );
  }

  /** the contract's OsEntry for one OS */
  entry(o: OsinfoOs, today = new Date()): OsEntry {
    const now = today.toISOString().slice(0, 10);
    return {
      id: o.id,
      name: o.name,
      version: o.version,
      vendor: o.vendor,
      family: o.family,
      distro: o.distro,
      releaseDate: o.releaseDate,
      eolDate: o.eolDate,
      eol: o.eolDate !== undefined && o.eolDate <= now,
    };
  }

  /** the entry for a release newer than the db: id, name and version changed, dates unknown */
  newerEntry(o: OsinfoOs, version: string): OsEntry {
    const id = o.version && o.id.endsWith(o.version) ? o.id.slice(0, -o.version.length) + version : o.id;
    return {
      ...this.entry(o),
      id,
      name: this.newerVersionOf(o, version),
      version,
      releaseDate: undefined,
      eolDate: undefined,
      eol: false,
    };
  }

  get(id: string): OsinfoOs | undefined {
    return this.byId.get(id);
  }

  /**
   * The OS for a short id; an id newer than this db (debian12, freebsd14.0) falls back to the newest
   * older version of the same distribution, with a note saying so.
   */
  resolve(shortId: string): { os: OsinfoOs; name: string; note?: string; newerVersion?: string } | undefined {
    const exact = this.get(shortId);
    if (exact) return { os: exact, name: exact.name };
    const m = /^([a-z][a-z-]*?)(\d+(?:\.\d+)*)$/.exec(shortId);
    if (!m) return undefined;
    const [, prefix, version] = m;
    const older = this.all
      .filter((o) => /^\d+(\.\d+)*$/.test(o.version ?? '') && o.shortIds.includes(`${prefix}${o.version}`))
      .filter((o) => compareVersions(o.version, version) < 0)
      .sort((a, b) => compareVersions(b.version, a.version));
    const os = older[0];
    if (!os) return undefined;
    return {
      os,
      name: this.newerVersionOf(os, version),
      note: this.newerNote(os, version),
      newerVersion: version,
    };
  }

  /**
   * Search text naming a release newer than this db ("Debian 12", "freebsd 14"): the id it would have
   * ("debian12") and resolve()'s newest older release of the same distribution. Undefined when the
   * text names no version, a release the db knows, or no distribution with numbered releases.
   */
  nearestOlder(text: string): { id: string; os: OsinfoOs; version: string } | undefined {
    const m = /^\s*(.*?[a-z].*?)[\s-]*v?(\d+(?:\.\d+)*)\s*$/i.exec(text);
    if (!m) return undefined;
    const words = m[1].toLowerCase().split(/\s+/).filter(Boolean);
    const version = m[2];
    const hits = new Map<string, { id: string; os: OsinfoOs; version: string; exactName: boolean }>();
    for (const o of this.all) {
      // Windows' short ids are not its version numbers (win11 is version 10.0): never guessed
      if (!o.version || !/^\d+(\.\d+)*$/.test(o.version) || o.family === 'windows') continue;
      const base = o.name.replace(o.version, '').replace(/\s+/g, ' ').trim().toLowerCase();
      const hay = `${base} ${o.distro ?? ''} ${o.shortIds.join(' ')}`.toLowerCase();
      if (!words.every((w) => hay.includes(w))) continue;
      for (const sid of o.shortIds) {
        if (!sid.endsWith(o.version)) continue;
        const id = sid.slice(0, -o.version.length) + version;
        if (hits.has(id)) continue;
        if (this.get(id)) return undefined; // the db knows it: the search lists it
        const r = this.resolve(id);
        if (r?.newerVersion) {
          hits.set(id, { id, os: r.os, version, exactName: base === words.join(' ') });
        }
      }
    }
    const all = [...hits.values()];
    const best = all.find((h) => h.exactName) ?? all[0];
    return best && { id: best.id, os: best.os, version: best.version };
  }

  /** "Debian 11" with version 12 -> "Debian 12" */
  newerVersionOf(os: OsinfoOs, version: string): string {
    if (os.version && os.name.includes(os.version)) return os.name.replace(os.version, version);
    return `${os.name.replace(/\s*[\d.]+$/, '')} ${version}`;
  }

  newerNote(os: OsinfoOs, version: string): string {
    return `${this.newerVersionOf(os, version)} is newer than this host's OS database; using ${os.name}'s settings.`;
  }

  /** this OS and every OS it derives from or clones, nearest first */
  ancestry(os: OsinfoOs): OsinfoOs[] {
    const seen = new Set<string>();
    const out: OsinfoOs[] = [];
    const queue = [os];
    while (queue.length) {
      const o = queue.shift()!;
      if (seen.has(o.url)) continue;
      seen.add(o.url);
      out.push(o);
      for (const id of [...o.derivesFrom, ...o.clones]) {
        const p = this.byId.get(id);
        if (p) queue.push(p);
      }
    }
    return out;
  }

  supports(os: OsinfoOs, device: DeviceKind): boolean {
    const wanted = DEVICE_IDS[device];
    // the nearest release that mentions the device decides (Ubuntu 22.04 drops virtio-gpu, say)
    for (const o of this.ancestry(os)) {
      if (o.unsupportedDevices.some((d) => wanted.includes(d))) return false;
      if (o.devices.some((d) => wanted.includes(d))) return true;
    }
    return false;
  }

  firmware(
    os: OsinfoOs,
    arch = 'x86_64',
  ): { efiRequired: boolean; efiSupported: boolean; biosSupported: boolean } {
    // the nearest OS in the derives-from chain that says anything about firmware decides
    const src = this.ancestry(os).find((o) => o.firmwares.some((f) => f.arch === arch || f.arch === 'all'));
    const fw = (src?.firmwares ?? []).filter((f) => f.arch === arch || f.arch === 'all');
    const efi = fw.find((f) => f.type === 'efi');
    const bios = fw.find((f) => f.type === 'bios');
    const efiSupported = efi?.supported ?? true;
    const biosSupported = bios?.supported ?? true;
    return { efiRequired: efiSupported && !biosSupported, efiSupported, biosSupported };
  }

  resources(os: OsinfoOs | undefined, arch = 'x86_64'): OsResources {
    const sets = (os?.resources ?? []).filter((r) => r.arch === arch || r.arch === 'all');
    // an arch-specific entry wins over "all"
    sets.sort((a, b) => (a.arch === 'all' ? 1 : 0) - (b.arch === 'all' ? 1 : 0));
    const pick = (k: keyof ResourceSet) => sets.map((s) => s.recommended?.[k]).find((v) => v !== undefined);
    const min = (k: keyof ResourceSet) => sets.map((s) => s.minimum?.[k]).find((v) => v !== undefined);
    const sources = new Set<string>();
    const value = (k: keyof ResourceSet, unit: number, fallback: number, label: string) => {
      const rec = pick(k);
      if (rec !== undefined) {
        sources.add(`recommended`);
        return Math.ceil(rec / unit);
      }
      const m = min(k);
      if (m !== undefined) {
        sources.add(`${label}: twice the minimum`);
        return Math.ceil((2 * m) / unit);
      }
      sources.add(`${label}: KVM Desk's default`);
      return fallback;
    };
    const memoryMiB = value('ramBytes', MiB, DEFAULT_RESOURCES.memoryMiB, 'memory');
    const vcpus = value('nCpus', 1, DEFAULT_RESOURCES.vcpus, 'vCPUs');
    const diskGiB = value('storageBytes', GiB, DEFAULT_RESOURCES.diskGiB, 'disk');
    const minRam = min('ramBytes');
    const minCpus = min('nCpus');
    const minDisk = min('storageBytes');
    return {
      memoryMiB,
      vcpus,
      diskGiB,
      minMemoryMiB: minRam === undefined ? undefined : Math.ceil(minRam / MiB),
      minVcpus: minCpus,
      minDiskGiB: minDisk === undefined ? undefined : Math.ceil(minDisk / GiB),
      source: describeSources(sources),
    };
  }

  /** for summaryFromXml / detailsFromXml: exact names and families from this db */
  readonly lookup: OsLookup = ({ shortId, url }) => {
    const byUrl = url ? this.get(url) : undefined;
    if (byUrl) return { shortId: byUrl.id, name: byUrl.name, family: byUrl.family };
    const r = shortId ? this.resolve(shortId) : undefined;
    // a guest made for debian12 keeps its id and name even when this db only knows Debian 11
    return r && shortId ? { shortId, name: r.name, family: r.os.family } : undefined;
  };
}

function describeSources(sources: Set<string>): string {
  if (sources.size === 1 && sources.has('recommended')) return "osinfo-db's recommended values";
  const all = [...sources];
  if (all.every((s) => s.endsWith("KVM Desk's default")))
    return "KVM Desk's defaults (osinfo-db has no values)";
  if (all.every((s) => s.endsWith('twice the minimum'))) return "twice osinfo-db's minimums";
  return all.map((s) => (s === 'recommended' ? "osinfo-db's recommended values" : s)).join('; ');
}
