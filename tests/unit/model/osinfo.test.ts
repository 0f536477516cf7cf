import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseDomainXml } from '../../../main/model/domain-xml';
import { forgetLoadedOsinfo, loadOsinfoDb } from '../../../main/services/osinfo-db';

const cacheDir = mkdtempSync(join(tmpdir(), 'kvmdesk-test-osinfo-'));
afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));
const db = await loadOsinfoDb({ cacheDir: false });

describe('the OS list from osinfo-db', () => {
  it('lists every OS with name, version, family and dates, newest first, end-of-life marked', () => {
    const list = db.list(new Date('2026-11-27'));
    expect(list.length).toBeGreaterThan(700);
    const win11 = list.find((o) => o.id === 'win11');
    expect(win11).toMatchObject({
      name: 'Microsoft Windows 11',
      family: 'windows',
      releaseDate: '2021-10-05',
    });
    expect(list.find((o) => o.id === 'debian11')).toMatchObject({
      family: 'linux',
      distro: 'debian',
      version: '11',
    });
    expect(list.find((o) => o.id === 'openbsd7.0')?.family).toBe('bsd');
    expect(list.find((o) => o.id === 'fedora20')?.eol).toBe(true);
    const dates = list.map((o) => o.releaseDate ?? '').filter(Boolean);
    expect(dates).toEqual([...dates].sort().reverse());
    expect(new Set(list.map((o) => o.id)).size).toBe(list.length);
  });

  it('prefills resources: recommended, else twice the minimum, else 2 GiB / 2 vCPUs / 25 GiB', () => {
    expect(db.resources(db.get('fedora37'))).toMatchObject({
      memoryMiB: 2048,
      diskGiB: 20,
      vcpus: 2,
      minMemoryMiB: 1024,
    });
    expect(db.resources(db.get('win11'))).toEqual({
      memoryMiB: 8192,
      vcpus: 4,
      diskGiB: 128,
      minMemoryMiB: 4096,
      minVcpus: 2,
      minDiskGiB: 64,
      source: "twice osinfo-db's minimums",
    });
    expect(db.resources(db.get('freebsd13.1'))).toEqual({
      memoryMiB: 2048,
      vcpus: 2,
      diskGiB: 25,
      minMemoryMiB: undefined,
      minVcpus: undefined,
      minDiskGiB: undefined,
      source: "KVM Desk's defaults (osinfo-db has no values)",
    });
    expect(db.resources(undefined).source).toMatch(/KVM Desk's defaults/);
  });

  it('falls back to the newest older release for ids newer than the database, and says so', () => {
    expect(db.resolve('debian12')).toMatchObject({
      os: { id: 'debian11' },
      name: 'Debian 12',
      note: "Debian 12 is newer than this host's OS database; using Debian 11's settings.",
    });
    expect(db.resolve('freebsd14.0')?.os.id).toBe('freebsd13.1');
    expect(db.resolve('openbsd7.3')?.note).toMatch(/OpenBSD 7\.3 is newer .* using OpenBSD 7\.0's settings/);
    expect(db.resolve('debian11')).toEqual({ os: db.get('debian11'), name: 'Debian 11' });
    expect(db.resolve('nosuchos3')).toBeUndefined();
    expect(db.resolve('debian1')).toBeUndefined();
  });

  it('knows devices through derives-from, and a newer release dropping one', () => {
    expect(db.supports(db.get('debian11')!, 'virtio-disk')).toBe(true);
    expect(db.supports(db.get('ubuntu22.04')!, 'virtio-gpu')).toBe(false);
    expect(db.supports(db.get('win11')!, 'virtio-disk')).toBe(false);
    expect(db.firmware(db.get('win11')!)).toEqual({
      efiRequired: true,
      efiSupported: true,
      biosSupported: false,
    });
    expect(db.firmware(db.get('debian11')!).efiRequired).toBe(false);
  });

  it('gives summaryFromXml exact names through its lookup', () => {
    const xml = `<domain type='kvm'><name>a</name><uuid>u</uuid><memory>1</memory><vcpu>1</vcpu><metadata>
      <libosinfo:libosinfo xmlns:libosinfo="http://libosinfo.org/xmlns/libvirt/domain/1.0">
      <libosinfo:os id="http://centos.org/centos-stream/9"/></libosinfo:libosinfo></metadata></domain>`;
    expect(parseDomainXml(xml, db.lookup)).toMatchObject({
      osId: 'centos-stream9',
      osName: 'CentOS Stream 9',
      osFamily: 'linux',
    });
  });

  it('keeps the parsed database in the cache directory for the next launch', async () => {
    forgetLoadedOsinfo();
    const cold = await loadOsinfoDb({ cacheDir });
    expect(readdirSync(cacheDir).filter((f) => /^osinfo-[0-9a-f]+\.json$/.test(f))).toHaveLength(1);
    forgetLoadedOsinfo();
    const t0 = performance.now();
    const warm = await loadOsinfoDb({ cacheDir });
    const ms = performance.now() - t0;
    expect(warm.list().length).toBe(cold.list().length);
    expect(warm.get('win11')?.media).toEqual(cold.get('win11')?.media);
    expect(ms).toBeLessThan(300);
  });
});
