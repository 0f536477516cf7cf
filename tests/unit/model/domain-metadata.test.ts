// KVM Desk's metadata: what createGuest writes and reads back, including the "started since install" mark
// that the offer to eject the installer relies on.
import { describe, expect, it } from 'vitest';
import { KVMDESK_NS, kvmDeskMetadataElement, readKvmDeskMetadata } from '../../../main/model/domain-metadata';
import { parseDomainXml, setKvmDeskMetadata } from '../../../main/model/domain-xml';
import { parseXml } from '../../../main/model/xml';

const PLAIN = `<domain type="qemu"><name>kvmdesk-test-meta</name><memory unit="KiB">262144</memory>
<vcpu>1</vcpu><os><type arch="x86_64">hvm</type></os><devices/></domain>`;

const META = {
  osId: 'win11',
  osName: 'Microsoft Windows 11',
  osFamily: 'windows' as const,
  installKind: 'iso',
  installSource: '/isos/win11.iso',
  virtioWinIso: '/isos/virtio-win.iso',
};

describe("KVM Desk's domain metadata", () => {
  it('a new guest has not been started since install', () => {
    const xml = setKvmDeskMetadata(PLAIN, META);
    expect(readKvmDeskMetadata(xml)?.startedSinceInstall).toBeUndefined();
    expect(xml).not.toContain('started=');
    expect(parseDomainXml(xml)).toMatchObject({ installSource: '/isos/win11.iso' });
    expect(parseDomainXml(xml).startedSinceInstall).toBeUndefined();
  });

  it('reads and writes the "started since install" mark', () => {
    const xml = setKvmDeskMetadata(PLAIN, { ...META, startedSinceInstall: true });
    expect(xml).toContain('started="yes"');
    expect(readKvmDeskMetadata(xml)).toEqual({ ...META, startedSinceInstall: true });
    expect(parseDomainXml(xml).startedSinceInstall).toBe(true);
    // anything but "yes" is not the mark
    expect(readKvmDeskMetadata(xml.replace('started="yes"', 'started="no"'))?.startedSinceInstall).toBe(
      undefined,
    );
  });

  it('gives virDomainSetMetadata an element without a namespace (libvirt adds its own)', () => {
    const el = parseXml(kvmDeskMetadataElement({ ...META, startedSinceInstall: true })).documentElement!;
    expect(el.tagName).toBe('vm');
    expect(el.namespaceURI).toBeNull();
    const install = el.getElementsByTagName('install')[0];
    expect(install.getAttribute('started')).toBe('yes');
    expect(install.getAttribute('source')).toBe('/isos/win11.iso');
    expect(install.getAttribute('virtio-win')).toBe('/isos/virtio-win.iso');
    expect(el.getElementsByTagName('os')[0].getAttribute('id')).toBe('win11');
    // what libvirt stores after it: the same element in KVM Desk's namespace, read back as the mark
    const stored = PLAIN.replace(
      '<devices/>',
      `<metadata><kvmdesk:vm xmlns:kvmdesk="${KVMDESK_NS}"><kvmdesk:os id="win11"/>` +
        '<kvmdesk:install kind="iso" source="/isos/win11.iso" started="yes"/></kvmdesk:vm></metadata><devices/>',
    );
    expect(readKvmDeskMetadata(stored)?.startedSinceInstall).toBe(true);
  });
});
