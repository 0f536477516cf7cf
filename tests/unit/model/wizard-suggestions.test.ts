// What the wizard suggests and says about it: values lowered to the host say so, an OS newer than the
// host's osinfo-db is found by its name and version, the reasons follow the user's choices, and a
// stopped or missing NAT network is refused unless KVM Desk is to start it.
import { describe, expect, it } from 'vitest';
import { chooseHardware, fitResources, type HostFeatures } from '../../../main/model/defaults';
import { type CreateContext, validateCreateSpec } from '../../../main/model/validate-create';
import { loadOsinfoDb } from '../../../main/services/osinfo-db';
import type { CreateVmSpec } from '../../../preload/contract';

const db = await loadOsinfoDb({ cacheDir: false });
const GiB = 1024 ** 3;

describe('suggestions fitted to the host', () => {
  const win11 = { memoryMiB: 8192, vcpus: 4, diskGiB: 128, source: "twice osinfo-db's minimums" };

  it('says which value was capped and why', () => {
    const r = fitResources(win11, {
      memoryKiB: 6.6 * 1024 * 1024,
      cpus: 2,
      poolFreeBytes: 78.5 * GiB,
      poolName: 'default',
    });
    expect(r).toMatchObject({ memoryMiB: 5068, vcpus: 2, diskGiB: 78 });
    expect(r.capped).toEqual([
      'Memory capped at 5,068 MiB (instead of 8,192): the host has 6.6 GiB, and KVM Desk leaves a quarter of it for the host.',
      'vCPUs capped at 2 (instead of 4): the host has 2 CPUs.',
      'Disk capped at 78 GiB (instead of 128): storage pool “default” has 79 GiB free.',
    ]);
  });

  it('says nothing when everything fits, or the pool is unknown', () => {
    const r = fitResources(win11, { memoryKiB: 64 * 1024 * 1024, cpus: 16, poolName: 'default' });
    expect(r).toEqual(win11);
  });
});

describe('an OS newer than the host database, searched by name', () => {
  it('finds the newest older release of the same distribution', () => {
    const known = (id: string) => db.get(id) !== undefined;
    // this host's osinfo-db (0.20221130) stops at Debian 11 and FreeBSD 13.1
    if (known('debian12') || known('freebsd14.0')) return;
    expect(db.nearestOlder('Debian 12')).toMatchObject({ id: 'debian12', version: '12' });
    expect(db.nearestOlder('Debian 12')?.os.name).toBe('Debian 11');
    expect(db.nearestOlder('freebsd 14')?.os.name).toMatch(/^FreeBSD 13/);
    expect(db.newerEntry(db.nearestOlder('FreeBSD 14')!.os, '14').name).toBe('FreeBSD 14');
  });

  it('offers nothing for a release the db knows, text without a version, or Windows', () => {
    expect(db.nearestOlder('Debian 11')).toBeUndefined();
    expect(db.nearestOlder('debian')).toBeUndefined();
    expect(db.nearestOlder('windows 12')).toBeUndefined();
    expect(db.nearestOlder('nosuchos 3')).toBeUndefined();
  });
});

const HOST: HostFeatures = {
  accelerator: 'kvm',
  efi: true,
  secureBoot: true,
  cpuModes: { hostPassthrough: true, maximum: true, hostModel: true },
  tpmEmulator: true,
};

describe('the reasons follow the choices', () => {
  const os = db.get('win11')!;

  it('a virtio-win ISO turns SATA and e1000e into virtio', () => {
    const without = chooseHardware({ db, os, host: HOST }).reasons.join(' ');
    const withIso = chooseHardware({ db, os, host: HOST, virtioWin: true }).reasons.join(' ');
    expect(without).toMatch(/SATA disk and e1000e/);
    expect(withIso).toMatch(/virtio disk and network: drivers come from the virtio-win ISO/);
    expect(withIso).not.toMatch(/SATA disk/);
  });

  it("the user's own firmware is said to be theirs", () => {
    const r = chooseHardware({ db, os, host: HOST, firmware: 'bios', tpm: false }).reasons;
    expect(r[0]).toBe('BIOS: your choice (KVM Desk suggests UEFI with Secure Boot).');
    const same = chooseHardware({ db, os, host: HOST, firmware: 'uefi-secure', tpm: true }).reasons;
    expect(same[0]).toMatch(/^UEFI with Secure Boot \(Microsoft keys enrolled\)/);
  });
});

describe('the chosen NAT network', () => {
  const spec = (over: Partial<CreateVmSpec> = {}): CreateVmSpec => ({
    connection: 'qemu:///system',
    name: 'kvmdesk-test-x',
    source: { kind: 'pxe' },
    memoryMiB: 256,
    vcpus: 1,
    diskGiB: 1,
    firmware: 'bios',
    tpm: false,
    network: { kind: 'nat', name: 'kvmdesk-test-net' },
    startAfterCreate: true,
    ...over,
  });
  const ctx = (networkState: CreateContext['networkState']): CreateContext => ({
    hostMemoryKiB: 8 * 1024 * 1024,
    hostCpus: 4,
    existingNames: new Set(),
    systemConnection: true,
    fileCheck: () => ({ exists: true, isFile: true, readableByQemu: true }),
    networkState,
  });
  const network = (s: CreateVmSpec, c: CreateContext) =>
    validateCreateSpec(s, c)
      .filter((p) => p.field === 'network')
      .map((p) => p.message);

  it('stopped: refused unless KVM Desk starts it first', () => {
    expect(network(spec(), ctx('inactive'))).toEqual([
      'The virtual network “kvmdesk-test-net” is not running: let KVM Desk start it, or choose another network.',
    ]);
    expect(network(spec({ startNetwork: true }), ctx('inactive'))).toEqual([]);
    expect(network(spec(), ctx('active'))).toEqual([]);
  });

  it('missing: refused before any disk is made', () => {
    expect(network(spec({ startNetwork: true }), ctx('missing'))).toEqual([
      'There is no virtual network “kvmdesk-test-net” on this host. Choose another network.',
    ]);
  });
});
