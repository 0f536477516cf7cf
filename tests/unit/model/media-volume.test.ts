// The pool picker's volumes: path, format and size from libvirt's volume XML, and which are ISOs or disks.
import { describe, expect, it } from 'vitest';
import { mediaKind, mediaVolume } from '../../../main/model/media-volume';

// as libvirt 9.0 dumps a dir pool's volume (virsh vol-dumpxml), trimmed
const ISO_XML = `<volume type='file'>
  <name>debian-12.iso</name>
  <key>/srv/isos/debian-12.iso</key>
  <capacity unit='bytes'>659554304</capacity>
  <allocation unit='bytes'>659558400</allocation>
  <target>
    <path>/srv/isos/debian-12.iso</path>
    <format type='iso'/>
    <permissions><mode>0600</mode><owner>0</owner><group>0</group></permissions>
  </target>
</volume>`;

describe('pool volumes as install media', () => {
  it("reads a volume's path on its host, format and size", () => {
    expect(mediaVolume('isos', 'debian-12.iso', ISO_XML)).toEqual({
      pool: 'isos',
      name: 'debian-12.iso',
      path: '/srv/isos/debian-12.iso',
      format: 'iso',
      capacityBytes: 659554304,
    });
  });

  it('calls a volume an ISO by its format or its name, qcow2 and raw disks, the rest neither', () => {
    const v = (name: string, format: string, path = `/p/${name}`) => mediaKind({ name, format, path });
    expect(v('debian-12.iso', 'iso')).toBe('iso');
    // an upload named .iso that libvirt has not probed again yet
    expect(v('grub.ISO', 'raw')).toBe('iso');
    expect(v('installer', 'iso')).toBe('iso');
    expect(v('guest.qcow2', 'qcow2')).toBe('disk');
    expect(v('guest.img', 'raw')).toBe('disk');
    expect(v('old.vmdk', 'vmdk')).toBeUndefined();
    // an iSCSI LUN and the like have no file path to put in a domain
    expect(v('lun-0', 'iso', 'ip-10.0.0.1:3260-iscsi-iqn')).toBeUndefined();
  });

  it('takes a volume without a format as raw, as libvirt does', () => {
    const xml = ISO_XML.replace("<format type='iso'/>", '').replace(/debian-12\.iso/g, 'disk.img');
    expect(mediaVolume('p', 'disk.img', xml).format).toBe('raw');
  });
});
