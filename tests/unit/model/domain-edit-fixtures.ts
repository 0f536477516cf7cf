// The guests the in-place edits are tried on: made by virt-install and libvirt, not by us
// (fixtures/domain-edit/record.sh has the commands).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const DIR = join(import.meta.dirname, 'fixtures/domain-edit');

export interface Fixture {
  /** "fx1.print" (virt-install --print-xml) or "fx1.dumpxml" (libvirt's after defining it) */
  name: string;
  xml: string;
}

export const FIXTURES: Fixture[] = readdirSync(DIR)
  .filter((f) => f.endsWith('.xml'))
  .sort()
  .map((f) => ({ name: f.replace(/\.xml$/, ''), xml: readFileSync(join(DIR, f), 'utf8') }));

/** fx1: q35 UEFI Secure Boot full of extras; fx2: pc BIOS; fx3: q35 with a pinned OVMF */
export const fixture = (name: string): string => {
  const f = FIXTURES.find((x) => x.name === name);
  if (!f) throw new Error(`no fixture ${name}`);
  return f.xml;
};
