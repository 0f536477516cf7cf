import { describe, expect, it } from 'vitest';
import {
  cloneDisks,
  cloneDomainXml,
  cloneName,
  cloneProblem,
  hasTpmEmulator,
  isUefi,
  nvramOf,
} from '../../../main/model/clone-plan';
import { attr, child, find, findAll, type XmlElement } from '../../../main/model/xml';
import { expectOnlyChanged, rootOf } from '../../support/domain-xml-diff';
import { FIXTURES, fixture } from './domain-edit-fixtures';

const copiedTo = (target: string) => `/pool/clone-${target}.qcow2`;

/** the elements a clone may change: name, uuid, NIC macs, the copied disks, the nvram */
const touched = (copied: Set<string>) => (r: XmlElement) => [
  ...findAll(r, 'name'),
  ...findAll(r, 'uuid'),
  ...findAll(r, 'devices/interface').flatMap((n) => findAll(n, 'mac')),
  ...findAll(r, 'devices/disk').filter((d) => copied.has(attr(child(d, 'target'), 'dev') ?? '')),
  ...findAll(r, 'os/nvram'),
];

describe.each(FIXTURES.filter((f) => f.name.endsWith('.dumpxml')))('a clone of $name', ({ xml }) => {
  const disks = cloneDisks(xml);
  const copied = disks.filter((d) => d.copied);
  const spec = {
    name: 'kvmdesk-test-clone',
    disks: Object.fromEntries(copied.map((d) => [d.target, { path: copiedTo(d.target), format: 'qcow2' }])),
    nvram: nvramOf(xml) ? '/nvram/kvmdesk-test-clone_VARS.fd' : undefined,
  };
  const after = cloneDomainXml(xml, spec);
  const root = rootOf(after);

  it('changes only the name, uuid, MACs, the writable disks and the NVRAM path', () => {
    expectOnlyChanged(xml, after, touched(new Set(copied.map((d) => d.target))));
  });

  it('has the new name, no uuid and no MAC (libvirt makes them)', () => {
    expect(child(root, 'name')?.textContent).toBe('kvmdesk-test-clone');
    expect(child(root, 'uuid')).toBeUndefined();
    expect(findAll(root, 'devices/interface').length).toBeGreaterThan(0);
    expect(findAll(root, 'devices/interface').flatMap((n) => findAll(n, 'mac'))).toEqual([]);
  });

  it('points every writable disk at its copy and shares CD/DVDs as they were', () => {
    expect(copied.length).toBeGreaterThan(0);
    for (const d of findAll(root, 'devices/disk')) {
      const target = attr(child(d, 'target'), 'dev')!;
      const was = disks.find((x) => x.target === target)!;
      const file = attr(child(d, 'source'), 'file');
      if (was.copied) {
        expect(file).toBe(copiedTo(target));
        expect(attr(child(d, 'driver'), 'type')).toBe('qcow2');
      } else {
        expect(attr(d, 'device')).toBe('cdrom');
        expect(file).toBe(was.path);
      }
    }
  });

  it('puts a UEFI guest’s variables on the new path', () => {
    if (spec.nvram) expect(find(root, 'os/nvram')?.textContent).toBe(spec.nvram);
  });
});

describe('what a clone copies and shares', () => {
  it('copies fx1’s three writable disks (qcow2 and raw), shares its CD/DVD; its TPM is software', () => {
    const disks = cloneDisks(fixture('fx1.dumpxml'));
    expect(disks.filter((d) => d.copied).map((d) => d.target)).toEqual(['vda', 'sda', 'sdb']);
    expect(disks.find((d) => d.target === 'sdc')).toMatchObject({ copied: false });
    expect(hasTpmEmulator(fixture('fx1.dumpxml'))).toBe(true);
    expect(hasTpmEmulator(fixture('fx2.dumpxml'))).toBe(false);
    // fx1: autoselected firmware (no <nvram> until it starts); fx3: a pinned OVMF with its <nvram>
    expect([isUefi(fixture('fx1.dumpxml')), nvramOf(fixture('fx1.dumpxml'))]).toEqual([true, undefined]);
    expect(nvramOf(fixture('fx3.dumpxml'))).toBe('/var/lib/libvirt/qemu/nvram/kvmdesk-test-fx3_VARS.fd');
    expect(isUefi(fixture('fx2.dumpxml'))).toBe(false);
  });

  it('shares read-only, shareable and ISO disks; refuses a writable block device in words', () => {
    const xml = `<domain type='kvm'><name>g</name><devices>
      <disk type='file' device='disk'><source file='/a.qcow2'/><target dev='vda'/><readonly/></disk>
      <disk type='file' device='disk'><source file='/b.raw'/><target dev='vdb'/><shareable/></disk>
      <disk type='file' device='disk'><source file='/c.iso'/><target dev='vdc'/></disk>
      <disk type='volume' device='disk'><source pool='p' volume='d.qcow2'/><target dev='vdd'/></disk>
      <disk type='block' device='disk'><source dev='/dev/sdz'/><target dev='vde'/></disk>
    </devices></domain>`;
    const disks = cloneDisks(xml);
    expect(disks.map((d) => d.copied)).toEqual([false, false, false, true, false]);
    expect(disks[3].volume).toEqual({ pool: 'p', name: 'd.qcow2' });
    expect(cloneProblem(disks)).toMatch(/vde is a block disk, which KVM Desk cannot copy/);
    const after = rootOf(
      cloneDomainXml(xml, { name: 'g2', disks: { vdd: { path: '/p/g2.qcow2', format: 'qcow2' } } }),
    );
    const vdd = findAll(after, 'devices/disk')[3];
    expect(attr(vdd, 'type')).toBe('file');
    expect(attr(child(vdd, 'source'), 'file')).toBe('/p/g2.qcow2');
    expect(attr(child(vdd, 'source'), 'pool')).toBeUndefined();
  });

  it('drops an SMBIOS uuid entry with the uuid (libvirt refuses a mismatch)', () => {
    const xml = `<domain><name>g</name><uuid>u</uuid><sysinfo type='smbios'><system>
      <entry name='uuid'>u</entry><entry name='product'>p</entry></system></sysinfo></domain>`;
    const after = rootOf(cloneDomainXml(xml, { name: 'g2', disks: {} }));
    expect(findAll(after, 'sysinfo/system/entry').map((e) => attr(e, 'name'))).toEqual(['product']);
  });

  it('names a clone NAME-clone, then NAME-clone-2, ... within the name limit', () => {
    expect(cloneName('web', new Set())).toBe('web-clone');
    expect(cloneName('web', new Set(['web-clone', 'web-clone-2']))).toBe('web-clone-3');
    expect(cloneName('x'.repeat(64), new Set()).length).toBeLessThanOrEqual(64);
  });
});
