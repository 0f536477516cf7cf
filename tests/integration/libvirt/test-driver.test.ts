// Every call family of the client against libvirt's test driver, through the real daemon.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DefineFlags,
  DestroyFlags,
  DomainState,
  DomainXMLFlags,
  ErrorCode,
  InterfaceAddressSource,
  IpAddrType,
  type LibvirtConnection,
  LibvirtError,
  ListDomainsFlags,
  openConnection,
  ShutdownFlags,
} from '../../../main/libvirt/index.js';

const URI = 'test+unix:///default';
let conn: LibvirtConnection;

beforeAll(async () => {
  conn = await openConnection(URI);
});
afterAll(async () => {
  await conn?.close();
});

const domainXml = (name: string) =>
  `<domain type='test'><name>${name}</name><memory unit='MiB'>64</memory><vcpu>1</vcpu><os><type>hvm</type></os></domain>`;

describe('connection calls', () => {
  it('reports versions, hostname, capabilities and node facts', async () => {
    expect(await conn.getVersion()).toBeGreaterThan(0n);
    expect(await conn.getLibVersion()).toBeGreaterThanOrEqual(9000000n);
    expect((await conn.getHostname()).length).toBeGreaterThan(0);
    expect(await conn.getCapabilities()).toMatch(/<capabilities>/);
    const node = await conn.nodeGetInfo();
    expect(node.cpus).toBeGreaterThan(0);
    expect(node.memoryKiB).toBeGreaterThan(0n);
    expect(node.model.length).toBeGreaterThan(0);
    expect(await conn.nodeGetFreeMemory()).toBeGreaterThan(0n);
  });

  it('answers 50 concurrent calls, each with its own answer', async () => {
    const names = Array.from({ length: 50 }, (_, i) => `${PREFIXED}c${i}`);
    const defined = await Promise.all(names.map((n) => conn.domainDefineXML(domainXml(n))));
    expect(defined.map((d) => d.name)).toEqual(names);
    const xmls = await Promise.all(defined.map((d) => conn.domainGetXML(d)));
    for (const [i, x] of xmls.entries()) expect(x).toContain(`<name>${names[i]}</name>`);
    const looked = await Promise.all(names.map((n) => conn.lookupDomainByName(n)));
    expect(looked.map((d) => d.uuid)).toEqual(defined.map((d) => d.uuid));
    await Promise.all(defined.map((d) => conn.domainUndefine(d)));
  });
});

const PREFIXED = 'kvmdesk-test-';

