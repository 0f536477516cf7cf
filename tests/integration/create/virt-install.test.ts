// The same comparison as tests/unit/model/defaults.test.ts, against virt-install run now on this host
// (the unit test uses recorded output): our hardware for each OS equals virt-install's choices apart from
// the differences documented in tests/unit/model/virt-install-differences.ts.
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { removePoolsInto } from '../../support/virt-install-pools';
import { xmlFor } from '../../unit/model/build-for';
import { hardwareOf } from '../../unit/model/hardware-of';
import { CASES, expectedDifferences } from '../../unit/model/virt-install-differences';

const run = promisify(execFile);
const hasVirtInstall = spawnSync('virt-install', ['--version']).status === 0;
// virt-install wants the install ISO to exist; an empty file is enough for --print-xml
const dir = mkdtempSync(join(tmpdir(), 'kvmdesk-test-vi-'));
const iso = join(dir, 'install.iso');
writeFileSync(iso, '');
afterAll(async () => {
  await removePoolsInto(dir);
  rmSync(dir, { recursive: true, force: true });
});

async function virtInstall(osinfo: string, virt: 'kvm' | 'qemu'): Promise<string> {
  // --dry-run: --print-xml alone still allocates the disk in the default pool
  // virt-install defines an autostarting pool for the ISO's temp folder: removed after every run
  const { stdout } = await run(
    'virt-install',
    [
      ...[
        '--connect',
        'qemu:///system',
        '--dry-run',
        '--print-xml',
        '1',
        '--virt-type',
        virt,
        '--osinfo',
        osinfo,
      ],
      ...['--name', 'kvmdesk-test-vi', '--memory', '2048', '--vcpus', '2', '--disk', 'size=20'],
      ...['--cdrom', iso, '--graphics', 'vnc,listen=127.0.0.1'],
      ...['--network', 'network=default'],
    ],
    { timeout: 120_000 },
  ).finally(() => removePoolsInto(dir));
  return stdout;
}

describe.skipIf(!hasVirtInstall)('hardware per OS agrees with virt-install run on this host', () => {
  for (const { ours, virtInstall: id } of CASES) {
    for (const virt of ['kvm', 'qemu'] as const) {
      it(`${ours} (${virt}) vs virt-install --osinfo ${id}`, async () => {
        const theirs = hardwareOf(await virtInstall(id, virt));
        expect(hardwareOf(xmlFor(ours, virt))).toEqual({ ...theirs, ...expectedDifferences(ours, virt) });
      });
    }
  }
});
