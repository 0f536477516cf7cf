import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { chooseHardware, defaultFirmware, HYPERV_KVM } from '../../../main/model/defaults';
import { buildDomainXml, parseDomainXml } from '../../../main/model/domain-xml';
import { attr, find, findAll, parseXml } from '../../../main/model/xml';
import { db, hostFor, xmlFor } from './build-for';
import { hardwareOf } from './hardware-of';
import { CASES, expectedDifferences } from './virt-install-differences';

const fixtures = join(import.meta.dirname, 'fixtures/virt-install');
const tmp = mkdtempSync(join(tmpdir(), 'kvmdesk-test-defaults-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const hasValidator = spawnSync('virt-xml-validate', ['--help']).error === undefined;

function validate(xml: string): { ok: boolean; out: string } {
  const f = join(tmp, `d-${Math.random().toString(36).slice(2)}.xml`);
  writeFileSync(f, xml);
  const r = spawnSync('virt-xml-validate', [f, 'domain'], { encoding: 'utf8' });
  return { ok: r.status === 0, out: `${r.stdout}${r.stderr}` };
}

describe('hardware per OS agrees with virt-install', () => {
  for (const { ours, virtInstall } of CASES) {
    for (const accel of ['kvm', 'qemu'] as const) {
      it(`${ours} (${accel}) matches virt-install --osinfo ${virtInstall}, apart from the documented differences`, () => {
        const theirs = hardwareOf(readFileSync(join(fixtures, `${virtInstall}-${accel}.xml`), 'utf8'));
        const mine = hardwareOf(xmlFor(ours, accel));
        expect(mine).toEqual({ ...theirs, ...expectedDifferences(ours, accel) });
      });
    }
  }
});

describe.skipIf(!hasValidator)(
  "every family's XML is valid against libvirt's schema (virt-xml-validate)",
  () => {
    const ids = [
      'win11',
      'win10',
      'win2k22',
      'debian12',
      'fedora37',
      'ubuntu22.10',
      'freebsd14.0',
      'openbsd7.0',
      undefined,
    ];
    for (const id of ids) {
      for (const accel of ['kvm', 'qemu'] as const) {
        it(`${id ?? 'an unknown OS'} (${accel})`, () => {
          const r = validate(xmlFor(id, accel));
          expect(r.out).toMatch(/validates/);
          expect(r.ok).toBe(true);
        });
      }
    }
    it('Windows 11 with a virtio-win ISO', () => {
      expect(validate(xmlFor('win11', 'qemu', { virtioWinIso: '/isos/virtio-win.iso' })).ok).toBe(true);
    });
  },
);

describe('Windows', () => {
  it('creates a Windows 11 guest with UEFI, Secure Boot with enrolled keys, SMM and a TPM 2.0', () => {
    const xml = xmlFor('win11', 'kvm');
    const root = parseXml(xml).documentElement!;
    const features = findAll(root, 'os/firmware/feature').map(
      (f) => `${attr(f, 'name')}=${attr(f, 'enabled')}`,
    );
    expect(features).toEqual(['secure-boot=yes', 'enrolled-keys=yes']);
    expect(attr(find(root, 'features/smm'), 'state')).toBe('on');
    expect(attr(find(root, 'devices/tpm/backend'), 'version')).toBe('2.0');
    expect(attr(find(root, 'devices/tpm/backend'), 'type')).toBe('emulator');
    expect(findAll(root, 'features/hyperv/*').map((e) => e.tagName)).toEqual(HYPERV_KVM);
    expect(attr(find(root, 'features/hyperv/spinlocks'), 'retries')).toBe('8191');
    const d = parseDomainXml(xml);
    expect(d).toMatchObject({
      firmware: 'efi',
      secureBoot: true,
      tpm: true,
      osId: 'win11',
      osFamily: 'windows',
    });
  });

  it('gives Windows 10 plain UEFI (Secure Boot off) and no TPM', () => {
    const root = parseXml(xmlFor('win10', 'kvm')).documentElement!;
    expect(
      findAll(root, 'os/firmware/feature').map((f) => `${attr(f, 'name')}=${attr(f, 'enabled')}`),
    ).toEqual(['secure-boot=no']);
    expect(find(root, 'devices/tpm')).toBeUndefined();
  });

  it('uses virtio disk and NIC plus a second CD-ROM when a virtio-win ISO is added', () => {
    const plain = parseDomainXml(xmlFor('win11', 'kvm'));
    expect(plain.disks.map((d) => `${d.device}:${d.target}:${d.bus}`)).toEqual([
      'disk:sda:sata',
      'cdrom:sdb:sata',
    ]);
    expect(plain.nics[0].model).toBe('e1000e');
    const withDrivers = parseDomainXml(xmlFor('win11', 'kvm', { virtioWinIso: '/isos/virtio-win.iso' }));
    expect(withDrivers.disks.map((d) => `${d.device}:${d.target}:${d.bus}:${d.path}`)).toEqual([
      'disk:vda:virtio:/var/lib/libvirt/images/kvmdesk-test-vi.qcow2',
      'cdrom:sda:sata:/isos/install.iso',
      'cdrom:sdb:sata:/isos/virtio-win.iso',
    ]);
    expect(withDrivers.nics[0].model).toBe('virtio');
  });

  it('falls back to BIOS, saying why, when the host has no UEFI firmware', () => {
    const os = db.get('win11')!;
    const fw = defaultFirmware({ db, os, host: hostFor('kvm', { efi: false, secureBoot: false }) });
    expect(fw.firmware).toBe('bios');
    expect(fw.reasons[0]).toMatch(/needs UEFI, but this host has no UEFI firmware/);
    const noSb = defaultFirmware({ db, os, host: hostFor('kvm', { secureBoot: false }) });
    expect(noSb).toMatchObject({ firmware: 'uefi', tpm: true });
  });
});

describe('Linux and BSD', () => {
  it('gives Linux virtio everything, BIOS, a guest agent and host-passthrough with KVM', () => {
    const hw = chooseHardware({ db, os: db.get('fedora37'), host: hostFor('kvm') });
    expect(hw).toMatchObject({
      machine: 'q35',
      firmware: 'bios',
      diskBus: 'virtio',
      nicModel: 'virtio',
      video: 'virtio',
      rng: true,
      guestAgent: true,
      cpu: 'host-passthrough',
      clock: 'utc',
    });
  });

  it('under software emulation uses the CPU model the domain capabilities offer', () => {
    const os = db.get('fedora37');
    expect(chooseHardware({ db, os, host: hostFor('qemu') }).cpu).toBe('maximum');
    const noMax = hostFor('qemu', { cpuModes: { hostPassthrough: false, maximum: false, hostModel: true } });
    expect(chooseHardware({ db, os, host: noMax }).cpu).toBe('host-model');
  });

  it('gives the BSDs virtio where osinfo-db says so, on i440FX', () => {
    expect(chooseHardware({ db, os: db.get('freebsd13.1'), host: hostFor('kvm') })).toMatchObject({
      machine: 'pc',
      diskBus: 'virtio',
      nicModel: 'virtio',
      cdromBus: 'ide',
      usb: 'ich9',
      guestAgent: false,
    });
    // NetBSD 9.0: osinfo-db lists no virtio devices
    expect(chooseHardware({ db, os: db.get('netbsd9.0'), host: hostFor('kvm') })).toMatchObject({
      diskBus: 'sata',
      nicModel: 'e1000',
    });
  });

  it('picks devices every OS drives when the OS is unknown, and says so', () => {
    const hw = chooseHardware({ db, host: hostFor('qemu') });
    expect(hw).toMatchObject({
      machine: 'q35',
      firmware: 'bios',
      diskBus: 'sata',
      nicModel: 'e1000e',
      video: 'vga',
    });
    expect(hw.reasons.join(' ')).toMatch(/does not know this OS/);
    expect(hw.reasons.join(' ')).toMatch(/Software emulation/);
  });

  it('lets the user override firmware and TPM', () => {
    const hw = chooseHardware({
      db,
      os: db.get('debian11'),
      host: hostFor('kvm'),
      firmware: 'uefi-secure',
      tpm: true,
    });
    expect(hw).toMatchObject({ firmware: 'uefi-secure', tpm: true, video: 'virtio' });
    // Secure Boot firmware needs SMM, offered on Q35 only: a BSD moves from i440FX to Q35 for it
    const bsd = chooseHardware({
      db,
      os: db.get('freebsd13.1'),
      host: hostFor('kvm'),
      firmware: 'uefi-secure',
    });
    expect(bsd).toMatchObject({ machine: 'q35', cdromBus: 'sata', usb: 'ich9' });
  });
});

describe('every guest', () => {
  it('has VNC on 127.0.0.1 with autoport, boots the CD-ROM first and carries KVM Desk metadata', () => {
    for (const id of ['win11', 'debian12', 'openbsd7.0']) {
      const xml = xmlFor(id, 'qemu');
      const root = parseXml(xml).documentElement!;
      const g = find(root, 'devices/graphics')!;
      expect([attr(g, 'type'), attr(g, 'autoport'), attr(g, 'listen')]).toEqual(['vnc', 'yes', '127.0.0.1']);
      expect(findAll(root, 'os/boot').map((b) => attr(b, 'dev'))).toEqual(['cdrom', 'hd']);
      expect(attr(find(root, 'devices/disk/driver'), 'type')).toBe('qcow2');
      expect(parseDomainXml(xml)).toMatchObject({
        osId: id,
        installSource: '/isos/install.iso',
        domainType: 'qemu',
      });
    }
  });
});

describe.skipIf(!hasValidator)('other install sources', () => {
  const hardware = () => chooseHardware({ db, os: db.get('debian11'), host: hostFor('qemu') });
  const base = { name: 'kvmdesk-test-src', domainType: 'qemu' as const, memoryMiB: 512, vcpus: 1 };

  it('boots a kernel and initrd directly (the Debian installer), with a valid XML', () => {
    const xml = buildDomainXml({
      ...base,
      hardware: hardware(),
      disk: { path: '/var/lib/libvirt/images/kvmdesk-test-src.qcow2', format: 'qcow2' },
      kernel: { kernel: '/boot/linux', initrd: '/boot/initrd.gz', cmdline: 'console=ttyS0 priority=low' },
      boot: 'kernel',
      network: { kind: 'bridge', name: 'br0' },
    });
    expect(validate(xml).ok).toBe(true);
    const root = parseXml(xml).documentElement!;
    expect(find(root, 'os/kernel')?.textContent).toBe('/boot/linux');
    expect(find(root, 'os/cmdline')?.textContent).toBe('console=ttyS0 priority=low');
    expect(findAll(root, 'os/boot')).toEqual([]);
    expect(parseDomainXml(xml).nics[0]).toMatchObject({ type: 'bridge', source: 'br0', model: 'virtio' });
  });

  it('boots from the network first for PXE, and imports a disk booting it, each with an empty CD-ROM', () => {
    for (const [boot, first] of [
      ['network', 'network'],
      ['hd', 'hd'],
    ] as const) {
      const xml = buildDomainXml({
        ...base,
        hardware: hardware(),
        disk: { path: '/srv/old.img', format: 'raw' },
        boot,
        network: { kind: 'nat', name: 'default' },
      });
      expect(validate(xml).ok).toBe(true);
      const root = parseXml(xml).documentElement!;
      expect(attr(findAll(root, 'os/boot')[0], 'dev')).toBe(first);
      expect(parseDomainXml(xml).disks.map((d) => `${d.device}:${d.path ?? '-'}`)).toEqual([
        'disk:/srv/old.img',
        'cdrom:-',
      ]);
    }
  });

  it('escapes names and paths through the XML library', () => {
    const xml = buildDomainXml({
      ...base,
      title: 'Tom & Jerry <test>',
      hardware: hardware(),
      installIso: '/isos/a "quoted" & <odd>.iso',
      boot: 'cdrom',
      network: { kind: 'none' },
    });
    expect(validate(xml).ok).toBe(true);
    const d = parseDomainXml(xml);
    expect(d.title).toBe('Tom & Jerry <test>');
    expect(d.disks[0].path).toBe('/isos/a "quoted" & <odd>.iso');
    expect(d.nics).toEqual([]);
  });
});