describe('domains', () => {
  it('defines, starts, suspends, resumes, reboots, resets, stops and undefines a domain', async () => {
    const dom = await conn.domainDefineXML(domainXml(`${PREFIXED}life`), DefineFlags.VALIDATE);
    expect(dom.id).toBe(-1);
    expect(await conn.domainIsPersistent(dom)).toBe(true);
    expect(await conn.domainIsActive(dom)).toBe(false);
    expect((await conn.lookupDomainByUuid(dom.uuid)).name).toBe(`${PREFIXED}life`);

    await conn.domainCreate(dom);
    expect(await conn.domainIsActive(dom)).toBe(true);
    expect((await conn.domainGetState(dom)).state).toBe(DomainState.RUNNING);
    const info = await conn.domainGetInfo(dom);
    expect(info).toMatchObject({ state: DomainState.RUNNING, nrVirtCpu: 1, maxMemKiB: 65536n });

    await conn.domainSuspend(dom);
    expect((await conn.domainGetState(dom)).state).toBe(DomainState.PAUSED);
    await conn.domainResume(dom);
    await conn.domainReboot(dom);
    await conn.domainReset(dom);
    await conn.domainSendKey(dom, 0, 10, [30, 31]);
    const stats = await conn.getAllDomainStats(1);
    const mine = stats.find((s) => s.dom.uuid === dom.uuid);
    expect(mine?.params['state.state']).toBe(DomainState.RUNNING);

    const shot = await conn.domainScreenshot(dom);
    expect(shot.mime).toBe('image/png');
    expect(shot.data.subarray(1, 4).toString()).toBe('PNG');

    await conn.domainShutdown(dom);
    expect((await conn.domainGetState(dom)).state).toBe(DomainState.SHUTOFF);
    await conn.domainCreate(dom);
    await conn.domainDestroy(dom);
    expect(await conn.domainIsActive(dom)).toBe(false);

    expect(await conn.domainGetAutostart(dom)).toBe(false);
    await conn.domainSetAutostart(dom, true);
    expect(await conn.domainGetAutostart(dom)).toBe(true);
    expect(await conn.domainHasManagedSaveImage(dom)).toBe(false);

    const all = await conn.listAllDomains(ListDomainsFlags.INACTIVE);
    expect(all.map((d) => d.name)).toContain(`${PREFIXED}life`);
    expect(await conn.domainGetXML(dom, 2)).toContain(`<name>${PREFIXED}life</name>`);

    await conn.domainUndefine(dom);
    const err = await conn.lookupDomainByUuid(dom.uuid).catch((e) => e);
    expect(err).toBeInstanceOf(LibvirtError);
    expect(err).toMatchObject({ kind: 'LIBVIRT', code: ErrorCode.NO_DOMAIN });
  });

  it('reports interface addresses: the test driver makes one IPv4 address up for each NIC', async () => {
    const macs = ['52:54:00:7e:57:01', '52:54:00:7e:57:02', '52:54:00:7e:57:03'];
    const nics = macs
      .map((mac, i) =>
        i < 2
          ? `<interface type='network'><mac address='${mac}'/><source network='default'/></interface>`
          : `<interface type='user'><mac address='${mac}'/></interface>`,
      )
      .join('');
    const dom = await conn.domainDefineXML(
      domainXml(`${PREFIXED}nics`).replace('</domain>', `<devices>${nics}</devices></domain>`),
    );
    const inactive = await conn.domainInterfaceAddresses(dom, InterfaceAddressSource.LEASE).catch((e) => e);
    expect(inactive).toMatchObject({ kind: 'LIBVIRT', code: ErrorCode.OPERATION_INVALID });
    await conn.domainCreate(dom);
    for (const source of Object.values(InterfaceAddressSource)) {
      const ifaces = await conn.domainInterfaceAddresses(dom, source);
      expect(ifaces.map((i) => [i.name, i.hwaddr])).toEqual(macs.map((m, i) => [`testnet${i}`, m]));
      for (const [i, iface] of ifaces.entries()) {
        expect(iface.addrs).toHaveLength(1);
        expect(iface.addrs[0]).toMatchObject({ type: IpAddrType.IPV4, prefix: 24 });
        // network NICs get addresses in 192.168.122.0/24, others in 192.168.0.0/24
        expect(iface.addrs[0].addr).toMatch(i < 2 ? /^192\.168\.122\.\d+$/ : /^192\.168\.0\.\d+$/);
      }
    }
    const bad = await conn.domainInterfaceAddresses(dom, 3).catch((e) => e);
    expect(bad).toMatchObject({ kind: 'LIBVIRT', code: ErrorCode.ARGUMENT_UNSUPPORTED });
    expect(bad.message).toMatch(/Unknown IP address data source 3/);
    await conn.domainDestroy(dom);
    await conn.domainUndefine(dom);
  });

  it('shows secrets in the XML only with SECURE, and passes shutdown and destroy flags', async () => {
    const dom = await conn.domainDefineXML(
      domainXml(`${PREFIXED}secure`).replace(
        '</domain>',
        `<devices><graphics type='vnc' port='-1' passwd='kvmdesk-secret'/></devices></domain>`,
      ),
    );
    expect(await conn.domainGetXML(dom)).not.toContain('kvmdesk-secret');
    expect(await conn.domainGetXML(dom, DomainXMLFlags.SECURE)).toContain("passwd='kvmdesk-secret'");
    expect(await conn.domainGetXML(dom, DomainXMLFlags.SECURE | DomainXMLFlags.INACTIVE)).toContain(
      "passwd='kvmdesk-secret'",
    );
    await conn.domainCreate(dom);
    // the test driver takes no shutdown flags: its refusal shows the flag reached it
    const refused = await conn.domainShutdown(dom, ShutdownFlags.ACPI_POWER_BTN).catch((e) => e);
    expect(refused).toMatchObject({ kind: 'LIBVIRT', code: ErrorCode.INVALID_ARG });
    expect(refused.message).toMatch(/unsupported flags \(0x1\)/);
    expect(await conn.domainIsActive(dom)).toBe(true);
    await conn.domainDestroy(dom, DestroyFlags.GRACEFUL);
    expect(await conn.domainIsActive(dom)).toBe(false);
    await conn.domainUndefine(dom);
  });

  it('creates a transient domain from XML', async () => {
    const dom = await conn.domainCreateXML(domainXml(`${PREFIXED}transient`));
    expect(dom.id).toBeGreaterThan(0);
    expect(await conn.domainIsPersistent(dom)).toBe(false);
    await conn.domainDestroy(dom);
  });

  it('reports a libvirt error with its code for bad XML', async () => {
    const err = await conn.domainDefineXML('<domain', 0).catch((e) => e);
    expect(err).toMatchObject({ kind: 'LIBVIRT', code: ErrorCode.XML_DETAIL });
    expect(err.message).toMatch(/domain_definition/);
  });
});

