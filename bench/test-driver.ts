// The test-driver file the UI benchmarks share: N guests, running (the test driver starts the domains of
// its file) unless asked shut off, named kvmdesk-bench-NNNN with fixed UUIDs, 1 GiB and 2 vCPUs each.
import { writeFileSync } from 'node:fs';

export const benchGuestName = (i: number) => `kvmdesk-bench-${String(i).padStart(4, '0')}`;

/** writes the file and returns its test+unix URI */
export function writeDriverXml(n: number, file: string, o: { shutOff?: boolean } = {}): string {
  // the test driver's own namespace sets a domain's state at load (5: VIR_DOMAIN_SHUTOFF)
  const ns = o.shutOff ? " xmlns:test='http://libvirt.org/schemas/domain/test/1.0'" : '';
  const state = o.shutOff ? '<test:runstate>5</test:runstate>' : '';
  const domains = Array.from({ length: n }, (_, i) => {
    const uuid = `6695eb01-f6a4-8304-79aa-${i.toString(16).padStart(12, '0')}`;
    return `<domain type='test'${ns}><name>${benchGuestName(i)}</name><uuid>${uuid}</uuid><memory>1048576</memory><vcpu>2</vcpu><os><type arch='x86_64'>hvm</type></os>${state}</domain>`;
  });
  writeFileSync(file, `<node>\n<memory>16777216</memory>\n${domains.join('\n')}\n</node>\n`);
  return `test+unix://${file}`;
}
