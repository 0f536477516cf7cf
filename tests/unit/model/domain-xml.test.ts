import { describe, expect, it } from 'vitest';
import {
  backingFilesOf,
  cdromDeviceXml,
  detailsFromXml,
  memoryToKiB,
  osFamilyFromShortId,
  osShortIdFromUrl,
  parseDomainXml,
  readKvmDeskMetadata,
  setBootOrder,
  setCdromMedia,
  setKvmDeskMetadata,
  summaryFromXml,
} from '../../../main/model/domain-xml';
import { parseXml } from '../../../main/model/xml';

// What libvirt 9.0 returns for a guest virt-install made (trimmed), plus an element KVM Desk does not know.
const VIRT_INSTALL_WIN11 = `<domain type='kvm' id='3'>
  <name>win11</name>
  <uuid>abd1b511-6309-4834-bcff-acbb43df1c0b</uuid>
  <title>Work laptop &amp; stuff</title>
  <metadata>
    <libosinfo:libosinfo xmlns:libosinfo="http://libosinfo.org/xmlns/libvirt/domain/1.0">
      <libosinfo:os id="http://microsoft.com/win/11"/>
    </libosinfo:libosinfo>
  </metadata>
  <memory unit='KiB'>4194304</memory>
  <currentMemory unit='KiB'>4194304</currentMemory>
  <vcpu placement='static' current='2'>4</vcpu>
  <os firmware='efi'>
    <type arch='x86_64' machine='pc-q35-7.2'>hvm</type>
    <firmware>
      <feature enabled='yes' name='enrolled-keys'/>
      <feature enabled='yes' name='secure-boot'/>
    </firmware>
    <loader readonly='yes' secure='yes' type='pflash'>/usr/share/OVMF/OVMF_CODE_4M.ms.fd</loader>
    <nvram template='/usr/share/OVMF/OVMF_VARS_4M.ms.fd'>/var/lib/libvirt/qemu/nvram/win11_VARS.fd</nvram>
    <boot dev='cdrom'/>
    <boot dev='hd'/>
  </os>
  <devices>
    <emulator>/usr/bin/qemu-system-x86_64</emulator>
    <disk type='file' device='disk'>
      <driver name='qemu' type='qcow2' discard='unmap'/>
      <source file='/var/lib/libvirt/images/win11.qcow2'/>
      <target dev='sda' bus='sata'/>
      <address type='drive' controller='0' bus='0' target='0' unit='0'/>
    </disk>
    <disk type='file' device='cdrom'>
      <driver name='qemu' type='raw'/>
      <source file='/isos/Win11_22H2_English_x64.iso'/>
      <target dev='sdb' bus='sata'/>
      <readonly/>
    </disk>
    <disk type='file' device='cdrom'>
      <driver name='qemu' type='raw'/>
      <target dev='sdc' bus='sata'/>
      <readonly/>
    </disk>
    <interface type='network'>
      <mac address='52:54:00:21:ac:61'/>
      <source network='default'/>
      <model type='e1000e'/>
    </interface>
    <interface type='bridge'>
      <mac address='52:54:00:21:ac:62'/>
      <source bridge='br0'/>
      <model type='virtio'/>
    </interface>
    <tpm model='tpm-crb'>
      <backend type='emulator' version='2.0'/>
    </tpm>
    <graphics type='vnc' port='5901' autoport='yes' listen='127.0.0.1'>
      <listen type='address' address='127.0.0.1'/>
    </graphics>
    <shmem name='something-new'><model type='ivshmem-plain'/></shmem>
  </devices>
</domain>`;

