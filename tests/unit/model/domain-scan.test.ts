// The guest list's fast path (one streaming pass, domain-scan.ts) must read exactly what the DOM path reads.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { summaryFromXml } from '../../../main/model/domain-xml';
import { parseXml } from '../../../main/model/xml';

const dir = join(import.meta.dirname, 'fixtures/virt-install');
const info = { connection: 'qemu:///system', state: 'running' as const, reason: 'booted', persistent: true };

const samples: [string, string][] = [
  ...readdirSync(dir)
    .filter((f) => f.endsWith('.xml'))
    .map((f): [string, string] => [f, readFileSync(join(dir, f), 'utf8')]),
  [
    'KVM Desk metadata, CDATA title, entities, vcpu current',
    `<domain type='qemu'><name>a&amp;b-ÄÖ</name><uuid>11111111-2222-3333-4444-555555555555</uuid>
      <title><![CDATA[x < y]]></title>
      <metadata><kvmdesk:vm xmlns:kvmdesk="https://kvmdesk.org/xmlns/vm/1.0"><kvmdesk:os id="win11"/></kvmdesk:vm></metadata>
      <memory unit='GiB'>2</memory><vcpu current='1'>4</vcpu>
      <devices><graphics type='vnc' port='-1'/></devices></domain>`,
  ],
  [
    'no graphics, libosinfo metadata, MiB memory',
    `<domain type='kvm'><name>plain</name><uuid>11111111-2222-3333-4444-666666666666</uuid>
      <metadata><libosinfo:libosinfo xmlns:libosinfo="http://libosinfo.org/xmlns/libvirt/domain/1.0">
      <libosinfo:os id="http://debian.org/debian/11"/></libosinfo:libosinfo></metadata>
      <memory unit='MiB'>512</memory><vcpu>2</vcpu><devices><console type='pty'/></devices></domain>`,
  ],
];

describe('guest summaries: the streaming pass agrees with the DOM', () => {
  it.each(samples)('%s', (_name, xml) => {
    expect(summaryFromXml(xml, info)).toEqual(summaryFromXml(parseXml(xml), info));
  });

  it('refuses malformed XML with the same error on both paths', () => {
    const bad = '<domain><name>x</name><uuid>u</domain>';
    const dom = (() => {
      try {
        summaryFromXml(parseXml(bad), info);
      } catch (e) {
        return (e as Error).message;
      }
    })();
    expect(dom).toBeDefined();
    expect(() => summaryFromXml(bad, info)).toThrow(dom);
  });
});
