import { describe, expect, it } from 'vitest';
import {
  addCdrom,
  addDisk,
  type CdromBus,
  type DiskBus,
  diskDeviceXml,
  freeDiskTarget,
  removeDisk,
  setCdromMedia,
} from '../../../main/model/domain-edit';
import { attr, child, findAll, parseXml, type XmlElement } from '../../../main/model/xml';
import { expectOnlyChanged, previousElement, rootOf } from '../../support/domain-xml-diff';
import { expectValidDomain } from '../../support/virt-xml-validate';
import { FIXTURES, fixture } from './domain-edit-fixtures';

const disks = (r: XmlElement) => findAll(r, 'devices/disk');
const targets = (xml: string) => disks(rootOf(xml)).map((d) => attr(child(d, 'target'), 'dev'));
const diskAt = (target: string) => (r: XmlElement) =>
  disks(r).filter((d) => attr(child(d, 'target'), 'dev') === target);
const scsiControllers = (r: XmlElement) =>
  findAll(r, 'devices/controller').filter((c) => attr(c, 'type') === 'scsi');

describe.each(FIXTURES)('disks of $name', ({ name, xml }) => {
  const q35 = !name.startsWith('fx2');

  for (const bus of ['virtio', 'sata', 'scsi', 'usb'] as DiskBus[]) {
    it(`adds a qcow2 file on ${bus} under the first free name, after the last disk`, () => {
      const dev = freeDiskTarget(xml, bus);
      expect(targets(xml)).not.toContain(dev);
      expect(dev).toMatch(bus === 'virtio' ? /^vd[a-z]$/ : /^sd[a-z]$/);
      const after = addDisk(xml, {
        source: { file: '/var/lib/libvirt/images/new disk.qcow2' },
        format: 'qcow2',
        bus,
      });
      const hadScsi = scsiControllers(rootOf(xml)).length > 0;
      expectOnlyChanged(xml, after, (r) => [...diskAt(dev)(r), ...(hadScsi ? [] : scsiControllers(r))]);
      const [disk] = diskAt(dev)(rootOf(after));
      expect(attr(child(disk, 'target'), 'bus')).toBe(bus);
      expect(attr(child(disk, 'source'), 'file')).toBe('/var/lib/libvirt/images/new disk.qcow2');
      expect(attr(child(disk, 'driver'), 'type')).toBe('qcow2');
      expect(previousElement(disk)?.tagName).toBe('disk');
      // a SCSI disk brings its controller when the guest has none
      if (bus === 'scsi') {
        expect(scsiControllers(rootOf(after)).map((c) => attr(c, 'model'))).toEqual(
          hadScsi ? scsiControllers(rootOf(xml)).map((c) => attr(c, 'model')) : ['virtio-scsi'],
        );
      }
      expectValidDomain(after);
    });
  }

  it('adds a raw pool volume', () => {
    const after = addDisk(xml, {
      source: { pool: 'default', volume: 'data.raw' },
      format: 'raw',
      bus: 'virtio',
    });
    const dev = freeDiskTarget(xml, 'virtio');
    expectOnlyChanged(xml, after, diskAt(dev));
    const [disk] = diskAt(dev)(rootOf(after));
    expect(attr(disk, 'type')).toBe('volume');
    expect([attr(child(disk, 'source'), 'pool'), attr(child(disk, 'source'), 'volume')]).toEqual([
      'default',
      'data.raw',
    ]);
    expectValidDomain(after);
  });

  it('names each new disk after the last, on a shared sd.. namespace', () => {
    let x = xml;
    const before = targets(xml).filter((t) => t?.startsWith('sd')).length;
    for (let i = 0; i < 3; i++) {
      x = addDisk(x, {
        source: { file: `/images/d${i}.qcow2` },
        format: 'qcow2',
        bus: i % 2 ? 'sata' : 'usb',
      });
    }
    const sd = targets(x).filter((t) => t?.startsWith('sd'));
    expect(new Set(sd).size).toBe(before + 3);
    expectValidDomain(x);
  });

  for (const bus of ['sata', 'scsi', 'ide', 'usb'] as CdromBus[]) {
    it(`adds an empty CD/DVD drive on ${bus}${bus === 'ide' && q35 ? ' (refused on Q35)' : ''}`, () => {
      if (bus === 'ide' && q35) {
        expect(() => addCdrom(xml, bus)).toThrow('Q35 guests have no IDE bus: use SATA.');
        return;
      }
      const dev = freeDiskTarget(xml, bus);
      const after = addCdrom(xml, bus);
      const hadScsi = scsiControllers(rootOf(xml)).length > 0;
      expectOnlyChanged(xml, after, (r) => [...diskAt(dev)(r), ...(hadScsi ? [] : scsiControllers(r))]);
      const [drive] = diskAt(dev)(rootOf(after));
      expect(attr(drive, 'device')).toBe('cdrom');
      expect(child(drive, 'source')).toBeUndefined();
      expect(child(drive, 'readonly')).toBeDefined();
      expectValidDomain(after);
      // and the existing media edit works on it
      const inserted = setCdromMedia(after, dev, '/isos/debian.iso');
      expect(attr(child(diskAt(dev)(rootOf(inserted))[0], 'source'), 'file')).toBe('/isos/debian.iso');
      expectValidDomain(inserted);
    });
  }

  it('removes each disk and CD/DVD drive, and only it', () => {
    for (const dev of targets(xml)) {
      const after = removeDisk(xml, dev!);
      const { before, after: left } = expectOnlyChanged(xml, after, diskAt(dev!));
      expect(before.length).toBeGreaterThan(0);
      expect(left).toEqual([]);
      expectValidDomain(after);
    }
  });

  it('gives one drive’s <disk> alone for a live attach or detach', () => {
    const dev = targets(xml)[0]!;
    const el = parseXml(diskDeviceXml(xml, dev)).documentElement!;
    expect(el.tagName).toBe('disk');
    expect(attr(child(el, 'target'), 'dev')).toBe(dev);
  });

  it('refuses in the user’s words', () => {
    const first = disks(rootOf(xml)).find((d) => attr(child(d, 'source'), 'file'))!;
    const file = attr(child(first, 'source'), 'file')!;
    const dev = attr(child(first, 'target'), 'dev');
    expect(() => addDisk(xml, { source: { file }, format: 'qcow2', bus: 'virtio' })).toThrow(
      `This guest already uses ${file} (as ${dev}).`,
    );
    expect(() =>
      addDisk(xml, { source: { file: 'relative.qcow2' }, format: 'qcow2', bus: 'virtio' }),
    ).toThrow(/full path/);
    expect(() =>
      addDisk(xml, { source: { file: '/a.vmdk' }, format: 'vmdk' as 'raw', bus: 'virtio' }),
    ).toThrow('KVM Desk attaches qcow2 and raw disks, not vmdk.');
    expect(() => removeDisk(xml, 'vdz')).toThrow('This guest has no disk or CD/DVD drive vdz.');
    expect(() => diskDeviceXml(xml, 'vdz')).toThrow(/no disk/);
  });
});

describe('a pc guest’s IDE bus (fx2)', () => {
  it('holds four drives, then says to use SATA', () => {
    let x = fixture('fx2.dumpxml');
    for (let i = 0; i < 3; i++) x = addCdrom(x, 'ide');
    expect(targets(x).filter((t) => t?.startsWith('hd'))).toEqual(['hda', 'hdb', 'hdc', 'hdd']);
    expectValidDomain(x);
    expect(() => addCdrom(x, 'ide')).toThrow(
      'The IDE bus holds 4 drives, and this guest has them all: use SATA.',
    );
  });
});

describe('a guest without USB (controller model none)', () => {
  it('refuses a USB disk', () => {
    const xml = fixture('fx2.print').replace('model="qemu-xhci" ports="15"', 'model="none"');
    expect(() => addDisk(xml, { source: { file: '/a.raw' }, format: 'raw', bus: 'usb' })).toThrow(
      /no USB controller/,
    );
  });
});
