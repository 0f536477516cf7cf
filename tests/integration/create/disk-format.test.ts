// Importing an existing disk: the format is read from the file itself. Real images of each format made by
// qemu-img in a kvmdesk-test temp folder; qcow2 and raw are defined on qemu:///system with the right
// driver type (and a qcow2's backing chain declared), every other format is refused in validation and in
// the create job with its format named, and nothing is defined. The same formats are read through
// libvirt's storage volumes (the remote-host path) from a transient kvmdesk-test pool over the folder.
import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LibvirtConnection } from '../../../main/libvirt/index';
import { attr, child, find, findAll, parseXml, type XmlElement } from '../../../main/model/xml';
import { type CreateDeps, createGuest, validateForCreate } from '../../../main/services/create/index';
import { readDiskImage } from '../../../main/services/disk-format';
import type { CreateVmSpec } from '../../../preload/contract';
import { connect, domainExists, removeGuest, testSpec, virsh } from './support';

const run = promisify(execFile);
const qemuImg = (...a: string[]) => run('qemu-img', a, { timeout: 60_000 });
const dir = mkdtempSync(join(tmpdir(), 'kvmdesk-test-fmt-'));
const POOL = `kvmdesk-test-fmt-${process.pid}`;
const file = (name: string) => join(dir, name);
let conn: LibvirtConnection;
let deps: CreateDeps;
const made: string[] = [];

const REFUSED = [
  { format: 'vdi', words: /VirtualBox VDI image/ },
  { format: 'vmdk', words: /VMware VMDK image/ },
  { format: 'vhdx', words: /Hyper-V VHDX image/ },
  { format: 'vpc', words: /VHD image/ },
  { format: 'qed', words: /QEMU QED image/ },
];

beforeAll(async () => {
  // the hypervisor's user must reach the files for validation's readability check
  chmodSync(dir, 0o755);
  ({ conn, deps } = await connect());
  await qemuImg('create', '-q', '-f', 'raw', file('disk.img'), '8M');
  await qemuImg('create', '-q', '-f', 'qcow2', file('disk.qcow2'), '8M');
  // a chain: overlay -> middle (qcow2) -> base (raw); the middle names its base by a relative path
  await qemuImg('create', '-q', '-f', 'raw', file('base.img'), '8M');
  await run('qemu-img', ['create', '-q', '-f', 'qcow2', '-b', 'base.img', '-F', 'raw', 'mid.qcow2'], {
    cwd: dir,
  });
  await qemuImg('create', '-q', '-f', 'qcow2', '-b', file('mid.qcow2'), '-F', 'qcow2', file('top.qcow2'));
  for (const { format } of REFUSED)
    await qemuImg('convert', '-O', format, file('disk.img'), file(`disk.${format}`));
});
afterAll(async () => {
  for (const name of made) await removeGuest(name);
  await virsh('pool-destroy', POOL).catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
  await conn?.close();
});

const spec = (name: string, path: string): CreateVmSpec => testSpec(name, { kind: 'import', path });

async function importAndRead(path: string, tag: string): Promise<XmlElement> {
  const name = `kvmdesk-test-fmt-${tag}-${process.pid}`;
  made.push(name);
  const s = spec(name, path);
  expect((await validateForCreate(conn, s, deps)).filter((p) => p.severity === 'error')).toEqual([]);
  await createGuest(conn, s, deps);
  const xml = await virsh('dumpxml', '--inactive', name);
  await removeGuest(name);
  const disk = findAll(parseXml(xml).documentElement!, 'devices/disk').find(
    (d) => attr(d, 'device') === 'disk',
  );
  expect(attr(child(disk!, 'source'), 'file')).toBe(path);
  return disk!;
}