describe('snapshots', () => {
  it('creates, lists, reads, reverts to and deletes a snapshot', async () => {
    const dom = await conn.domainDefineXML(domainXml(`${PREFIXED}snap`));
    expect(await conn.snapshotCurrent(dom)).toBeUndefined();
    const snap = await conn.snapshotCreateXML(
      dom,
      `<domainsnapshot><name>${PREFIXED}s1</name><description>first</description></domainsnapshot>`,
    );
    expect(snap.name).toBe(`${PREFIXED}s1`);
    expect((await conn.listAllSnapshots(dom)).map((s) => s.name)).toEqual([`${PREFIXED}s1`]);
    expect(await conn.snapshotGetXML(snap)).toContain('<description>first</description>');
    expect((await conn.snapshotCurrent(dom))?.name).toBe(`${PREFIXED}s1`);
    await conn.snapshotRevert(snap);
    await conn.snapshotDelete(snap);
    expect(await conn.listAllSnapshots(dom)).toEqual([]);
    await conn.domainUndefine(dom);
  });
});

describe('storage', () => {
  it('defines, builds, starts, refreshes and removes a pool, with volumes', async () => {
    const pool = await conn.storagePoolDefineXML(
      `<pool type='dir'><name>${PREFIXED}pool</name><target><path>/${PREFIXED}pool</path></target></pool>`,
    );
    expect((await conn.lookupStoragePoolByName(`${PREFIXED}pool`)).uuid).toBe(pool.uuid);
    await conn.storagePoolBuild(pool);
    await conn.storagePoolCreate(pool);
    expect(await conn.storagePoolIsActive(pool)).toBe(true);
    await conn.storagePoolRefresh(pool);
    await conn.storagePoolSetAutostart(pool, true);
    expect(await conn.storagePoolGetAutostart(pool)).toBe(true);
    const info = await conn.storagePoolGetInfo(pool);
    expect(info.capacity).toBeGreaterThan(0n);
    expect(await conn.storagePoolGetXML(pool)).toContain(`<name>${PREFIXED}pool</name>`);
    expect((await conn.listAllStoragePools()).map((p) => p.name)).toContain(`${PREFIXED}pool`);

    const vol = await conn.volumeCreateXML(
      pool,
      `<volume><name>${PREFIXED}v1</name><capacity unit='MiB'>4</capacity></volume>`,
    );
    expect(vol).toMatchObject({ pool: `${PREFIXED}pool`, name: `${PREFIXED}v1` });
    const path = await conn.volumeGetPath(vol);
    expect(await conn.lookupVolumeByPath(path)).toEqual(vol);
    expect((await conn.volumeGetInfo(vol)).capacity).toBe(4n * 1024n * 1024n);
    expect(await conn.volumeGetXML(vol)).toContain(`<name>${PREFIXED}v1</name>`);
    const clone = await conn.volumeCreateXMLFrom(
      pool,
      `<volume><name>${PREFIXED}v2</name><capacity unit='MiB'>4</capacity></volume>`,
      vol,
    );
    expect((await conn.listAllVolumes(pool)).map((v) => v.name).sort()).toEqual([
      `${PREFIXED}v1`,
      `${PREFIXED}v2`,
    ]);
    await conn.volumeDelete(clone);
    await conn.volumeDelete(vol);
    expect(await conn.listAllVolumes(pool)).toEqual([]);

    await conn.storagePoolDestroy(pool);
    await conn.storagePoolUndefine(pool);
    expect((await conn.lookupStoragePoolByName(`${PREFIXED}pool`).catch((e) => e)).code).toBe(
      ErrorCode.NO_STORAGE_POOL,
    );
  });
});

