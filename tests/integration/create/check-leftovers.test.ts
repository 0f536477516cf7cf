// scripts/check-leftovers.sh (the suite's last step) names each kvmdesk-test-* pool and volume left on
// qemu:///system. Other test files may run at the same time and hold their own kvmdesk-test-* items, so
// this test looks only for the ones it made, not for a clean host.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { virsh } from './support';

const POOL = `kvmdesk-test-leftover-${process.pid}`;
const dir = mkdtempSync(join(tmpdir(), 'kvmdesk-test-leftover-'));
const VOLUME = 'kvmdesk-test-leftover.img';

function check(): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(
      'bash',
      [join(import.meta.dirname, '../../../scripts/check-leftovers.sh')],
      { timeout: 120_000 },
      (err, stdout, stderr) =>
        resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, out: stdout + stderr }),
    );
  });
}

afterAll(async () => {
  await virsh('pool-destroy', POOL).catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
});

describe('the leftovers check', () => {
  it('names a test pool and the test volume in it, and exits non-zero', async () => {
    writeFileSync(join(dir, VOLUME), Buffer.alloc(4096));
    // transient: gone with pool-destroy, never autostarted
    await virsh('pool-create-as', POOL, 'dir', '--target', dir);
    const r = await check();
    expect(r.code).toBe(1);
    expect(r.out).toContain(`pool ${POOL} (${dir})`);
    expect(r.out).toContain(`volume ${VOLUME} in pool ${POOL} (${join(dir, VOLUME)})`);
  });

  it('no longer names them once they are gone', async () => {
    await virsh('pool-destroy', POOL);
    const r = await check();
    expect(r.out).not.toContain(POOL);
    expect(r.out).not.toContain('/var/lib/libvirt/images/kvmdesk-test-grub.iso');
  });
});
