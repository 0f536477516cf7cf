// KVM Desk's own metadata in a domain's XML, and the namespaces of the metadata we read.
//   <metadata>
//     <kvmdesk:vm xmlns:kvmdesk="https://kvmdesk.org/xmlns/vm/1.0">
//       <kvmdesk:os id="win11" name="Microsoft Windows 11" family="windows"/>
//       <kvmdesk:install kind="iso" source="/isos/win11.iso" virtio-win="/isos/virtio-win.iso" started="yes"/>
//     </kvmdesk:vm>
//   </metadata>
// started="yes": createGuest started the guest from its install source. The offer to eject the ISO
// relies on it, because libvirt's shut-off reason is 'unknown' after libvirtd restarts.
//
// Exports: KVMDESK_NS, KVMDESK_PREFIX, LIBOSINFO_NS, KvmDeskMetadata, readKvmDeskMetadata(xml),
//          kvmDeskMetadataTree(meta), kvmDeskMetadataElement(meta), KVMDESK_FAMILIES
import type { VmSummary } from '../../preload/contract';
import { attr, buildXml, childNS, find, h, hns, parseXml, type XmlDocument, type XmlNode } from './xml';

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
  return {
    osId: attr(os, 'id'),
    osName: attr(os, 'name'),
    osFamily: family && KVMDESK_FAMILIES.has(family) ? (family as KvmDeskMetadata['osFamily']) : undefined,
    installKind: attr(install, 'kind'),
    installSource: attr(install, 'source'),
    virtioWinIso: attr(install, 'virtio-win'),
    startedSinceInstall: attr(install, 'started') === 'yes' ? true : undefined,
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
  );
}