const PLAIN_BIOS = `<domain type='qemu'>
  <name>old-linux</name>
  <uuid>11111111-2222-3333-4444-555555555555</uuid>
  <memory unit='GiB'>1</memory>
  <vcpu>1</vcpu>
  <os><type arch='x86_64' machine='pc'>hvm</type></os>
  <devices>
    <disk type='block' device='disk'><source dev='/dev/vg/old'/><target dev='vda' bus='virtio'/></disk>
    <disk type='file' device='disk'><source file='/srv/shared.iso'/><target dev='vdb' bus='virtio'/></disk>
    <disk type='file' device='disk'><source file='/srv/ro.img'/><target dev='vdc' bus='virtio'/><readonly/></disk>
    <disk type='volume' device='disk'><source pool='default' volume='data.qcow2'/><target dev='vdd' bus='virtio'/></disk>
    <disk type='network' device='disk'><source protocol='rbd' name='pool/img'/><target dev='vde' bus='virtio'/></disk>
    <disk type='dir' device='disk'><source dir='/srv/tree'/><target dev='hda' bus='ide'/></disk>
    <disk type='file' device='disk'><source file='/srv/cluster.img'/><target dev='vdf' bus='virtio'/><shareable/></disk>
    <disk type='file' device='disk'><source file='/dev/sdz'/><target dev='vdg' bus='virtio'/></disk>
    <disk type='file' device='disk'><source file='/srv/plain.raw'/><target dev='vdh' bus='virtio'/></disk>
    <disk type='block' device='lun'><source dev='/dev/sg3'/><target dev='sdx' bus='scsi'/></disk>
    <disk type='file' device='floppy'><source file='/srv/boot.img'/><target dev='fda'/></disk>
    <disk type='file' device='disk'><target dev='vdi' bus='virtio'/></disk>
  </devices>
</domain>`;

const info = {
  connection: 'qemu:///system',
  state: 'running' as const,
  reason: 'booted',
  persistent: true,
  autostart: false,
};

