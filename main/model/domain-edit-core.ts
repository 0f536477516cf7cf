// What every in-place edit of a domain's XML shares: its error, the parse-edit-serialize round, and where
// a new element goes. A new element follows the last one of its kind, else it takes libvirt's own
// position (the order `virsh dumpxml` writes), so nothing already there moves.
//
// Exports:
//   DomainEditError                              an edit refused, with the reason in the user's words
//   editDomain(xml, edit): string                parse, edit the <domain> element, serialize
//   insertInOrder(parent, tree, order): Element  a new child after its kind, else at its rank in `order`
//   ensureInOrder(parent, name, order): Element  the first child of that name, made at its rank if missing
//   DOMAIN_ORDER, DEVICE_ORDER, FEATURE_ORDER    libvirt's order of <domain>, <devices>, <features> children
//   devicesOf(root): Element                     <devices>, made when missing
//   addDevice(root, tree): Element               a new device in libvirt's position within <devices>
//   devicesNamed(root, name): Element[]          the <devices> children of one kind
//   archOf(root), machineOf(root), isQ35(root)   the guest's <os><type> arch and machine
import {
  children,
  find,
  insertTreeAfter,
  parseXml,
  serializeXml,
  type XmlElement,
  type XmlNode,
} from './xml';

export class DomainEditError extends Error {
  override name = 'DomainEditError';
}

export function editDomain(xml: string, edit: (root: XmlElement) => void): string {
  const doc = parseXml(xml);
  const root = doc.documentElement!;
  if (root.tagName !== 'domain') throw new DomainEditError('This is not a guest definition (no <domain>).');
  edit(root);
  return serializeXml(doc);
}

// libvirt 9.0's virDomainDefFormat order (src/conf/domain_conf.c)
export const DOMAIN_ORDER = [
  'name',
  'uuid',
  'genid',
  'title',
  'description',
  'metadata',
  'maxMemory',
  'memory',
  'currentMemory',
  'blkiotune',
  'memtune',
  'memoryBacking',
  'vcpu',
  'vcpus',
  'iothreads',
  'iothreadids',
  'defaultiothread',
  'cputune',
  'numatune',
  'resource',
  'sysinfo',
  'bootloader',
  'bootloader_args',
  'os',
  'idmap',
  'features',
  'cpu',
  'clock',
  'on_poweroff',
  'on_reboot',
  'on_crash',
  'on_lockfailure',
  'pm',
  'perf',
  'devices',
  'seclabel',
  'keywrap',
  'launchSecurity',
];

export const DEVICE_ORDER = [
  'emulator',
  'disk',
  'controller',
  'lease',
  'filesystem',
  'interface',
  'smartcard',
  'serial',
  'parallel',
  'console',
  'channel',
  'input',
  'tpm',
  'graphics',
  'sound',
  'audio',
  'video',
  'hostdev',
  'redirdev',
  'redirfilter',
  'hub',
  'watchdog',
  'memballoon',
  'rng',
  'nvram',
  'panic',
  'shmem',
  'memory',
  'iommu',
  'vsock',
  'crypto',
];

export const FEATURE_ORDER = [
  'acpi',
  'apic',
  'pae',
  'hap',
  'viridian',
  'privnet',
  'hyperv',
  'kvm',
  'xen',
  'pvspinlock',
  'pmu',
  'vmport',
  'gic',
  'smm',
  'ioapic',
  'hpt',
  'htm',
  'nested-hv',
  'msrs',
  'ccf-assist',
  'cfpc',
  'sbbc',
  'ibs',
  'tcg',
  'async-teardown',
];

/**
 * Adds `tree` under `parent`: after the last child of the same name; else after the last child that
 * comes earlier in `order`; else before the first that comes later; else at the end. Children not in
 * `order` (unknown to KVM Desk) are passed over, never moved.
 */
export function insertInOrder(parent: XmlElement, tree: XmlNode, order: readonly string[]): XmlElement {
  const all = children(parent);
  const same = all.filter((c) => c.tagName === tree.name);
  if (same.length > 0) return insertTreeAfter(parent, tree, same[same.length - 1]);
  const rank = order.indexOf(tree.name);
  const rankOf = (c: XmlElement) => order.indexOf(c.tagName);
  const earlier = all.filter((c) => rankOf(c) >= 0 && rankOf(c) < rank);
  if (rank >= 0 && earlier.length > 0) return insertTreeAfter(parent, tree, earlier[earlier.length - 1]);
  const later = rank >= 0 ? all.findIndex((c) => rankOf(c) > rank) : -1;
  if (later >= 0) return insertTreeAfter(parent, tree, later > 0 ? all[later - 1] : undefined);
  return insertTreeAfter(parent, tree, all[all.length - 1]);
}

export function ensureInOrder(parent: XmlElement, name: string, order: readonly string[]): XmlElement {
  return children(parent, name)[0] ?? insertInOrder(parent, { name, attrs: {}, children: [] }, order);
}

export function devicesOf(root: XmlElement): XmlElement {
  return ensureInOrder(root, 'devices', DOMAIN_ORDER);
}

export function addDevice(root: XmlElement, tree: XmlNode): XmlElement {
  return insertInOrder(devicesOf(root), tree, DEVICE_ORDER);
}

export function devicesNamed(root: XmlElement, name: string): XmlElement[] {
  return children(find(root, 'devices'), name);
}

export function archOf(root: XmlElement): string {
  return find(root, 'os/type')?.getAttribute('arch') || 'x86_64';
}

export function machineOf(root: XmlElement): string {
  return find(root, 'os/type')?.getAttribute('machine') ?? '';
}

/** q35 (Q35 + ICH9) rather than pc (i440FX + PIIX): no IDE bus, has SMM and an iTCO watchdog. */
export function isQ35(root: XmlElement): boolean {
  return /q35/.test(machineOf(root));
}
