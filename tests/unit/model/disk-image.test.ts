// The pure half of reading a disk image's format: qemu-img's JSON and libvirt's volume XML -> DiskImage,
// the header sniff for what libvirt reports as raw, the refusal messages, and the backing chain in the
// domain XML. (tests/integration/create/disk-format.test.ts runs it all on real files.)
import { describe, expect, it } from 'vitest';
import { chooseHardware } from '../../../main/model/defaults';
import {
  attachProblem,
  formatName,
  parseQemuImgInfo,
  parseVolumeXml,
  sniffFormat,
} from '../../../main/model/disk-image';
import { buildDomainXml } from '../../../main/model/domain-build';
import { validateCreateSpec } from '../../../main/model/validate-create';
import { attr, child, findAll, parseXml, type XmlElement } from '../../../main/model/xml';
import { testSpec } from '../../support/create-spec';
import { db, hostFor } from './build-for';

// what qemu-img 7.2 prints for a qcow2 with two layers below it (trimmed)
const CHAIN = JSON.stringify([
  {
    'backing-filename-format': 'qcow2',
    'virtual-size': 1048576,
    filename: 'top.qcow2',
    format: 'qcow2',
    'full-backing-filename': '/d/mid.qcow2',
    'backing-filename': '/d/mid.qcow2',
  },
  {
    'backing-filename-format': 'raw',
    'virtual-size': 1048576,
    filename: '/d/mid.qcow2',
    format: 'qcow2',
    'full-backing-filename': '/d/base.img',
    'backing-filename': 'base.img',
  },
  { 'virtual-size': 1048576, filename: '/d/base.img', format: 'raw' },
]);

describe('qemu-img info JSON', () => {
  it('reads a chain from the image down to its base, with each layer format', () => {
    expect(parseQemuImgInfo(CHAIN, '/d/top.qcow2')).toEqual({
      path: '/d/top.qcow2',
      format: 'qcow2',
      virtualSizeBytes: 1048576,
      backing: [
        { path: '/d/mid.qcow2', format: 'qcow2' },
        // the absolute path the layer above names, not the relative one written in its header
        { path: '/d/base.img', format: 'raw' },
      ],
    });
  });

  it('reads one image without --backing-chain, keeping the backing file its header names', () => {
    const one = JSON.parse(CHAIN)[1];
    expect(parseQemuImgInfo(JSON.stringify(one), '/d/mid.qcow2')).toMatchObject({
      format: 'qcow2',
      backing: [{ path: '/d/base.img', format: 'raw' }],
    });
    expect(
      parseQemuImgInfo(
        JSON.stringify({ filename: '/d/x.vdi', format: 'vdi', 'virtual-size': 5 }),
        '/d/x.vdi',
      ),
    ).toEqual({ path: '/d/x.vdi', format: 'vdi', virtualSizeBytes: 5, backing: [] });
  });

  it('rejects output without a format', () => {
    expect(() => parseQemuImgInfo('{"filename":"/x"}', '/x')).toThrow(/format/);
    expect(() => parseQemuImgInfo('[]', '/x')).toThrow();
  });
});

describe("libvirt's volume XML", () => {
  it('reads the path, format, capacity and the backing layer', () => {
    const xml = `<volume type='file'><name>top.qcow2</name><capacity unit='bytes'>1048576</capacity>
      <target><path>/d/top.qcow2</path><format type='qcow2'/></target>
      <backingStore><path>/d/base.qcow2</path><format type='qcow2'/></backingStore></volume>`;
    expect(parseVolumeXml(xml)).toEqual({
      path: '/d/top.qcow2',
      format: 'qcow2',
      virtualSizeBytes: 1048576,
      backing: { path: '/d/base.qcow2', format: 'qcow2' },
    });
  });

  it("names formats as qemu-img does (libvirt's ploop is parallels)", () => {
    const xml = `<volume><capacity>1</capacity><target><path>/d/x.hds</path><format type='ploop'/></target></volume>`;
    expect(parseVolumeXml(xml)).toMatchObject({ format: 'parallels', backing: undefined });
  });
});