describe('reading a guest from its domain XML', () => {
  it('reads a Windows 11 guest made by virt-install: UEFI, Secure Boot, TPM, libosinfo id', () => {
    const d = detailsFromXml(VIRT_INSTALL_WIN11, info);
    expect(d).toMatchObject({
      connection: 'qemu:///system',
      uuid: 'abd1b511-6309-4834-bcff-acbb43df1c0b',
      name: 'win11',
      title: 'Work laptop & stuff',
      state: 'running',
      vcpus: 2,
      memoryKiB: 4194304,
      osId: 'win11',
      osFamily: 'windows',
      domainType: 'kvm',
      hasConsole: true,
      machine: 'pc-q35-7.2',
      arch: 'x86_64',
      firmware: 'efi',
      secureBoot: true,
      tpm: true,
      graphics: { type: 'vnc', listen: '127.0.0.1', port: 5901 },
    });
    expect(d.disks).toEqual([
      {
        target: 'sda',
        device: 'disk',
        bus: 'sata',
        path: '/var/lib/libvirt/images/win11.qcow2',
        format: 'qcow2',
        readonly: false,
        // the driver's discard mode as virt-install wrote it (the disk settings show and edit it)
        discard: 'unmap',
        deletable: true,
      },
      {
        target: 'sdb',
        device: 'cdrom',
        bus: 'sata',
        path: '/isos/Win11_22H2_English_x64.iso',
        format: 'raw',
        readonly: true,
        keptReason: 'read-only media',
        deletable: false,
      },
      {
        target: 'sdc',
        device: 'cdrom',
        bus: 'sata',
        path: undefined,
        format: 'raw',
        readonly: true,
        keptReason: 'read-only media',
        deletable: false,
      },
    ]);
    expect(d.nics).toEqual([
      { mac: '52:54:00:21:ac:61', type: 'network', source: 'default', model: 'e1000e' },
      { mac: '52:54:00:21:ac:62', type: 'bridge', source: 'br0', model: 'virtio' },
    ]);
  });

  it('counts a serial console libvirt can stream (a pty) as a console, on both read paths', () => {
    const xml = (devices: string) =>
      `<domain type='qemu'><name>s</name><uuid>${'1'.repeat(8)}-1111-1111-1111-${'1'.repeat(12)}</uuid><memory>1024</memory><vcpu>1</vcpu><os><type>hvm</type></os><devices>${devices}</devices></domain>`;
    for (const [devices, has] of [
      ["<serial type='pty'><target port='0'/></serial>", true],
      ["<console type='pty'><target type='serial'/></console>", true],
      ['<serial><target port="0"/></serial>', true], // no type: a pty
      ["<serial type='file'><source path='/tmp/log'/></serial>", false], // libvirt cannot stream a file
      ['', false],
    ] as const) {
      expect(summaryFromXml(xml(devices), info).hasConsole, devices).toBe(has);
      expect(parseDomainXml(xml(devices)).hasConsole, devices).toBe(has);
    }
  });

  it('summarises without the device lists', () => {
    const s = summaryFromXml(VIRT_INSTALL_WIN11, info);
    expect(s).not.toHaveProperty('disks');
    expect(s).toMatchObject({ name: 'win11', osId: 'win11', osFamily: 'windows', autostart: false });
  });

  it('reads a BIOS guest: memory units; only pool volumes and regular files are deletable', () => {
    const d = parseDomainXml(PLAIN_BIOS);
    expect(d).toMatchObject({
      memoryKiB: 1048576,
      vcpus: 1,
      firmware: 'bios',
      secureBoot: false,
      tpm: false,
      hasConsole: false,
      osFamily: 'other',
    });
    expect(d.osId).toBeUndefined();
    expect(d.graphics).toBeUndefined();
    expect(d.disks.map((x) => [x.target, x.path, x.deletable, x.keptReason])).toEqual([
      ['vda', '/dev/vg/old', false, 'block device'],
      ['vdb', '/srv/shared.iso', false, 'read-only media'],
      ['vdc', '/srv/ro.img', false, 'read-only media'],
      ['vdd', 'default/data.qcow2', true, undefined],
      ['vde', 'pool/img', false, 'network disk'],
      ['hda', '/srv/tree', false, 'directory'],
      ['vdf', '/srv/cluster.img', false, 'shared (shareable)'],
      ['vdg', '/dev/sdz', false, 'block device'],
      ['vdh', '/srv/plain.raw', true, undefined],
      ['sdx', '/dev/sg3', false, 'block device'],
      ['fda', '/srv/boot.img', false, 'removable media'],
      ['vdi', undefined, false, 'no file'],
    ]);
    // a pool volume names its pool and volume, so the service deletes it through libvirt
    expect(d.disks[3].volume).toEqual({ pool: 'default', name: 'data.qcow2' });
    expect(d.disks[0]).not.toHaveProperty('volume');
    expect(d.disks[3]).not.toHaveProperty('keptReason');
  });

  it('lists the files of the disks’ backing chains (a guest uses them too)', () => {
    const live = `<domain><devices>
      <disk type='file' device='disk'><source file='/a/top.qcow2'/>
        <backingStore type='file'><source file='/a/mid.qcow2'/>
          <backingStore type='block'><source dev='/dev/vg/base'/><backingStore/></backingStore>
        </backingStore>
        <target dev='vda'/></disk>
      <disk type='file' device='cdrom'><target dev='sda'/></disk>
    </devices></domain>`;
    expect(backingFilesOf(live)).toEqual(['/a/mid.qcow2', '/dev/vg/base']);
    expect(backingFilesOf(PLAIN_BIOS)).toEqual([]);
  });

  it('prefers KVM Desk metadata and an osinfo lookup when given', () => {
    const xml = setKvmDeskMetadata(PLAIN_BIOS, {
      osId: 'debian12',
      osName: 'Debian 12',
      osFamily: 'linux',
      installKind: 'iso',
      installSource: '/isos/debian-12.iso',
    });
    expect(parseDomainXml(xml)).toMatchObject({
      osId: 'debian12',
      osName: 'Debian 12',
      osFamily: 'linux',
      installSource: '/isos/debian-12.iso',
    });
    const lookup = (id: { shortId?: string; url?: string }) =>
      id.url === 'http://microsoft.com/win/11'
        ? { shortId: 'win11', name: 'Microsoft Windows 11', family: 'windows' as const }
        : undefined;
    expect(parseDomainXml(VIRT_INSTALL_WIN11, lookup).osName).toBe('Microsoft Windows 11');
  });

  it('turns osinfo URLs into short ids and guesses families', () => {
    expect(osShortIdFromUrl('http://debian.org/debian/11')).toBe('debian11');
    expect(osShortIdFromUrl('http://ubuntu.com/ubuntu/22.10')).toBe('ubuntu22.10');
    expect(osShortIdFromUrl('http://freebsd.org/freebsd/13.1')).toBe('freebsd13.1');
    expect(osShortIdFromUrl('http://microsoft.com/win/2k22')).toBe('win2k22');
    expect(osFamilyFromShortId('openbsd7.0')).toBe('bsd');
    expect(osFamilyFromShortId('fedora37')).toBe('linux');
    expect(osFamilyFromShortId('win10')).toBe('windows');
    expect(osFamilyFromShortId('haiku-r1')).toBe('other');
  });

  it('converts libvirt memory units', () => {
    expect(memoryToKiB('2', 'GiB')).toBe(2097152);
    expect(memoryToKiB('512', 'M')).toBe(524288);
    expect(memoryToKiB('1073741824', 'b')).toBe(1048576);
    expect(memoryToKiB('100')).toBe(100);
  });
});

