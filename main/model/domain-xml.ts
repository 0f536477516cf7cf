// Domain XML <-> what the UI shows. Pure: no I/O.
//
// Exports (stable; the guest list, details and create service call them):
//   parseDomainXml(xml, osLookup?): DomainXmlFields       everything the UI reads from a domain's XML
//   summaryFromXml(xml, info: DomainStateInfo, osLookup?): VmSummary   one streaming pass (domain-scan.ts)
//   detailsFromXml(xml, info: DomainStateInfo, osLookup?): VmDetails
//   backingFilesOf(xml): string[]                        files in the disks' <backingStore> chains
//   readKvmDeskMetadata(xml): KvmDeskMetadata | undefined
//   osShortIdFromUrl(url): string                        "http://microsoft.com/win/11" -> "win11"
//   osFamilyFromShortId(id): VmSummary['osFamily']       a guess when no osinfo lookup is given
//   memoryToKiB(value, unit?): number                    libvirt's memory units
//   KVMDESK_NS, LIBOSINFO_NS                             the metadata namespaces
// Re-exported from ./domain-build and ./domain-edit:
//   buildDomainXml(spec: VmBuildSpec): string
//   setCdromMedia(xml, target, path|undefined): string, cdromDeviceXml(...), setBootOrder(...),
//   setKvmDeskMetadata(...)
import type { DiskInfo, GuestResources, NicInfo, VmDetails, VmSummary } from '../../preload/contract';
import { KVMDESK_FAMILIES, type KvmDeskMetadata, LIBOSINFO_NS, readKvmDeskMetadata } from './domain-metadata';
import { type DomainScan, isStreamableConsole, type ScannedElement, scanDomainXml } from './domain-scan';
import { memoryToKiB } from './memory-units';
import type { OsFamily, OsLookup } from './os-types';
import {
  attr,
  child,
  childNS,
  find,
  findAll,
  parseXml,
  text,
  type XmlDocument,
  type XmlElement,
  XmlError,
} from './xml';

export { buildDomainXml, type VmBuildSpec } from './domain-build';
export { cdromDeviceXml, setBootOrder, setCdromMedia, setKvmDeskMetadata } from './domain-edit';
export {
  KVMDESK_NS,
  type KvmDeskMetadata,
  kvmDeskMetadataTree,
  LIBOSINFO_NS,
  readKvmDeskMetadata,
} from './domain-metadata';

export { memoryToKiB } from './memory-units';
export type { OsFamily, OsLookup } from './os-types';

/** The parts of a summary that come from libvirt calls rather than the XML. */
export type DomainStateInfo = Pick<VmSummary, 'connection' | 'state' | 'reason' | 'persistent' | 'autostart'>;

/** what the XML alone says (the version and pending changes compare two XMLs: services/vms.ts) */
export type DomainXmlFields = Omit<VmDetails, keyof DomainStateInfo | SavedDefinitionFields>;
/** what services/vms.ts reads from the saved (inactive) definition, beside the live one */
type SavedDefinitionFields = 'version' | 'pendingChanges' | 'resources' | 'cpu' | 'boot' | 'devices';

