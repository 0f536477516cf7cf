import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IsoError } from '../../../main/model/iso';
import { detectIso, readPrimaryVolumeDescriptor } from '../../../main/services/iso';
import { loadOsinfoDb } from '../../../main/services/osinfo-db';

const db = await loadOsinfoDb({ cacheDir: false });
const GRUB_RESCUE = join(import.meta.dirname, '../../../fixtures/grub-rescue-cdrom.iso');
const tmp = mkdtempSync(join(tmpdir(), 'kvmdesk-test-iso-'));
const hasXorriso = spawnSync('xorriso', ['-version']).status === 0;

/** An ISO with the primary volume descriptor a real distribution's media has (xorriso as mkisofs). */
function makeIso(
  name: string,
  pvd: { volumeId: string; systemId?: string; publisher?: string; appId?: string },
) {
  const out = join(tmp, `${name}.iso`);
  const args = ['-as', 'mkisofs', '-quiet', '-V', pvd.volumeId, '-o', out];
  if (pvd.systemId) args.push('-sysid', pvd.systemId);
  if (pvd.publisher) args.push('-publisher', pvd.publisher);
  if (pvd.appId) args.push('-A', pvd.appId);
  args.push(join(tmp, 'content'));
  const r = spawnSync('xorriso', args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`xorriso failed: ${r.stderr}`);
  // xorriso 1.5.4 upper-cases the system, publisher and application ids (ECMA-119 a-characters);
  // FreeBSD's and OpenBSD's mastering tools keep them mixed case, so write them as those media have them
  const fd = openSync(out, 'r+');
  const put = (offset: number, length: number, value: string | undefined) => {
    if (value !== undefined)
      writeSync(fd, Buffer.from(value.padEnd(length, ' '), 'latin1'), 0, length, 16 * 2048 + offset);
  };
  put(8, 32, pvd.systemId);
  put(318, 128, pvd.publisher);
  put(574, 128, pvd.appId);
  closeSync(fd);
  return out;
}

beforeAll(() => {
  mkdirSync(join(tmp, 'content'));
  writeFileSync(join(tmp, 'content', 'README.TXT'), 'installer\n');
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe.skipIf(!hasXorriso)('detecting the OS on installation media', () => {
  const cases: {
    story: string;
    pvd: Parameters<typeof makeIso>[1];
    id: string;
    name: string;
    note?: RegExp;
  }[] = [
    {
      story: 'Windows 11 (its volume id is shared with Windows 10, which the note says)',
      pvd: { volumeId: 'CCCOMA_X64FRE_EN-US_DV9', publisher: 'MICROSOFT CORPORATION' },
      id: 'win11',
      name: 'Microsoft Windows 11',
      note: /could also be Microsoft Windows 10/,
    },
    {
      story: 'Debian 11.5 netinst',
      pvd: { volumeId: 'Debian 11.5.0 amd64 n' },
      id: 'debian11',
      name: 'Debian 11',
    },
    {
      story: 'Debian 12, newer than this osinfo-db: Debian 11 settings, and a note saying so',
      pvd: { volumeId: 'Debian 12.2.0 amd64 n' },
      id: 'debian12',
      name: 'Debian 12',
      note: /^Debian 12 is newer than this host's OS database; using Debian 11's settings\.$/,
    },
    {
      story: 'Fedora Workstation 37 live',
      pvd: { volumeId: 'Fedora-WS-Live-37-1-7', systemId: 'LINUX' },
      id: 'fedora37',
      name: 'Fedora Linux 37',
    },
    {
      story: 'Ubuntu 22.10 desktop',
      pvd: { volumeId: 'Ubuntu 22.10 amd64' },
      id: 'ubuntu22.10',
      name: 'Ubuntu 22.10',
    },
    {
      story: 'FreeBSD 13.1',
      pvd: { volumeId: '13_1_RELEASE_AMD64_CD', systemId: 'FreeBSD' },
      id: 'freebsd13.1',
      name: 'FreeBSD 13.1',
    },
    {
      story: 'FreeBSD 14.0, newer than this osinfo-db',
      pvd: { volumeId: '14_0_RELEASE_AMD64_CD', systemId: 'FreeBSD' },
      id: 'freebsd14.0',
      name: 'FreeBSD 14.0',
      note: /FreeBSD 14\.0 is newer than this host's OS database; using FreeBSD 13\.1's settings/,
    },
    {
      story: 'OpenBSD 7.0 install CD',
      pvd: {
        volumeId: 'OpenBSD/amd64   7.0 Install CD',
        systemId: 'OpenBSD',
        publisher: 'Copyright (c) 2021 Theo de Raadt, The OpenBSD project',
        appId: 'OpenBSD 7.0 amd64 Install CD',
      },
      id: 'openbsd7.0',
      name: 'OpenBSD 7.0',
    },
  ];

  for (const c of cases) {
    it(`recognises ${c.story}`, async () => {
      const path = makeIso(c.id, c.pvd);
      const d = await detectIso(db, path);
      expect(d.volumeId).toBe(c.pvd.volumeId);
      expect(d.os?.id).toBe(c.id);
      expect(d.os?.name).toBe(c.name);
      if (c.note) expect(d.note).toMatch(c.note);
      else expect(d.note).toBeUndefined();
    });
  }

  it('reads every identifier of the primary volume descriptor', async () => {
    const path = makeIso('fields', {
      volumeId: 'OpenBSD/amd64   7.0 Install CD',
      systemId: 'OpenBSD',
      publisher: 'Copyright (c) 2021 Theo de Raadt, The OpenBSD project',
      appId: 'OpenBSD 7.0 amd64 Install CD',
    });
    const pvd = await readPrimaryVolumeDescriptor(path);
    expect(pvd).toMatchObject({
      volumeId: 'OpenBSD/amd64   7.0 Install CD',
      systemId: 'OpenBSD',
      publisher: 'Copyright (c) 2021 Theo de Raadt, The OpenBSD project',
      applicationId: 'OpenBSD 7.0 amd64 Install CD',
    });
    expect(pvd.volumeSize % 2048).toBe(0);
  });

  it('says media it does not know is unknown instead of guessing', async () => {
    const d = await detectIso(db, makeIso('backup', { volumeId: 'HOLIDAY_PHOTOS_2024', systemId: 'LINUX' }));
    expect(d.os).toBeUndefined();
    expect(d.note).toBeUndefined();
  });
});

describe('real media and non-media', () => {
  it('detects the real grub-rescue-cdrom.iso as unknown', async () => {
    const d = await detectIso(db, GRUB_RESCUE);
    expect(d.volumeId).toBe('ISOIMAGE');
    expect(d.os).toBeUndefined();
  });

  it('refuses a file that is not an ISO image, and a missing one, in words', async () => {
    const notIso = join(tmp, 'notes.txt');
    writeFileSync(notIso, 'x'.repeat(40000));
    await expect(detectIso(db, notIso)).rejects.toThrow(IsoError);
    await expect(detectIso(db, notIso)).rejects.toThrow(/is not an ISO 9660 image/);
    await expect(detectIso(db, join(tmp, 'missing.iso'))).rejects.toThrow(
      /could not be opened: it does not exist/,
    );
  });
});
