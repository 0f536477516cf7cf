// Network cards, edited in place in <devices><interface>. A card is known by its MAC address (unique
// within the guest); a new card without one gets libvirt's own (52:54:00:...) when it is defined.
//
// Exports:
//   NicModel, NicSource, NewNic
//   addNic(xml, nic): string                         a card on a virtual network or a host bridge
//   removeNic(xml, mac): string
//   setNicLinkState(xml, mac, 'up'|'down'): string   <link state>: the cable plugged in or pulled
//   setNicModel(xml, mac, model): string             <model type>
//   setNicSource(xml, mac, source): string           type network/bridge and its <source>
//   nicDeviceXml(xml, mac): string                   that card's <interface> alone, for a live update
//   normaliseMac(mac): string                        checked, lower case (throws DomainEditError)
import { addDevice, DomainEditError, devicesNamed, editDomain, insertInOrder } from './domain-edit-core';
import { attr, child, h, parseXml, removeElement, serializeXml, setAttr, type XmlElement } from './xml';

export type NicModel = 'virtio' | 'e1000e' | 'e1000' | 'rtl8139';
export type NicSource = { network: string } | { bridge: string };
export type NewNic = NicSource & { model: NicModel; mac?: string };

const MODELS: readonly NicModel[] = ['virtio', 'e1000e', 'e1000', 'rtl8139'];
// the order libvirt writes <interface>'s children in
const INTERFACE_ORDER = [
  'mac',
  'source',
  'virtualport',
  'ip',
  'route',
  'script',
  'downscript',
  'backenddomain',
  'target',
  'guest',
  'model',
  'driver',
  'backend',
  'filterref',
  'tune',
  'teaming',
  'link',
  'mtu',
  'bandwidth',
  'vlan',
  'port',
  'coalesce',
  'boot',
  'rom',
  'address',
];

export function normaliseMac(mac: string): string {
  const m = mac.trim().toLowerCase();
  if (!/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/.test(m)) {
    throw new DomainEditError(
      `"${mac}" is not a MAC address: six pairs of hex digits, such as 52:54:00:12:34:56.`,
    );
  }
  if (Number.parseInt(m.slice(0, 2), 16) & 1) {
    throw new DomainEditError(
      `${m} is a multicast address (its first byte is odd); a network card needs a unicast one.`,
    );
  }
  if (m === '00:00:00:00:00:00') throw new DomainEditError('00:00:00:00:00:00 is not a usable MAC address.');
  return m;
}

function macOf(n: XmlElement): string | undefined {
  return attr(child(n, 'mac'), 'address')?.toLowerCase();
}

function nicAt(root: XmlElement, mac: string): XmlElement {
  const m = mac.trim().toLowerCase();
  const nic = devicesNamed(root, 'interface').find((n) => macOf(n) === m);
  if (!nic) throw new DomainEditError(`This guest has no network card with MAC address ${mac}.`);
  return nic;
}

function checkModel(model: string): void {
  if (!MODELS.includes(model as NicModel)) {
    throw new DomainEditError(`"${model}" is not a network card model: choose ${MODELS.join(', ')}.`);
  }
}

function sourceOf(source: NicSource): { type: 'network' | 'bridge'; attrs: Record<string, string> } {
  if ('network' in source) {
    if (!/^[^/\s]+$/.test(source.network)) {
      throw new DomainEditError(`"${source.network}" is not a virtual network's name.`);
    }
    return { type: 'network', attrs: { network: source.network } };
  }
  // IFNAMSIZ: a Linux interface name is at most 15 characters, no slash or space
  if (!/^[^/\s:]{1,15}$/.test(source.bridge)) {
    throw new DomainEditError(
      `"${source.bridge}" is not a host bridge's name (such as br0, up to 15 characters).`,
    );
  }
  return { type: 'bridge', attrs: { bridge: source.bridge } };
}

export function addNic(xml: string, nic: NewNic): string {
  checkModel(nic.model);
  const { type, attrs } = sourceOf(nic);
  const mac = nic.mac === undefined ? undefined : normaliseMac(nic.mac);
  return editDomain(xml, (root) => {
    if (mac && devicesNamed(root, 'interface').some((n) => macOf(n) === mac)) {
      throw new DomainEditError(`Another network card of this guest already has the MAC address ${mac}.`);
    }
    addDevice(
      root,
      h(
        'interface',
        { type },
        mac !== undefined && h('mac', { address: mac }),
        h('source', attrs),
        h('model', { type: nic.model }),
      ),
    );
  });
}

export function removeNic(xml: string, mac: string): string {
  return editDomain(xml, (root) => removeElement(nicAt(root, mac)));
}

export function setNicLinkState(xml: string, mac: string, state: 'up' | 'down'): string {
  if (state !== 'up' && state !== 'down') throw new DomainEditError(`A link is up or down, not ${state}.`);
  return editDomain(xml, (root) => {
    const nic = nicAt(root, mac);
    const link = child(nic, 'link') ?? insertInOrder(nic, h('link'), INTERFACE_ORDER);
    setAttr(link, 'state', state);
  });
}

export function setNicModel(xml: string, mac: string, model: NicModel): string {
  checkModel(model);
  return editDomain(xml, (root) => {
    const nic = nicAt(root, mac);
    const el = child(nic, 'model') ?? insertInOrder(nic, h('model'), INTERFACE_ORDER);
    const was = attr(el, 'type');
    setAttr(el, 'type', model);
    // <driver> (vhost, queues, offloads) tunes virtio-net; libvirt refuses most of it for other models
    const driver = child(nic, 'driver');
    if (driver && was === 'virtio' && model !== 'virtio') removeElement(driver);
  });
}

export function setNicSource(xml: string, mac: string, source: NicSource): string {
  const { type, attrs } = sourceOf(source);
  return editDomain(xml, (root) => {
    const nic = nicAt(root, mac);
    setAttr(nic, 'type', type);
    const old = child(nic, 'source');
    // a source is replaced whole: portgroup, portid and the like belong to the old one
    const el = old ?? insertInOrder(nic, h('source'), INTERFACE_ORDER);
    for (const a of Array.from(el.attributes ?? [])) el.removeAttribute(a.name);
    for (const c of Array.from(el.childNodes ?? [])) el.removeChild(c);
    for (const [k, v] of Object.entries(attrs)) setAttr(el, k, v);
  });
}

export function nicDeviceXml(xml: string, mac: string): string {
  return serializeXml(nicAt(parseXml(xml).documentElement!, mac));
}
