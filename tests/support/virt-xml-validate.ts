// Checks a domain XML against libvirt's own schema with its own tool (virt-xml-validate, Debian's
// libvirt-clients). Where the tool is missing the check is skipped, and says so once.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';

let missing: string | undefined;
let told = false;

/** undefined when valid (or the tool is missing), else virt-xml-validate's complaint */
export function virtXmlValidate(xml: string): string | undefined {
  if (missing) return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'kvmdesk-validate-'));
  try {
    const file = join(dir, 'domain.xml');
    writeFileSync(file, xml);
    const r = spawnSync('virt-xml-validate', [file, 'domain'], { encoding: 'utf8' });
    if (r.error) {
      missing = `virt-xml-validate could not run (${r.error.message}); schema checks skipped`;
      return undefined;
    }
    return r.status === 0 ? undefined : `${r.stdout}${r.stderr}`.trim();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function expectValidDomain(xml: string): void {
  const problem = virtXmlValidate(xml);
  if (missing && !told) {
    told = true;
    console.warn(missing);
  }
  expect(problem).toBeUndefined();
}
