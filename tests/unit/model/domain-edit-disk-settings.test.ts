// A disk's bus, cache, discard and read-only flag, edited in place on guests virt-install and libvirt
// made: only that <disk> changes (and a SCSI controller when the new bus needs one), the result validates.
import { describe, expect, it } from 'vitest';
import { addDisk, setDiskSettings } from '../../../main/model/domain-edit';
import { attr, child, findAll, type XmlElement } from '../../../main/model/xml';
import { expectOnlyChanged, rootOf } from '../../support/domain-xml-diff';
import { expectValidDomain } from '../../support/virt-xml-validate';
import { FIXTURES, fixture } from './domain-edit-fixtures';

const disks = (r: XmlElement) => findAll(r, 'devices/disk');
const firstDisk = (xml: string) =>
  disks(rootOf(xml)).find((d) => (attr(d, 'device') ?? 'disk') === 'disk' && child(d, 'source'))!;
const devOf = (d: XmlElement) => attr(child(d, 'target'), 'dev')!;
const byDev = (dev: string) => (r: XmlElement) => disks(r).filter((d) => devOf(d) === dev);
const scsi = (r: XmlElement) => findAll(r, 'devices/controller').filter((c) => attr(c, 'type') === 'scsi');

describe.each(FIXTURES)('disk settings on $name', ({ xml }) => {
  const dev = devOf(firstDisk(xml));

  it('sets cache and discard on the driver, and back to the default (attribute removed)', () => {
    const after = setDiskSettings(xml, dev, { cache: 'writeback', discard: 'ignore' });
    expectOnlyChanged(xml, after, byDev(dev));
    const driver = child(byDev(dev)(rootOf(after))[0], 'driver');
    expect([attr(driver, 'cache'), attr(driver, 'discard'), attr(driver, 'name')]).toEqual([
      'writeback',
      'ignore',
      'qemu',
    ]);
    expectValidDomain(after);
    const back = setDiskSettings(after, dev, { cache: 'default', discard: 'default' });
    const d2 = child(byDev(dev)(rootOf(back))[0], 'driver');
    expect([attr(d2, 'cache'), attr(d2, 'discard')]).toEqual([undefined, undefined]);
    expectValidDomain(back);
  });

  it('makes a disk read-only and writable again (on SATA refused: see below)', () => {
    if (attr(child(firstDisk(xml), 'target'), 'bus') === 'sata') {
      expect(() => setDiskSettings(xml, dev, { readonly: true })).toThrow(/SATA disk cannot be read-only/);
      return;
    }
    const ro = setDiskSettings(xml, dev, { readonly: true });
    expectOnlyChanged(xml, ro, byDev(dev));
    expect(child(byDev(dev)(rootOf(ro))[0], 'readonly')).toBeDefined();
    expectValidDomain(ro);
    const rw = setDiskSettings(ro, dev, { readonly: false });
    expect(child(byDev(dev)(rootOf(rw))[0], 'readonly')).toBeUndefined();
    // what the two edits touched is back as it was
    expectOnlyChanged(xml, rw, () => []);
  });

  it('moves the disk to another bus: a name on that bus, its old <address> dropped', () => {
    const bus = attr(child(firstDisk(xml), 'target'), 'bus') === 'virtio' ? 'scsi' : 'virtio';
    const after = setDiskSettings(xml, dev, { bus });
    const hadScsi = scsi(rootOf(xml)).length > 0;
    const moved = disks(rootOf(after)).find(
      (d) => attr(child(d, 'source'), 'file') === attr(child(firstDisk(xml), 'source'), 'file'),
    )!;
    const newDev = devOf(moved);
    expect(newDev).toMatch(bus === 'virtio' ? /^vd[a-z]$/ : /^sd[a-z]$/);
    expect(attr(child(moved, 'target'), 'bus')).toBe(bus);
    expect(child(moved, 'address')).toBeUndefined();
    expectOnlyChanged(xml, after, (r) => [
      ...byDev(dev)(r),
      ...byDev(newDev)(r),
      ...(hadScsi || bus !== 'scsi' ? [] : scsi(r)),
    ]);
    expectValidDomain(after);
  });

  it('leaves everything as it was when nothing is named', () => {
    expectOnlyChanged(xml, setDiskSettings(xml, dev, {}), () => []);
  });

  it('refuses in the user’s words', () => {
    expect(() => setDiskSettings(xml, 'vdz', { cache: 'none' })).toThrow(
      'This guest has no disk or CD/DVD drive vdz.',
    );
    const cd = disks(rootOf(xml)).find((d) => attr(d, 'device') === 'cdrom');
    if (cd) expect(() => setDiskSettings(xml, devOf(cd), { cache: 'none' })).toThrow(/is not a disk/);
    expect(() => setDiskSettings(xml, dev, { cache: 'fast' as 'none' })).toThrow(/not a cache mode/);
    expect(() => setDiskSettings(xml, dev, { bus: 'ide' as 'sata' })).toThrow(/not a disk bus/);
  });
});

describe('sata <-> scsi (fx2: a pc guest’s SATA disk)', () => {
  it('keeps its sdX name and gets a virtio-scsi controller', () => {
    const xml = fixture('fx2.dumpxml');
    const after = setDiskSettings(xml, 'sda', { bus: 'scsi' });
    const [disk] = byDev('sda')(rootOf(after));
    expect(attr(child(disk, 'target'), 'bus')).toBe('scsi');
    expect(scsi(rootOf(after)).map((c) => attr(c, 'model'))).toContain('virtio-scsi');
    expectValidDomain(after);
  });

  it('refuses a read-only SATA disk, as libvirt would (“readonly sata disks are not supported”)', () => {
    const xml = fixture('fx2.dumpxml');
    expect(() => setDiskSettings(xml, 'sda', { readonly: true })).toThrow(/A SATA disk cannot be read-only/);
    const ro = setDiskSettings(xml, 'sda', { bus: 'scsi', readonly: true });
    expect(() => setDiskSettings(ro, 'sda', { bus: 'sata' })).toThrow(/A SATA disk cannot be read-only/);
    expect(() => setDiskSettings(ro, 'sda', { bus: 'sata', readonly: false })).not.toThrow();
    expect(() =>
      addDisk(xml, { source: { file: '/x.qcow2' }, format: 'qcow2', bus: 'sata', readonly: true }),
    ).toThrow(/A SATA disk cannot be read-only/);
  });

  it('refuses SATA on a guest that is not a PC', () => {
    const arm = fixture('fx2.dumpxml').replace(/arch='x86_64'/, "arch='aarch64'");
    expect(() => setDiskSettings(arm, 'sda', { bus: 'virtio' })).not.toThrow();
    const v = setDiskSettings(arm, 'sda', { bus: 'virtio' });
    expect(() => setDiskSettings(v, 'vda', { bus: 'sata' })).toThrow(
      'A aarch64 guest has no SATA bus: use VirtIO or SCSI.',
    );
  });
});
