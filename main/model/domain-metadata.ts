// KVM Desk's own metadata in a domain's XML, and the namespaces of the metadata we read.
//   <metadata>
//     <kvmdesk:vm xmlns:kvmdesk="https://kvmdesk.org/xmlns/vm/1.0">
//       <kvmdesk:os id="win11" name="Microsoft Windows 11" family="windows"/>
//       <kvmdesk:install kind="iso" source="/isos/win11.iso" virtio-win="/isos/virtio-win.iso"/>
//     </kvmdesk:vm>
//   </metadata>
//
// Exports: KVMDESK_NS, LIBOSINFO_NS, KvmDeskMetadata, readKvmDeskMetadata(xml), kvmDeskMetadataTree(meta),
//          KVMDESK_FAMILIES
import type { VmSummary } from '../../preload/contract';
import { attr, childNS, find, hns, parseXml, type XmlDocument, type XmlNode } from './xml';

/** KVM Desk's own metadata namespace: <kvmdesk:vm xmlns:kvmdesk="..."> inside <metadata>. */
export const KVMDESK_NS = 'https://kvmdesk.org/xmlns/vm/1.0';
/** libosinfo's, written by virt-install, virt-manager, GNOME Boxes and Cockpit. */
export const LIBOSINFO_NS = 'http://libosinfo.org/xmlns/libvirt/domain/1.0';

export interface KvmDeskMetadata {
  osId?: string;
  osName?: string;
  osFamily?: VmSummary['osFamily'];
  installKind?: string; // iso | import | pxe | kernel
  installSource?: string;
  virtioWinIso?: string;
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
  };
}

export function kvmDeskMetadataTree(meta: KvmDeskMetadata): XmlNode {
  return hns(
    KVMDESK_NS,
    'kvmdesk:vm',
    {},
    (meta.osId || meta.osName) &&
      hns(KVMDESK_NS, 'kvmdesk:os', { id: meta.osId, name: meta.osName, family: meta.osFamily }),
    meta.installKind &&
      hns(KVMDESK_NS, 'kvmdesk:install', {
        kind: meta.installKind,
        source: meta.installSource,
        'virtio-win': meta.virtioWinIso,
      }),
  );
}