describe('editing a guest in place', () => {
  it('ejects and inserts CD-ROM media, keeping elements KVM Desk does not know', () => {
    const ejected = setCdromMedia(VIRT_INSTALL_WIN11, 'sdb', undefined);
    expect(parseDomainXml(ejected).disks[1].path).toBeUndefined();
    expect(ejected).toContain('<shmem name="something-new"><model type="ivshmem-plain"/></shmem>');
    expect(ejected).toContain('libosinfo:os id="http://microsoft.com/win/11"');
    const inserted = setCdromMedia(ejected, 'sdc', '/isos/virtio-win & co.iso');
    expect(parseDomainXml(inserted).disks[2].path).toBe('/isos/virtio-win & co.iso');
    expect(inserted).toContain('file="/isos/virtio-win &amp; co.iso"');
    expect(() => setCdromMedia(VIRT_INSTALL_WIN11, 'sda', undefined)).toThrow(/no CD-ROM drive sda/);
  });

  it('gives the CD-ROM alone for a live update', () => {
    const dev = parseXml(cdromDeviceXml(VIRT_INSTALL_WIN11, 'sdb', undefined)).documentElement!;
    expect(dev.tagName).toBe('disk');
    expect(dev.getElementsByTagName('source').length).toBe(0);
    expect(dev.getElementsByTagName('target')[0].getAttribute('dev')).toBe('sdb');
  });

  it('sets the boot order', () => {
    const xml = setBootOrder(VIRT_INSTALL_WIN11, ['hd']);
    const boots = parseXml(xml).getElementsByTagName('boot');
    expect(Array.from({ length: boots.length }, (_, i) => boots[i].getAttribute('dev'))).toEqual(['hd']);
    expect(xml).toContain('<loader readonly="yes" secure="yes" type="pflash">');
  });

  it('replaces KVM Desk metadata without touching libosinfo metadata', () => {
    const once = setKvmDeskMetadata(VIRT_INSTALL_WIN11, {
      osId: 'win11',
      installKind: 'iso',
      installSource: '/a.iso',
    });
    const twice = setKvmDeskMetadata(once, { osId: 'win11' });
    expect(readKvmDeskMetadata(twice)).toEqual({
      osId: 'win11',
      osName: undefined,
      osFamily: undefined,
      installKind: undefined,
      installSource: undefined,
      virtioWinIso: undefined,
    });
    expect(twice.match(/kvmdesk:vm /g)?.length).toBe(1);
    expect(twice).toContain('libosinfo:os id="http://microsoft.com/win/11"');
  });
});