/** osinfo-db's ids are URLs whose last two path parts make the short id in nearly every entry. */
export function osShortIdFromUrl(url: string): string {
  const parts = url
    .replace(/^[a-z]+:\/\/[^/]+\//, '')
    .split('/')
    .filter(Boolean);
  return parts.slice(-2).join('');
}

const LINUX_IDS =
  /^(alma|alpine|alt|arch|asianux|caasp|centos|cirros|clearlinux|debian|elementary|endless|eos|fedora|gentoo|kali|mageia|mandr|manjaro|mint|nixos|ol\d|opensuse|popos|rhel|rhl|rocky|silverblue|sle|slackware|sles|sled|ubuntu|void|linux)/;

export function osFamilyFromShortId(id: string | undefined): OsFamily {
  if (!id) return 'other';
  if (/^win/.test(id)) return 'windows';
  if (/bsd|dragonfly/.test(id)) return 'bsd';
  if (LINUX_IDS.test(id)) return 'linux';
  return 'other';
}

/** The OS fields from KVM Desk's metadata (preferred) or libosinfo's os id, named by the lookup. */
function osFrom(
  meta: Pick<KvmDeskMetadata, 'osId' | 'osName' | 'osFamily'> | undefined,
  url: string | undefined,
  lookup?: OsLookup,
): Pick<VmSummary, 'osId' | 'osFamily' | 'osName'> {
  const shortId = meta?.osId ?? (url ? osShortIdFromUrl(url) : undefined);
  if (!shortId) return { osFamily: 'other' };
  const found = lookup?.({ shortId: meta?.osId, url: meta?.osId ? undefined : url });
  return {
    osId: found?.shortId ?? shortId,
    osFamily: found?.family ?? meta?.osFamily ?? osFamilyFromShortId(shortId),
    osName: found?.name ?? meta?.osName,
  };
}

function osOf(doc: XmlDocument, lookup?: OsLookup): Pick<VmSummary, 'osId' | 'osFamily' | 'osName'> {
  const url = attr(
    childNS(childNS(find(doc.documentElement!, 'metadata'), LIBOSINFO_NS, 'libosinfo'), LIBOSINFO_NS, 'os'),
    'id',
  );
  return osFrom(readKvmDeskMetadata(doc), url, lookup);
}

/** processors and memory as this XML says: current and maximum of each */
export function resourcesOf(xml: string): GuestResources {
  const root = parseXml(xml).documentElement!;
  const v = child(root, 'vcpu');
  const maxVcpus = Number(text(v) ?? 1) || 1;
  const memory = child(root, 'memory');
  const current = child(root, 'currentMemory');
  const maxMemoryKiB = memoryToKiB(text(memory), attr(memory, 'unit'));
  return {
    vcpus: Number(attr(v, 'current') ?? maxVcpus) || maxVcpus,
    maxVcpus,
    memoryKiB: current ? memoryToKiB(text(current), attr(current, 'unit')) : maxMemoryKiB,
    maxMemoryKiB,
  };
}

function vcpusOf(root: XmlElement): number {
  const v = child(root, 'vcpu');
  return Number(attr(v, 'current') ?? text(v) ?? 0) || 0;
}

/**
 * Why deleting the guest keeps a disk, judged from its XML alone (the service adds what only the host
 * knows: other guests using it, remote files outside pools, what a pool volume resolves to).
 * Only pool volumes and regular files may go: never a block device, a network disk, a directory, a
 * shareable disk or removable media.
 */
function keptReasonOf(
  d: XmlElement,
  device: DiskInfo['device'],
  path: string | undefined,
): string | undefined {
  const type = attr(d, 'type') ?? 'file';
  if (device === 'cdrom') return 'read-only media';
  if (device === 'floppy') return 'removable media';
  if (type === 'block' || device === 'lun' || type === 'nvme') return 'block device';
  if (type === 'network' || type === 'vhostuser') return 'network disk';
  if (type === 'dir') return 'directory';
  if (type !== 'file' && type !== 'volume') return 'not a regular file';
  if (child(d, 'shareable') !== undefined) return 'shared (shareable)';
  if (child(d, 'readonly') !== undefined) return 'read-only media';
  if (path === undefined) return 'no file';
  if (/^\/dev\//.test(path)) return 'block device';
  // ISOs are shared installation sources even when attached as a disk
  if (/\.iso$/i.test(path)) return 'read-only media';
  return undefined;
}

function diskOf(d: XmlElement): DiskInfo {
  const device = (attr(d, 'device') ?? 'disk') as DiskInfo['device'];
  const source = child(d, 'source');
  const target = child(d, 'target');
  const pool = attr(source, 'pool');
  const volume = attr(source, 'volume');
  const path =
    attr(source, 'file') ??
    attr(source, 'dev') ??
    (volume ? `${pool}/${volume}` : undefined) ??
    attr(source, 'dir') ??
    attr(source, 'name');
  const readonly = child(d, 'readonly') !== undefined || device === 'cdrom';
  const keptReason = keptReasonOf(d, device, path);
  return {
    target: attr(target, 'dev') ?? '',
    device,
    bus: attr(target, 'bus'),
    path,
    ...(pool && volume ? { volume: { pool, name: volume } } : {}),
    format: attr(child(d, 'driver'), 'type'),
    readonly,
    ...(attr(child(d, 'driver'), 'cache') ? { cache: attr(child(d, 'driver'), 'cache') } : {}),
    ...(attr(child(d, 'driver'), 'discard') ? { discard: attr(child(d, 'driver'), 'discard') } : {}),
    ...(keptReason ? { keptReason } : {}),
    deletable: keptReason === undefined,
  };
}

/**
 * The files under each disk's backing chain (`<backingStore>`, which live XML lists): a guest uses
 * them too, so deleting another guest must not remove them.
 */
export function backingFilesOf(xml: string | XmlDocument): string[] {
  const doc = typeof xml === 'string' ? parseXml(xml) : xml;
  const files: string[] = [];
  for (const disk of findAll(doc.documentElement!, 'devices/disk')) {
    for (let b = child(disk, 'backingStore'); b; b = child(b, 'backingStore')) {
      const src = child(b, 'source');
      const f = attr(src, 'file') ?? attr(src, 'dev');
      if (f) files.push(f);
    }
  }
  return files;
}

function nicOf(n: XmlElement): NicInfo {
  const source = child(n, 'source');
  return {
    mac: attr(child(n, 'mac'), 'address') ?? '',
    type: attr(n, 'type') ?? '',
    source: attr(source, 'network') ?? attr(source, 'bridge') ?? attr(source, 'dev'),
    model: attr(child(n, 'model'), 'type'),
    ...(attr(child(n, 'link'), 'state') === 'down' ? { linkDown: true } : {}),
  };
}

function firmwareOf(root: XmlElement): Pick<VmDetails, 'firmware' | 'secureBoot'> {
  const os = child(root, 'os');
  const loader = child(os, 'loader');
  const efi =
    attr(os, 'firmware') === 'efi' ||
    attr(loader, 'type') === 'pflash' ||
    /ovmf|edk2|efi/i.test(text(loader) ?? '');
  const feature = findAll(os, 'firmware/feature').find((f) => attr(f, 'name') === 'secure-boot');
  const secureBoot = attr(loader, 'secure') === 'yes' || attr(feature, 'enabled') === 'yes';
  return { firmware: efi ? 'efi' : 'bios', secureBoot: efi && secureBoot };
}

function graphicsOf(root: XmlElement): VmDetails['graphics'] {
  const g = find(root, 'devices/graphics');
  if (!g) return undefined;
  const port = Number(attr(g, 'port'));
  return {
    type: attr(g, 'type') ?? '',
    listen: attr(g, 'listen') ?? attr(child(g, 'listen'), 'address'),
    port: Number.isFinite(port) && port > 0 ? port : undefined,
  };
}

export function parseDomainXml(xml: string | XmlDocument, osLookup?: OsLookup): DomainXmlFields {
  const doc = typeof xml === 'string' ? parseXml(xml) : xml;
  const root = doc.documentElement!;
  const memory = child(root, 'memory');
  const type = find(root, 'os/type');
  const meta = readKvmDeskMetadata(doc);
  return {
    uuid: text(child(root, 'uuid')) ?? '',
    name: text(child(root, 'name')) ?? '',
    title: text(child(root, 'title')) || undefined,
    // exactly as stored: the Overview edits it as plain text
    description: child(root, 'description')?.textContent || undefined,
    vcpus: vcpusOf(root),
    memoryKiB: memoryToKiB(text(memory), attr(memory, 'unit')),
    ...osOf(doc, osLookup),
    domainType: attr(root, 'type') ?? '',
    hasConsole:
      find(root, 'devices/graphics') !== undefined ||
      [...findAll(root, 'devices/serial'), ...findAll(root, 'devices/console')].some((e) =>
        isStreamableConsole(attr(e, 'type')),
      ),
    machine: attr(type, 'machine'),
    arch: attr(type, 'arch'),
    ...firmwareOf(root),
    tpm: find(root, 'devices/tpm') !== undefined,
    disks: findAll(root, 'devices/disk').map(diskOf),
    nics: findAll(root, 'devices/interface').map(nicOf),
    graphics: graphicsOf(root),
    installSource: meta?.installSource,
    startedSinceInstall: meta?.startedSinceInstall,
    ...linkedCloneOf(meta?.linkedCloneOf?.uuid, meta?.linkedCloneOf?.name),
  };
}

/** An attribute as attr() reads it: undefined when absent. */
function scannedAttr(e: ScannedElement | undefined, name: string): string | undefined {
  return e && Object.hasOwn(e.attrs, name) ? e.attrs[name] : undefined;
}

/** The summary's own fields from one streaming pass (domain-scan.ts): the guest list reads thousands. */
function summaryFieldsOf(s: DomainScan, osLookup?: OsLookup): Omit<VmSummary, keyof DomainStateInfo> {
  const family = scannedAttr(s.kvmDeskOs, 'family');
  const meta = s.kvmDeskVm
    ? {
        osId: scannedAttr(s.kvmDeskOs, 'id'),
        osName: scannedAttr(s.kvmDeskOs, 'name'),
        osFamily: family && KVMDESK_FAMILIES.has(family) ? (family as OsFamily) : undefined,
      }
    : undefined;
  return {
    uuid: s.uuid?.text.trim() ?? '',
    name: s.name?.text.trim() ?? '',
    title: s.title?.text.trim() || undefined,
    vcpus: Number(scannedAttr(s.vcpu, 'current') ?? s.vcpu?.text.trim() ?? 0) || 0,
    memoryKiB: memoryToKiB(s.memory?.text.trim(), scannedAttr(s.memory, 'unit')),
    ...osFrom(meta, scannedAttr(s.libosinfoOs, 'id'), osLookup),
    domainType: scannedAttr(s.root, 'type') ?? '',
    hasConsole: s.hasGraphics || s.hasSerial,
    ...linkedCloneOf(scannedAttr(s.kvmDeskLinkedClone, 'of'), scannedAttr(s.kvmDeskLinkedClone, 'name')),
  };
}

function linkedCloneOf(uuid: string | undefined, name: string | undefined): Pick<VmSummary, 'linkedCloneOf'> {
  return uuid ? { linkedCloneOf: { uuid, name: name ?? '' } } : {};
}

function summaryFields(
  xml: string | XmlDocument,
  osLookup?: OsLookup,
): Omit<VmSummary, keyof DomainStateInfo> {
  if (typeof xml === 'string' && !xml.startsWith('\uFEFF')) {
    let scan: DomainScan | undefined;
    try {
      scan = scanDomainXml(xml);
    } catch (err) {
      if (!(err instanceof XmlError)) throw err;
    }
    if (scan) return summaryFieldsOf(scan, osLookup);
  }
  // a Document, or text the scan refuses (or a BOM, which xmldom refuses): the DOM reads it, or throws
  // the error it always has
  return parseDomainXml(xml, osLookup);
}

export function summaryFromXml(
  xml: string | XmlDocument,
  info: DomainStateInfo,
  osLookup?: OsLookup,
): VmSummary {
  const f = summaryFields(xml, osLookup);
  return {
    connection: info.connection,
    uuid: f.uuid,
    name: f.name,
    title: f.title,
    state: info.state,
    reason: info.reason,
    persistent: info.persistent,
    autostart: info.autostart,
    vcpus: f.vcpus,
    memoryKiB: f.memoryKiB,
    osId: f.osId,
    osFamily: f.osFamily,
    osName: f.osName,
    domainType: f.domainType,
    hasConsole: f.hasConsole,
    ...(f.linkedCloneOf ? { linkedCloneOf: f.linkedCloneOf } : {}),
  };
}

export function detailsFromXml(
  xml: string | XmlDocument,
  info: DomainStateInfo,
  osLookup?: OsLookup,
): Omit<VmDetails, SavedDefinitionFields> {
  return { ...parseDomainXml(xml, osLookup), ...info };
}
