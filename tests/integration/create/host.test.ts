// What the create service reads from the host: KVM or not, UEFI/Secure Boot/TPM, the default pool, the
// NAT network's state, and validation against real files, memory and CPUs.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LibvirtConnection, openConnection } from '../../../main/libvirt/index';
import {
  type CreateDeps,
  createDefaults,
  defaultNetworkState,
  detectKvm,
  ensurePool,
  hostFeatures,
  validateForCreate,
} from '../../../main/services/create/index';
import { loadOsinfoDb } from '../../../main/services/osinfo-db';
import type { CreateVmSpec } from '../../../preload/contract';
import { virsh } from './support';

let conn: LibvirtConnection;
let deps: CreateDeps;
const rootDir = mkdtempSync('/root/kvmdesk-test-');
const rootIso = `${rootDir}/win11.iso`;

beforeAll(async () => {
  conn = await openConnection('qemu:///system');
  deps = { db: await loadOsinfoDb(), host: await hostFeatures(conn) };
  writeFileSync(rootIso, 'not really an ISO');
});
afterAll(async () => {
  rmSync(rootDir, { recursive: true, force: true });
  await virsh('net-undefine', 'kvmdesk-test-create-net').catch(() => undefined);
  await conn?.close();
});

describe('the host as the create service sees it', () => {
  it('says whether KVM works, with the reason when it does not', async () => {
    const kvm = await detectKvm(conn);
    const cpuHasVt = /<feature name='(vmx|svm)'\/>/.test(await virsh('capabilities'));
    expect(kvm.usable).toBe(cpuHasVt);
    if (!kvm.usable) expect(kvm.reason).toMatch(/hardware virtualisation|cannot use KVM/);
    expect(deps.host.accelerator).toBe(kvm.usable && process.env.KVMDESK_FORCE_TCG !== '1' ? 'kvm' : 'qemu');
    if (!kvm.usable) expect(deps.host.acceleratorWarning).toMatch(/software emulation/);
  });

  it('honours the setting (and KVMDESK_FORCE_TCG=1) that forces software emulation', async () => {
    const forced = await hostFeatures(conn, { forceSoftwareEmulation: true });
    expect(forced.accelerator).toBe('qemu');
    expect(forced.acceleratorWarning).toMatch(/forced in the settings/);
  });

  it('finds UEFI with Secure Boot and the TPM emulator (ovmf and swtpm are installed)', () => {
    expect(deps.host).toMatchObject({ efi: true, secureBoot: true, tpmEmulator: true });
  });

  it('offers the CPU mode for TCG from the domain capabilities', async () => {
    const forced = await hostFeatures(conn, { forceSoftwareEmulation: true });
    expect(forced.cpuModes.maximum || forced.cpuModes.hostModel).toBe(true);
  });
});

describe('storage pool and network', () => {
  it('makes the default storage pool when it is missing (on the test driver)', async () => {
    const test = await openConnection('test+unix:///default');
    try {
      await expect(test.lookupStoragePoolByName('default')).rejects.toThrow();
      const pool = await ensurePool(test, 'default', { system: true });
      expect(await test.storagePoolIsActive(pool)).toBe(true);
      expect(await test.storagePoolGetXML(pool, 0)).toContain('<path>/var/lib/libvirt/images</path>');
      // a second call finds it
      expect((await ensurePool(test, 'default', { system: true })).uuid).toBe(pool.uuid);
      await expect(ensurePool(test, 'kvmdesk-test-nope', { system: true })).rejects.toThrow(
        'There is no storage pool named "kvmdesk-test-nope".',
      );
    } finally {
      await test.close();
    }
  });

  it('tells whether a NAT network is missing, inactive or active', async () => {
    expect(await defaultNetworkState(conn, 'kvmdesk-test-create-net')).toBe('missing');
    const file = `${rootDir}/net.xml`;
    writeFileSync(
      file,
      `<network><name>kvmdesk-test-create-net</name><forward mode='nat'/><ip address='192.168.231.1' netmask='255.255.255.0'/></network>`,
    );
    await virsh('net-define', file);
    expect(await defaultNetworkState(conn, 'kvmdesk-test-create-net')).toBe('inactive');
  });
});

describe('validating against this host', () => {
  const base = (over: Partial<CreateVmSpec>): CreateVmSpec => ({
    connection: 'qemu:///system',
    name: 'kvmdesk-test-validate',
    osId: 'win11',
    source: { kind: 'iso', path: '/var/lib/libvirt/images' },
    memoryMiB: 4096,
    vcpus: 2,
    diskGiB: 64,
    firmware: 'uefi-secure',
    tpm: true,
    network: { kind: 'nat', name: 'default' },
    startAfterCreate: true,
    ...over,
  });

  it('says an ISO under /root cannot be read by libvirt-qemu, and why', async () => {
    const problems = await validateForCreate(conn, base({ source: { kind: 'iso', path: rootIso } }), deps);
    expect(problems).toContainEqual({
      field: 'source.path',
      severity: 'error',
      message: `${rootIso} can't be read by the hypervisor (user libvirt-qemu): the folder /root is private to root. Move it to a readable place such as /var/lib/libvirt/images.`,
    });
  });

  it("checks memory and vCPUs against this host's numbers", async () => {
    const node = await conn.nodeGetInfo();
    const problems = await validateForCreate(
      conn,
      base({ memoryMiB: 10 * 1024 * 1024, vcpus: node.cpus + 1 }),
      deps,
    );
    expect(problems.map((p) => p.field)).toEqual(expect.arrayContaining(['memoryMiB', 'vcpus']));
    expect(problems.find((p) => p.field === 'vcpus')?.message).toBe(
      `At most ${node.cpus} vCPU${node.cpus === 1 ? '' : 's'}: the host has ${node.cpus} CPU${node.cpus === 1 ? '' : 's'}.`,
    );
    expect(problems.find((p) => p.field === 'source.path')?.message).toBe(
      '/var/lib/libvirt/images is not a file: it is a folder.',
    );
  });

  it('prefills defaults for Windows 11 within what the host has', async () => {
    const d = await createDefaults(conn, { osId: 'win11' }, deps, new Date('2026-11-27T12:00:00Z'));
    const node = await conn.nodeGetInfo();
    expect(d).toMatchObject({
      name: 'win11-20261127',
      firmware: 'uefi-secure',
      tpm: true,
      os: { id: 'win11' },
    });
    expect(d.resources.vcpus).toBeLessThanOrEqual(node.cpus);
    expect(d.resources.memoryMiB).toBeLessThanOrEqual(Number(node.memoryKiB) / 1024);
    expect(d.reasons.join(' ')).toMatch(/Secure Boot/);
    const newer = await createDefaults(conn, { osId: 'debian12' }, deps);
    expect(newer.os).toMatchObject({ id: 'debian12', name: 'Debian 12', family: 'linux' });
    expect(newer.note).toBe("Debian 12 is newer than this host's OS database; using Debian 11's settings.");
  });
});
