// In-place edits of a domain's full XML: each changes only the nodes it is about and keeps everything
// else (devices, metadata, elements KVM Desk does not understand) exactly as libvirt gave it.
//
// Exports:
//   setCdromMedia(xml, target, path|undefined): string   insert (path) or eject (undefined) a CD-ROM's media
//   cdromDeviceXml(xml, target, path|undefined): string  that CD-ROM's <disk> alone, for a live
//                                                         domainUpdateDevice on a running guest
//   setBootOrder(xml, devs): string                       <os><boot dev=.../> in this order
//                                                         (per-device <boot order> is removed: libvirt
//                                                         refuses both kinds together)
//   setKvmDeskMetadata(xml, meta): string                 KVM Desk's <kvmdesk:vm> (replaced whole)
//   DomainEditError                                       an edit refused, in the user's words
// Re-exported, one file a family (each says what it edits):
//   domain-edit-overview.ts   title, description
//   domain-edit-cpu-memory.ts processors (count, topology, CPU mode) and memory
//   domain-edit-firmware.ts   boot menu, BIOS/UEFI/Secure Boot
//   domain-edit-disks.ts      disks and CD/DVD drives
//   domain-edit-nics.ts       network cards
//   domain-edit-devices.ts    TPM, video, sound, USB tablet, guest agent, RNG, watchdog
// The shared round and placement rules are domain-edit-core.ts.
import { DomainEditError } from './domain-edit-core';
import { KVMDESK_NS, type KvmDeskMetadata, kvmDeskMetadataTree } from './domain-metadata';
import {
  appendTree,
  attr,
  child,
  childNS,
  children,
  docOf,
  ensureChild,
  find,
  findAll,
  parseXml,
  removeNode,
  serializeXml,
  setAttr,
  type XmlDocument,
  type XmlElement,
} from './xml';

export * from './domain-edit-cpu-memory';
export * from './domain-edit-devices';
export * from './domain-edit-disks';
export * from './domain-edit-firmware';
export * from './domain-edit-nics';
export * from './domain-edit-overview';
export { DomainEditError };

function cdrom(doc: XmlDocument, target: string): XmlElement {
  const disk = findAll(doc.documentElement!, 'devices/disk').find(
    (d) => attr(d, 'device') === 'cdrom' && attr(child(d, 'target'), 'dev') === target,
  );
  if (!disk) throw new DomainEditError(`This guest has no CD-ROM drive ${target}.`);
  return disk;
}

function changeMedia(disk: XmlElement, path: string | undefined): void {
  const old = child(disk, 'source');
  if (path === undefined) {
    removeNode(old);
    return;
  }
  setAttr(disk, 'type', 'file');
  const source = old ?? docOf(disk).createElement('source');
  // a source of another kind (dev, pool/volume) is replaced by a plain file
  for (const a of ['dev', 'pool', 'volume', 'protocol', 'name']) setAttr(source, a, undefined);
  setAttr(source, 'file', path);
  if (!old) {
    const driver = child(disk, 'driver');
    disk.insertBefore(source, driver ? driver.nextSibling : disk.firstChild);
  }
}

export function setCdromMedia(xml: string, target: string, path: string | undefined): string {
  const doc = parseXml(xml);
  changeMedia(cdrom(doc, target), path);
  return serializeXml(doc);
}

export function cdromDeviceXml(xml: string, target: string, path: string | undefined): string {
  const doc = parseXml(xml);
  const disk = cdrom(doc, target);
  changeMedia(disk, path);
  return serializeXml(disk);
}

export function setBootOrder(xml: string, devs: ('hd' | 'cdrom' | 'network' | 'fd')[]): string {
  const doc = parseXml(xml);
  const root = doc.documentElement!;
  const os = ensureChild(root, 'os');
  for (const b of children(os, 'boot')) removeNode(b);
  for (const dev of children(find(root, 'devices'))) removeNode(child(dev, 'boot'));
  // <boot> belongs after <type>/<loader>/<nvram>/<kernel>... ; libvirt accepts it anywhere in <os>
  for (const dev of devs) {
    const b = doc.createElement('boot');
    b.setAttribute('dev', dev);
    os.appendChild(b);
  }
  return serializeXml(doc);
}

export function setKvmDeskMetadata(xml: string, meta: KvmDeskMetadata): string {
  const doc = parseXml(xml);
  const root = doc.documentElement!;
  let metadata = child(root, 'metadata');
  if (!metadata) {
    metadata = doc.createElement('metadata');
    // libvirt's schema wants <metadata> early (after name/uuid/title/description); put it after them
    const after = ['description', 'title', 'uuid', 'name'].map((n) => child(root, n)).find((e) => e);
    root.insertBefore(metadata, after ? after.nextSibling : root.firstChild);
  }
  removeNode(childNS(metadata, KVMDESK_NS, 'vm'));
  appendTree(metadata, kvmDeskMetadataTree(meta));
  return serializeXml(doc);
}