describe('header sniff (for what libvirt reports as raw)', () => {
  const at = (offset: number, bytes: Buffer | string) => {
    const b = Buffer.alloc(512);
    Buffer.from(bytes as string, typeof bytes === 'string' ? 'latin1' : undefined).copy(b, offset);
    return b;
  };
  it('finds VHDX, VHD, VMDK, VDI, QED, qcow2 and qcow headers; nothing in raw data', () => {
    expect(sniffFormat(at(0, 'vhdxfile'))).toBe('vhdx');
    expect(sniffFormat(at(0, 'conectix'))).toBe('vpc');
    expect(sniffFormat(at(0, 'KDMV'))).toBe('vmdk');
    expect(sniffFormat(at(0x40, Buffer.from([0x7f, 0x10, 0xda, 0xbe])))).toBe('vdi');
    expect(sniffFormat(at(0, 'QED\0'))).toBe('qed');
    expect(sniffFormat(at(0, Buffer.from([0x51, 0x46, 0x49, 0xfb, 0, 0, 0, 3])))).toBe('qcow2');
    expect(sniffFormat(at(0, Buffer.from([0x51, 0x46, 0x49, 0xfb, 0, 0, 0, 1])))).toBe('qcow');
    expect(sniffFormat(Buffer.alloc(512))).toBeUndefined();
    expect(sniffFormat(Buffer.alloc(0))).toBeUndefined();
  });
});

describe('what is attached', () => {
  it('attaches qcow2 and raw, with qcow2 or raw backing files', () => {
    expect(attachProblem({ path: '/d/a.img', format: 'raw', backing: [] })).toBeUndefined();
    expect(
      attachProblem({ path: '/d/a.qcow2', format: 'qcow2', backing: [{ path: '/d/b.img', format: 'raw' }] }),
    ).toBeUndefined();
  });

  it('refuses any other format, naming it and saying how to convert', () => {
    expect(attachProblem({ path: '/home/me/Win 10.vdi', format: 'vdi', backing: [] })).toBe(
      "This disk is a VirtualBox VDI image. KVM Desk attaches only qcow2 and raw images; convert it first: qemu-img convert -p -O qcow2 '/home/me/Win 10.vdi' '/home/me/Win 10.qcow2'",
    );
    for (const [format, name] of [
      ['vmdk', 'VMware VMDK'],
      ['vpc', 'VHD'],
      ['vhdx', 'Hyper-V VHDX'],
      ['qed', 'QED'],
      ['parallels', 'Parallels'],
    ])
      expect(attachProblem({ path: '/d/x', format, backing: [] })).toContain(name);
    expect(formatName('cow')).toBe('a cow image');
  });

  it('refuses a qcow2 whose backing file is in another format, naming that file', () => {
    expect(
      attachProblem({
        path: '/d/a.qcow2',
        format: 'qcow2',
        backing: [{ path: '/d/base.vmdk', format: 'vmdk' }],
      }),
    ).toMatch(/based on \/d\/base\.vmdk, which is a VMware VMDK image/);
  });
});

describe("validation of an import's format", () => {
  const problems = (importDiskProblem?: string, exists = true) =>
    validateCreateSpec(testSpec('old', { kind: 'import', path: '/images/old.vdi' }, { memoryMiB: 512 }), {
      hostMemoryKiB: 8 * 1024 * 1024,
      hostCpus: 2,
      existingNames: new Set(),
      systemConnection: true,
      fileCheck: () => ({ exists, isFile: exists, readableByQemu: exists }),
      importDiskProblem,
    });

  it('shows the refusal under the disk field', () => {
    const why = attachProblem({ path: '/images/old.vdi', format: 'vdi', backing: [] });
    expect(problems(why)).toEqual([{ field: 'source.path', severity: 'error', message: why }]);
    expect(problems(undefined)).toEqual([]);
  });

  it('says first that a missing file is missing', () => {
    expect(problems('unused', false).map((p) => p.message)).toEqual(['/images/old.vdi does not exist.']);
  });
});

describe('the domain XML of an imported disk', () => {
  it('declares each backing layer with its format, ending in an empty backingStore', () => {
    const xml = buildDomainXml({
      name: 'kvmdesk-test-chain',
      domainType: 'qemu',
      memoryMiB: 256,
      vcpus: 1,
      hardware: chooseHardware({ db, host: hostFor('qemu') }),
      disk: {
        path: '/d/top.qcow2',
        format: 'qcow2',
        backing: [
          { path: '/d/mid.qcow2', format: 'qcow2' },
          { path: '/d/base.img', format: 'raw' },
        ],
      },
      boot: 'hd',
      network: { kind: 'none' },
      install: { kind: 'import', source: '/d/top.qcow2' },
    });
    const doc = parseXml(xml).documentElement!;
    const [disk] = findAll(doc, 'devices/disk').filter((d) => d.getAttribute('device') === 'disk');
    const layers = [];
    for (let bs: XmlElement | undefined = child(disk, 'backingStore'); bs; bs = child(bs, 'backingStore'))
      layers.push({
        type: attr(bs, 'type'),
        format: attr(child(bs, 'format'), 'type'),
        source: attr(child(bs, 'source'), 'file'),
      });
    expect(layers).toEqual([
      { type: 'file', format: 'qcow2', source: '/d/mid.qcow2' },
      { type: 'file', format: 'raw', source: '/d/base.img' },
      { type: undefined, format: undefined, source: undefined },
    ]);
  });
});