describe('importing a disk reads its format from the file', () => {
  it('attaches a raw image as raw', async () => {
    const disk = await importAndRead(file('disk.img'), 'raw');
    expect(attr(child(disk, 'driver'), 'type')).toBe('raw');
  });

  it('attaches a qcow2 image as qcow2', async () => {
    const disk = await importAndRead(file('disk.qcow2'), 'qcow2');
    expect(attr(child(disk, 'driver'), 'type')).toBe('qcow2');
  });

  it("declares a qcow2's backing chain, each layer with its format", async () => {
    const disk = await importAndRead(file('top.qcow2'), 'chain');
    expect(attr(child(disk, 'driver'), 'type')).toBe('qcow2');
    const layers: { format?: string; file?: string }[] = [];
    for (let bs = child(disk, 'backingStore'); bs && find(bs, 'source'); bs = child(bs, 'backingStore'))
      layers.push({ format: attr(child(bs, 'format'), 'type'), file: attr(child(bs, 'source'), 'file') });
    expect(layers).toEqual([
      { format: 'qcow2', file: file('mid.qcow2') },
      { format: 'raw', file: file('base.img') },
    ]);
  });

  for (const { format, words } of REFUSED) {
    it(`refuses a ${format} image, naming its format, and defines nothing`, async () => {
      const name = `kvmdesk-test-fmt-${format}-${process.pid}`;
      const s = spec(name, file(`disk.${format}`));
      const problems = await validateForCreate(conn, s, deps);
      const p = problems.find((x) => x.field === 'source.path');
      expect(p?.severity).toBe('error');
      expect(p?.message).toMatch(words);
      expect(p?.message).toMatch(
        /KVM Desk attaches only qcow2 and raw images; convert it first: qemu-img convert/,
      );
      // the create job refuses too (it is also called without the api's validation)
      await expect(createGuest(conn, s, deps)).rejects.toMatchObject({
        code: 'INVALID_INPUT',
        message: expect.stringMatching(words),
        detail: { field: 'source.path' },
      });
      expect(await domainExists(name)).toBe(false);
    });
  }

  it('refuses a qcow2 whose backing file is a VMDK, naming the backing file', async () => {
    await qemuImg(
      'create',
      '-q',
      '-f',
      'qcow2',
      '-b',
      file('disk.vmdk'),
      '-F',
      'vmdk',
      file('on-vmdk.qcow2'),
    );
    const problems = await validateForCreate(
      conn,
      spec('kvmdesk-test-fmt-onvmdk', file('on-vmdk.qcow2')),
      deps,
    );
    expect(problems.find((x) => x.field === 'source.path')?.message).toMatch(
      new RegExp(`based on ${file('disk.vmdk').replace(/[.]/g, '\\.')}, which is a VMware VMDK image`),
    );
  });

  it('says so when the file cannot be read as a disk image (a missing backing file)', async () => {
    await qemuImg(
      'create',
      '-q',
      '-f',
      'qcow2',
      '-b',
      file('gone.qcow2'),
      '-F',
      'qcow2',
      '-u',
      file('orphan.qcow2'),
      '8M',
    );
    const problems = await validateForCreate(
      conn,
      spec('kvmdesk-test-fmt-orphan', file('orphan.qcow2')),
      deps,
    );
    expect(problems.find((x) => x.field === 'source.path')?.message).toMatch(/could not read the disk image/);
  });
});

describe("reading the format through libvirt's storage volumes (as for a remote host)", () => {
  beforeAll(async () => {
    await virsh('pool-create-as', POOL, 'dir', '--target', dir);
  });

  it('finds the same formats as qemu-img, VHDX included (libvirt itself reports it as raw)', async () => {
    for (const name of ['disk.img', 'disk.qcow2', ...REFUSED.map((r) => `disk.${r.format}`)]) {
      const viaLibvirt = await readDiskImage(conn, file(name), { via: 'libvirt' });
      const viaQemuImg = await readDiskImage(conn, file(name), { via: 'qemu-img' });
      expect({ name, format: viaLibvirt.format }).toEqual({ name, format: viaQemuImg.format });
    }
  });

  it('follows the backing chain volume by volume', async () => {
    const image = await readDiskImage(conn, file('top.qcow2'), { via: 'libvirt' });
    expect(image).toMatchObject({
      format: 'qcow2',
      backing: [
        { path: file('mid.qcow2'), format: 'qcow2' },
        { path: file('base.img'), format: 'raw' },
      ],
    });
  });

  it('says a file outside every storage pool cannot be read this way', async () => {
    await expect(readDiskImage(conn, '/nonexistent/kvmdesk-test.qcow2', { via: 'libvirt' })).rejects.toThrow(
      /only disks in a storage pool/,
    );
  });
});
