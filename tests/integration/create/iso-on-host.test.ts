// ISO detection and the wizard's pool picker on the guest's host: a dir pool in a temporary folder holds
// the grub-rescue ISO and an ISO made here with a Debian installer's volume id (xorriso); the picker
// lists both (not the qcow2 beside them), and detection through the volume (libvirt's download stream,
// the descriptor's 2 KiB) answers what reading the file answers, on qemu:///system and over qemu+ssh
// (the loopback sshd in front of the same daemon). No guest is started.

import type { ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LibvirtConnectionApi, openConnection } from '../../../main/libvirt/index.js';
import { IsoError } from '../../../main/model/iso';
import type { OsinfoDb } from '../../../main/model/osinfo';
import { listInstallMedia } from '../../../main/services/create/install-media';
import { detectIso, detectIsoOnHost, readVolumeDescriptor } from '../../../main/services/iso';
import { loadOsinfoDb } from '../../../main/services/osinfo-db';
import { CAN_SSHD, startLoopbackSshd } from '../../support/loopback-sshd.js';
import { virsh, virshQuiet } from '../libvirt/helpers.js';

const POOL = `kvmdesk-test-isohost-${process.pid}`;
const GRUB = resolve(import.meta.dirname, '../../../fixtures/grub-rescue-cdrom.iso');
const DEBIAN_ID = 'Debian 11.6.0 amd64 n';
let dir = '';
let sshDir = '';
let sshd: ChildProcess | undefined;
let sshUri = '';
let local: LibvirtConnectionApi;
let db: OsinfoDb;
const grubPath = () => join(dir, 'kvmdesk-test-grub.iso');
const debianPath = () => join(dir, 'kvmdesk-test-debian.iso');

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kvmdesk-test-isohost-'));
  chmodSync(dir, 0o755);
  copyFileSync(GRUB, grubPath());
  // an ISO 9660 image whose primary volume descriptor reads like Debian 11's netinst
  execFileSync('xorriso', ['-as', 'mkisofs', '-quiet', '-V', DEBIAN_ID, '-o', debianPath(), GRUB], {
    stdio: 'ignore',
  });
  await virsh('qemu:///system', 'pool-create-as', POOL, 'dir', '--target', dir);
  await virsh('qemu:///system', 'vol-create-as', POOL, 'kvmdesk-test-disk.qcow2', '1M', '--format', 'qcow2');
  local = await openConnection('qemu:///system');
  db = await loadOsinfoDb();
  if (CAN_SSHD) {
    sshDir = mkdtempSync(join(tmpdir(), 'kvmdesk-test-isohost-sshd-'));
    chmodSync(sshDir, 0o700);
    ({ uri: sshUri, child: sshd } = await startLoopbackSshd(sshDir));
  }
}, 60_000);

afterAll(async () => {
  await local?.close();
  await virshQuiet('qemu:///system', 'pool-destroy', POOL);
  sshd?.kill();
  if (dir) rmSync(dir, { recursive: true, force: true });
  if (sshDir) rmSync(sshDir, { recursive: true, force: true });
});

describe('install media on the guest host', () => {
  it("lists the pool's ISO volumes with their paths on the host, not its disks", async () => {
    const media = await listInstallMedia(local, 'iso');
    expect(media.files).toBe(true);
    const pool = media.pools.find((p) => p.name === POOL);
    expect(pool?.active).toBe(true);
    expect(pool?.volumes.map((v) => [v.name, v.path, v.format])).toEqual([
      ['kvmdesk-test-debian.iso', debianPath(), 'iso'],
      ['kvmdesk-test-grub.iso', grubPath(), 'iso'],
    ]);
    expect(pool?.volumes[1].capacityBytes).toBe(5081088);
    const disks = (await listInstallMedia(local, 'disk')).pools.find((p) => p.name === POOL);
    expect(disks?.volumes.map((v) => v.name)).toEqual(['kvmdesk-test-disk.qcow2']);
  });

  it('reads the descriptor through the volume as from the file, and matches osinfo-db on it', async () => {
    for (const path of [grubPath(), debianPath()]) {
      const fromFile = await detectIso(db, path);
      expect(await readVolumeDescriptor(local, path)).toMatchObject({ volumeId: fromFile.volumeId });
    }
    const debian = await detectIsoOnHost(db, local, debianPath());
    expect(debian.volumeId).toBe(DEBIAN_ID);
    expect(debian.os?.id).toBe('debian11');
    expect((await detectIsoOnHost(db, local, grubPath())).os).toBeUndefined();
  });

  it.skipIf(!CAN_SSHD)(
    'detects an ISO on a remote host through its pool, never its local file',
    async () => {
      const remote = await openConnection(sshUri);
      try {
        expect((await listInstallMedia(remote, 'iso')).files).toBe(false);
        const remoteMedia = (await listInstallMedia(remote, 'iso')).pools.find((p) => p.name === POOL);
        expect(remoteMedia?.volumes.map((v) => v.path)).toEqual([debianPath(), grubPath()]);
        expect(await detectIsoOnHost(db, remote, debianPath())).toEqual(await detectIso(db, debianPath()));
        // a file in no pool of the remote host: said so (it is on this machine, but that is not the host)
        const outside = join(dir, '..', `kvmdesk-test-isohost-outside-${process.pid}.iso`);
        copyFileSync(GRUB, outside);
        try {
          const err = await detectIsoOnHost(db, remote, outside).catch((e: unknown) => e);
          expect(err).toBeInstanceOf(IsoError);
          expect((err as Error).message).toMatch(/is in none of this host's storage pools/);
        } finally {
          rmSync(outside, { force: true });
        }
      } finally {
        await remote.close();
      }
    },
    60_000,
  );
});