describe('networks', () => {
  it('defines, starts, stops and removes a network', async () => {
    const net = await conn.networkDefineXML(
      `<network><name>${PREFIXED}net</name><bridge name='kvmdt0'/><ip address='192.168.177.1' netmask='255.255.255.0'/></network>`,
    );
    expect((await conn.lookupNetworkByName(`${PREFIXED}net`)).uuid).toBe(net.uuid);
    expect(await conn.networkIsActive(net)).toBe(false);
    await conn.networkCreate(net);
    expect(await conn.networkIsActive(net)).toBe(true);
    await conn.networkSetAutostart(net, true);
    expect(await conn.networkGetAutostart(net)).toBe(true);
    expect(await conn.networkGetXML(net)).toContain("address='192.168.177.1'");
    expect((await conn.listAllNetworks()).map((n) => n.name)).toContain(`${PREFIXED}net`);
    await conn.networkDestroy(net);
    await conn.networkUndefine(net);
    expect((await conn.lookupNetworkByName(`${PREFIXED}net`).catch((e) => e)).code).toBe(
      ErrorCode.NO_NETWORK,
    );
  });
});

describe('events', () => {
  it('delivers decoded lifecycle events by callback id, and stops after off()', async () => {
    const seen: string[] = [];
    const onLife = (e: { dom: { name: string }; eventName: string; detailName: string }) => {
      if (e.dom.name.startsWith(PREFIXED)) seen.push(`${e.eventName}/${e.detailName}`);
    };
    const pools: string[] = [];
    const onPool = (e: { pool: { name: string }; eventName: string }) => pools.push(e.eventName);
    const nets: string[] = [];
    const onNet = (e: { net: { name: string }; eventName: string }) => nets.push(e.eventName);
    const refreshes: string[] = [];
    const onRefresh = (e: { pool: { name: string } }) => refreshes.push(e.pool.name);
    conn.on('domainLifecycle', onLife).on('storagePoolLifecycle', onPool).on('networkLifecycle', onNet);
    conn.on('storagePoolRefresh', onRefresh);
    await conn.eventsReady();

    const dom = await conn.domainDefineXML(domainXml(`${PREFIXED}ev`));
    await conn.domainCreate(dom);
    await conn.domainSuspend(dom);
    await conn.domainResume(dom);
    await conn.domainReboot(dom);
    await conn.domainDestroy(dom);
    await conn.domainUndefine(dom);
    const pool = await conn.storagePoolDefineXML(
      `<pool type='dir'><name>${PREFIXED}evpool</name><target><path>/${PREFIXED}evpool</path></target></pool>`,
    );
    await conn.storagePoolCreate(pool);
    await conn.storagePoolRefresh(pool);
    await conn.storagePoolDestroy(pool);
    await conn.storagePoolUndefine(pool);
    const net = await conn.networkDefineXML(
      `<network><name>${PREFIXED}evnet</name><bridge name='kvmdt1'/></network>`,
    );
    await conn.networkUndefine(net);

    await expect
      .poll(() => seen)
      .toEqual([
        'defined/added',
        'started/booted',
        'suspended/paused',
        'resumed/unpaused',
        'stopped/destroyed',
        'undefined/removed',
      ]);
    await expect.poll(() => pools).toEqual(['defined', 'started', 'stopped', 'undefined']);
    await expect.poll(() => refreshes).toEqual([`${PREFIXED}evpool`]);
    await expect.poll(() => nets).toEqual(['defined', 'undefined']);

    conn.off('domainLifecycle', onLife);
    const again = await conn.domainDefineXML(domainXml(`${PREFIXED}ev2`));
    await conn.domainUndefine(again);
    await conn.getVersion(); // any event would have arrived before this reply
    expect(seen).toHaveLength(6);
    conn.off('storagePoolLifecycle', onPool).off('networkLifecycle', onNet);
    conn.off('storagePoolRefresh', onRefresh);
  });

  it('delivers metadata change events', async () => {
    const changes: { type: number; nsuri?: string }[] = [];
    const onMeta = (e: { type: number; nsuri?: string }) => changes.push(e);
    conn.on('domainMetadataChange', onMeta);
    await conn.eventsReady();
    const dom = await conn.domainDefineXML(domainXml(`${PREFIXED}meta`));
    await conn.domainSetMetadata(dom, 0, 'a guest for tests', undefined, undefined, 2);
    expect(await conn.domainGetMetadata(dom, 0, undefined, 2)).toBe('a guest for tests');
    await expect.poll(() => changes.length).toBeGreaterThanOrEqual(1);
    expect(changes[0].type).toBe(0);
    conn.off('domainMetadataChange', onMeta);
    await conn.domainUndefine(dom);
  });
});
