import { describe, expect, it } from 'vitest';
import {
  addNic,
  type NicModel,
  nicDeviceXml,
  normaliseMac,
  removeNic,
  setNicLinkState,
  setNicModel,
  setNicSource,
} from '../../../main/model/domain-edit';
import { attr, child, findAll, parseXml, type XmlElement } from '../../../main/model/xml';
import { expectOnlyChanged, previousElement, rootOf } from '../../support/domain-xml-diff';
import { expectValidDomain } from '../../support/virt-xml-validate';
import { FIXTURES } from './domain-edit-fixtures';

const nics = (r: XmlElement) => findAll(r, 'devices/interface');
const macs = (xml: string) => nics(rootOf(xml)).map((n) => attr(child(n, 'mac'), 'address')!);
const nicWith = (mac: string) => (r: XmlElement) =>
  nics(r).filter((n) => attr(child(n, 'mac'), 'address')?.toLowerCase() === mac.toLowerCase());

describe.each(FIXTURES)('network cards of $name', ({ xml }) => {
  const [first] = macs(xml);
  const last = macs(xml)[macs(xml).length - 1];

  it('adds a virtio card on a virtual network with a given MAC, after the last card', () => {
    const after = addNic(xml, { network: 'default', model: 'virtio', mac: '52:54:00:AB:CD:EF' });
    expectOnlyChanged(xml, after, nicWith('52:54:00:ab:cd:ef'));
    const [nic] = nicWith('52:54:00:ab:cd:ef')(rootOf(after));
    expect(attr(nic, 'type')).toBe('network');
    expect(attr(child(nic, 'source'), 'network')).toBe('default');
    expect(attr(child(nic, 'model'), 'type')).toBe('virtio');
    expect(previousElement(nic)?.tagName).toBe('interface');
    expectValidDomain(after);
  });

  it('adds an e1000e card on a host bridge and lets libvirt choose its MAC', () => {
    const after = addNic(xml, { bridge: 'br0', model: 'e1000e' });
    const added = (r: XmlElement) => nics(r).filter((n) => !child(n, 'mac'));
    expectOnlyChanged(xml, after, added);
    expect(attr(child(added(rootOf(after))[0], 'source'), 'bridge')).toBe('br0');
    expectValidDomain(after);
  });

  it('refuses a bad or taken MAC, in the user’s words', () => {
    expect(() => addNic(xml, { network: 'default', model: 'virtio', mac: first.toUpperCase() })).toThrow(
      `Another network card of this guest already has the MAC address ${first}.`,
    );
    expect(() => addNic(xml, { network: 'default', model: 'virtio', mac: '52:54:00:12:34' })).toThrow(
      '"52:54:00:12:34" is not a MAC address: six pairs of hex digits, such as 52:54:00:12:34:56.',
    );
    expect(() => addNic(xml, { network: 'default', model: 'virtio', mac: '01:00:5e:00:00:01' })).toThrow(
      /multicast address/,
    );
    expect(() => addNic(xml, { network: 'default', model: 'pcnet' as NicModel })).toThrow(
      /not a network card model/,
    );
    expect(() => addNic(xml, { bridge: 'a-very-long-bridge-name', model: 'virtio' })).toThrow(/up to 15/);
    expect(() => removeNic(xml, '52:54:00:99:99:99')).toThrow(
      'This guest has no network card with MAC address 52:54:00:99:99:99.',
    );
  });

  it('removes a card by its MAC, and only it', () => {
    const after = removeNic(xml, last);
    const { before, after: left } = expectOnlyChanged(xml, after, nicWith(last));
    expect(before.length).toBeGreaterThan(0);
    expect(left).toEqual([]);
    expect(macs(after)).toEqual(macs(xml).slice(0, -1));
    expectValidDomain(after);
  });

  it('pulls the cable and plugs it back in', () => {
    const down = setNicLinkState(xml, first, 'down');
    expectOnlyChanged(xml, down, nicWith(first));
    expect(attr(child(nicWith(first)(rootOf(down))[0], 'link'), 'state')).toBe('down');
    expectValidDomain(down);
    const up = setNicLinkState(down, first.toUpperCase(), 'up');
    expect(attr(child(nicWith(first)(rootOf(up))[0], 'link'), 'state')).toBe('up');
    expectValidDomain(up);
  });

  it('changes the model, keeping the card’s MAC, source and address', () => {
    const after = setNicModel(xml, first, 'rtl8139');
    const { before, after: now } = expectOnlyChanged(xml, after, nicWith(first));
    expect(now.filter((l) => !l.includes('<model'))).toEqual(before.filter((l) => !l.includes('<model')));
    expect(attr(child(nicWith(first)(rootOf(after))[0], 'model'), 'type')).toBe('rtl8139');
    expectValidDomain(after);
  });

  it('moves a card from its network to a bridge and back', () => {
    const bridged = setNicSource(xml, first, { bridge: 'br1' });
    expectOnlyChanged(xml, bridged, nicWith(first));
    const nic = nicWith(first)(rootOf(bridged))[0];
    expect([attr(nic, 'type'), attr(child(nic, 'source'), 'bridge')]).toEqual(['bridge', 'br1']);
    expect(child(nic, 'source')?.attributes.length).toBe(1);
    expectValidDomain(bridged);
    const back = setNicSource(bridged, first, { network: 'isolated' });
    const again = nicWith(first)(rootOf(back))[0];
    expect([attr(again, 'type'), attr(child(again, 'source'), 'network')]).toEqual(['network', 'isolated']);
    expectValidDomain(back);
  });

  it('gives one card’s <interface> alone for a live update', () => {
    const el = parseXml(nicDeviceXml(setNicLinkState(xml, first, 'down'), first)).documentElement!;
    expect(el.tagName).toBe('interface');
    expect(attr(child(el, 'link'), 'state')).toBe('down');
  });
});

describe('MAC addresses', () => {
  it('are checked and written in lower case', () => {
    expect(normaliseMac(' 52:54:00:AA:bb:0C ')).toBe('52:54:00:aa:bb:0c');
    expect(() => normaliseMac('00:00:00:00:00:00')).toThrow(/not a usable MAC/);
    expect(() => normaliseMac('52-54-00-aa-bb-cc')).toThrow(/not a MAC address/);
  });
});

describe('a virtio card tuned with <driver>', () => {
  it('loses the virtio-only tuning when it becomes an e1000e, and keeps it while virtio', () => {
    const base = addNic(FIXTURES[0].xml, { network: 'default', model: 'virtio', mac: '52:54:00:00:00:42' });
    const tuned = base.replace(
      /(<interface type="network">\s*<mac address="52:54:00:00:00:42"\/>\s*<source network="default"\/>\s*<model type="virtio"\/>)/,
      '$1<driver name="vhost" queues="4"/>',
    );
    expect(tuned).toContain('queues="4"');
    expect(setNicModel(tuned, '52:54:00:00:00:42', 'virtio')).toContain('queues="4"');
    const e1000e = setNicModel(tuned, '52:54:00:00:00:42', 'e1000e');
    expect(child(nicWith('52:54:00:00:00:42')(rootOf(e1000e))[0], 'driver')).toBeUndefined();
    expectValidDomain(e1000e);
  });
});
