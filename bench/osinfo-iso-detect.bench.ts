// ISO detection (goal < 100 ms): reading the primary volume descriptor and matching osinfo-db's media
// rules, for a Debian 11 netinst-like ISO (built with xorriso) and the real grub-rescue-cdrom.iso
// (unknown). osinfo-db is loaded before (the wizard loads it when it opens). Peer: libosinfo's
// `osinfo-detect` on the same files (a whole run: it loads the db too, as it must).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { detectIso } from '../main/model/iso';
import { loadOsinfoDb } from '../main/model/osinfo';
import { median, report } from './report';

const RUNS = 9;

export default async function bench(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'kvmdesk-bench-iso-'));
  try {
    mkdirSync(join(dir, 'content'));
    writeFileSync(join(dir, 'content', 'README.TXT'), 'installer\n');
    const debian = join(dir, 'debian.iso');
    const r = spawnSync('xorriso', [
      '-as',
      'mkisofs',
      '-quiet',
      '-V',
      'Debian 11.5.0 amd64 n',
      '-o',
      debian,
      join(dir, 'content'),
    ]);
    if (r.status !== 0) throw new Error(`xorriso failed: ${r.stderr}`);
    const grub = join(import.meta.dirname, '../fixtures/grub-rescue-cdrom.iso');
    const db = loadOsinfoDb();
    const files = [debian, grub];
    const expected = ['debian11', undefined];

    const ours: number[] = [];
    const peer: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      for (const [k, f] of files.entries()) {
        const t0 = performance.now();
        const d = await detectIso(db, f);
        ours.push(performance.now() - t0);
        if (d.os?.id !== expected[k]) throw new Error(`detected ${d.os?.id} in ${f}`);
        const t1 = performance.now();
        const p = spawnSync('osinfo-detect', ['--format=plain', '--type=media', f], { encoding: 'utf8' });
        peer.push(performance.now() - t1);
        if (p.error) throw p.error;
      }
    }
    const o = median(ours);
    const p = median(peer);
    report({
      name: 'osinfo-iso-detect',
      unit: 'ms',
      ours: o,
      peer: p,
      peerName: 'osinfo-detect',
      ratio: o / p,
      goal: 'ours < 100 ms',
      met: o < 100,
      runs: RUNS * files.length,
      extra: {
        maxMs: Math.max(...ours),
        files: ['Debian 11.5 netinst-like (xorriso)', 'grub-rescue-cdrom.iso (unknown)'],
      },
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
