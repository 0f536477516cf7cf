// KVM Desk's own metadata in a domain's XML, and the namespaces of the metadata we read.
//   <metadata>
//     <kvmdesk:vm xmlns:kvmdesk="https://kvmdesk.org/xmlns/vm/1.0">
//       <kvmdesk:os id="win11" name="Microsoft Windows 11" family="windows"/>
//       <kvmdesk:install kind="iso" source="/isos/win11.iso" virtio-win="/isos/virtio-win.iso" started="yes"/>
//       <kvmdesk:linked-clone of="UUID" name="base"/>
//     </kvmdesk:vm>
//   </metadata>
// started="yes": createGuest started the guest from its install source. The offer to eject the ISO
// relies on it, because libvirt's shut-off reason is 'unknown' after libvirtd restarts.
// linked-clone: vms.clone made this guest as overlays on that guest's disks. It is for showing the
// relation without reading every volume (the list's "base of N linked clones"); the refusals to start or
// delete a base read the real backing files (services/clones/linked.ts), so clones made elsewhere count.
//
// Exports: KVMDESK_NS, KVMDESK_PREFIX, LIBOSINFO_NS, KvmDeskMetadata, readKvmDeskMetadata(xml),
//          kvmDeskMetadataTree(meta), kvmDeskMetadataElement(meta), KVMDESK_FAMILIES,
//          replaceKvmDeskMetadata(root, change): the element rewritten in a domain being edited
import type { VmSummary } from '../../preload/contract';
import { DOMAIN_ORDER, ensureInOrder } from './domain-edit-core';
import {
  appendTree,
  attr,
  buildXml,
  child,
  childNS,
  docOf,
  find,
  h,
  hns,
  parseXml,
  removeElement,
  type XmlDocument,
  type XmlElement,
  type XmlNode,
} from './xml';

/** KVM Desk's own metadata namespace: <kvmdesk:vm xmlns:kvmdesk="..."> inside <metadata>. */
export const KVMDESK_NS = 'https://kvmdesk.org/xmlns/vm/1.0';
/** the prefix KVM Desk writes its namespace with (virDomainSetMetadata's key) */
export const KVMDESK_PREFIX = 'kvmdesk';
/** libosinfo's, written by virt-install, virt-manager, GNOME Boxes and Cockpit. */
export const LIBOSINFO_NS = 'http://libosinfo.org/xmlns/libvirt/domain/1.0';

export interface KvmDeskMetadata {
  osId?: string;
  osName?: string;
  osFamily?: VmSummary['osFamily'];
  installKind?: string; // iso | import | pxe | kernel
  installSource?: string;
  virtioWinIso?: string;
  /** the guest has been started since it was created from its install source */
  startedSinceInstall?: boolean;
  /** made by vms.clone as a linked clone of this guest */
  linkedCloneOf?: { uuid: string; name: string };
}

/** the families KVM Desk writes; anything else in the metadata is ignored */
export const KVMDESK_FAMILIES = new Set(['linux', 'windows', 'bsd', 'other']);

export function readKvmDeskMetadata(xml: string | XmlDocument): KvmDeskMetadata | undefined {
  const doc = typeof xml === 'string' ? parseXml(xml) : xml;
  const vm = childNS(find(doc.documentElement!, 'metadata'), KVMDESK_NS, 'vm');
  if (!vm) return undefined;
  const os = childNS(vm, KVMDESK_NS, 'os');
  const install = childNS(vm, KVMDESK_NS, 'install');
  const family = attr(os, 'family');
  const linked = childNS(vm, KVMDESK_NS, 'linked-clone');
  const of = attr(linked, 'of');
  return {
    osId: attr(os, 'id'),
    osName: attr(os, 'name'),
    osFamily: family && KVMDESK_FAMILIES.has(family) ? (family as KvmDeskMetadata['osFamily']) : undefined,
    installKind: attr(install, 'kind'),
    installSource: attr(install, 'source'),
    virtioWinIso: attr(install, 'virtio-win'),
    startedSinceInstall: attr(install, 'started') === 'yes' ? true : undefined,
    linkedCloneOf: of ? { uuid: of, name: attr(linked, 'name') ?? '' } : undefined,
  };
}

export function kvmDeskMetadataTree(meta: KvmDeskMetadata): XmlNode {
  return metadataTree(meta, (name, attrs, ...children) =>
    hns(KVMDESK_NS, `${KVMDESK_PREFIX}:${name}`, attrs, ...children),
  );
}

/**
 * <vm> without a namespace, for virDomainSetMetadata(type element, key KVMDESK_PREFIX, uri KVMDESK_NS):
 * libvirt puts the element and its children into the namespace itself and refuses a prefix already there.
 */
export function kvmDeskMetadataElement(meta: KvmDeskMetadata): string {
  return buildXml(metadataTree(meta, h));
}

function metadataTree(meta: KvmDeskMetadata, el: typeof h): XmlNode {
  return el(
    'vm',
    {},
    (meta.osId || meta.osName) && el('os', { id: meta.osId, name: meta.osName, family: meta.osFamily }),
    meta.installKind &&
      el('install', {
        kind: meta.installKind,
        source: meta.installSource,
        'virtio-win': meta.virtioWinIso,
        started: meta.startedSinceInstall ? 'yes' : undefined,
      }),
    meta.linkedCloneOf && el('linked-clone', { of: meta.linkedCloneOf.uuid, name: meta.linkedCloneOf.name }),
  );
}

/**
 * In a domain being edited (editDomain's root): KVM Desk's element rewritten with `change` applied to what
 * it says now; the other applications' metadata stays as it is. No element is made when there is none
 * and the change leaves nothing to say.
 */
export function replaceKvmDeskMetadata(root: XmlElement, change: Partial<KvmDeskMetadata>): void {
  const metadata = child(root, 'metadata');
  const old = childNS(metadata, KVMDESK_NS, 'vm');
  const meta = { ...(old ? readKvmDeskMetadata(docOf(root)) : {}), ...change };
  const empty = !Object.values(meta).some((v) => v !== undefined);
  if (old) removeElement(old);
  if (empty) return;
  appendTree(metadata ?? ensureInOrder(root, 'metadata', DOMAIN_ORDER), kvmDeskMetadataTree(meta));
}
