// A real QEMU guest (domain type qemu, TCG) on qemu:///system, driven by our client: define, start,
// screenshot, hotplug, reset, interface addresses, managed save, destroy, undefine; and state changes made
// from outside with virsh, which must reach our event listeners with the right detail. The guest has a
// NIC on a kvmdesk-test network with DHCP and a guest agent channel (no agent runs in it).
// Starts a guest: holds the guest lock.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DestroyFlags,
  DeviceModifyFlags,
  type DomainLifecycleEvent,
  type DomainRef,
  DomainState,
  ErrorCode,
  InterfaceAddressSource,
  IpAddrType,
  type LibvirtConnection,
  LibvirtError,
  openConnection,
  type PoolRef,
  SaveFlags,
  ShutdownFlags,
} from '../../../main/libvirt/index.js';
import { guestLock, TCG_GUEST_XML, virsh, virshQuiet, waitFor } from './helpers.js';

const URI = 'qemu:///system';
const NAME = `kvmdesk-test-lvguest-${process.pid}`;
const POOL = `kvmdesk-test-lvpool-${process.pid}`;
const NET = `kvmdesk-test-lvnet-${process.pid}`;
const BRIDGE = `kvmdtg${process.pid % 100000}`;
const MAC = '52:54:00:7e:57:30';
const ISO = resolve(import.meta.dirname, '../../../fixtures/grub-rescue-cdrom.iso');
// no option ROM: the guest boots from the CD only, and needs no iPXE image on the host
const NIC = `<interface type='network'><source network='${NET}'/><mac address='${MAC}'/><model type='e1000'/><rom enabled='no'/></interface>`;
const AGENT = `<channel type='unix'><target type='virtio' name='org.qemu.guest_agent.0'/></channel>`;

let conn: LibvirtConnection;
let release: () => void = () => {};
let poolDir = '';
const life: DomainLifecycleEvent[] = [];
const added: string[] = [];
const removed: string[] = [];
const reboots: string[] = [];
const trays: { devAlias: string; reason: number }[] = [];

async function cleanup() {
  await virshQuiet(URI, 'destroy', NAME);
  await virshQuiet(URI, 'undefine', '--managed-save', NAME);
  await virshQuiet(URI, 'pool-destroy', POOL);
  await virshQuiet(URI, 'pool-undefine', POOL);
  await virshQuiet(URI, 'net-destroy', NET);
  await virshQuiet(URI, 'net-undefine', NET);
}

beforeAll(async () => {
  release = await guestLock();
  await cleanup();
  conn = await openConnection(URI);
  conn.on('domainLifecycle', (e) => e.dom.name === NAME && life.push(e));
  conn.on('domainDeviceAdded', (e) => e.dom.name === NAME && added.push(e.devAlias));
  conn.on('domainDeviceRemoved', (e) => e.dom.name === NAME && removed.push(e.devAlias));
  conn.on('domainReboot', (e) => e.dom.name === NAME && reboots.push(e.dom.name));
  conn.on('domainTrayChange', (e) => e.dom.name === NAME && trays.push(e));
  await conn.eventsReady();
  poolDir = mkdtempSync(join(tmpdir(), 'kvmdesk-test-pool-'));
  chmodSync(poolDir, 0o755); // qemu runs as its own user and must reach the disk image
  const net = await conn.networkDefineXML(
    `<network><name>${NET}</name><bridge name='${BRIDGE}'/>` +
      `<ip address='10.213.78.1' netmask='255.255.255.0'><dhcp><range start='10.213.78.10' end='10.213.78.50'/></dhcp></ip></network>`,
  );
  await conn.networkCreate(net);
}, 25 * 60_000);

afterAll(async () => {
  await conn?.close();
  await cleanup();
  if (poolDir) rmSync(poolDir, { recursive: true, force: true });
  release();
});

const lifeAfter = (from: number) => life.slice(from).map((e) => `${e.eventName}/${e.detailName}`);

describe('a real QEMU guest on qemu:///system', () => {
  let dom: DomainRef;
  let pool: PoolRef;

  it('reads host capabilities for qemu guests', async () => {
    const caps = await conn.getDomainCapabilities({ virttype: 'qemu', arch: 'x86_64' });
    expect(caps).toMatch(/<domainCapabilities>/);
    expect(caps).toContain('<domain>qemu</domain>');
    expect(await conn.getCapabilities()).toMatch(/<domain type='qemu'/);
    const mem = await conn.nodeGetMemoryStats();
    expect(mem.total).toBeGreaterThan(0n);
  });

  it('keeps volume data through upload and download, and resizes', async () => {
    pool = await conn.storagePoolDefineXML(
      `<pool type='dir'><name>${POOL}</name><target><path>${poolDir}</path></target></pool>`,
    );
    await conn.storagePoolCreate(pool);
    const vol = await conn.volumeCreateXML(
      pool,
      `<volume><name>kvmdesk-test-usb.img</name><capacity unit='MiB'>1</capacity><target><format type='raw'/></target></volume>`,
    );
    const data = Buffer.alloc(600 * 1024);
    for (let i = 0; i < data.length; i++) data[i] = (i * 7) & 0xff;
    await conn.volumeUpload(vol, data);
    const back = await conn.volumeDownload(vol, 0n, BigInt(data.length));
    expect(back.equals(data)).toBe(true);
    await conn.volumeResize(vol, 2n * 1024n * 1024n);
    expect((await conn.volumeGetInfo(vol)).capacity).toBe(2n * 1024n * 1024n);
  });

  it('defines the guest and edits its configuration', async () => {
    dom = await conn.domainDefineXML(TCG_GUEST_XML(NAME, ISO).replace('<serial', `${NIC}${AGENT}<serial`));
    await waitFor(() => lifeAfter(0).includes('defined/added'), 10_000, 'defined event');
    const net = `<interface type='user'><mac address='52:54:00:aa:bb:01'/><model type='virtio'/></interface>`;
    await conn.domainAttachDevice(dom, net, DeviceModifyFlags.CONFIG);
    expect(await conn.domainGetXML(dom, 2)).toContain('52:54:00:aa:bb:01');
    await conn.domainDetachDevice(dom, net, DeviceModifyFlags.CONFIG);
    expect(await conn.domainGetXML(dom, 2)).not.toContain('52:54:00:aa:bb:01');
  });

  it('starts, shows its screen, hotplugs a disk and resets, with events for each', async () => {
    const from = life.length;
    await conn.domainCreate(dom);
    dom = await conn.lookupDomainByUuid(dom.uuid);
    expect(dom.id).toBeGreaterThan(0);
    await waitFor(() => lifeAfter(from).includes('started/booted'), 30_000, 'started event');
    expect((await conn.domainGetState(dom)).state).toBe(DomainState.RUNNING);

    const shot = await conn.domainScreenshot(dom);
    // QEMU 7.2 with libvirt 9 sends PNG; older pairs send PPM (P6)
    expect(['image/png', 'image/x-portable-pixmap']).toContain(shot.mime);
    const magic = shot.mime === 'image/png' ? '\x89PNG' : 'P6';
    expect(shot.data.subarray(0, magic.length).toString('latin1')).toBe(magic);
    expect(shot.data.length).toBeGreaterThan(100);

    const usb = `<disk type='file' device='disk'><driver name='qemu' type='raw'/><source file='${poolDir}/kvmdesk-test-usb.img'/><target dev='sdb' bus='usb'/><alias name='ua-kvmdesk-usb'/></disk>`;
    await conn.domainAttachDevice(dom, usb, DeviceModifyFlags.LIVE);
    await waitFor(() => added.includes('ua-kvmdesk-usb'), 30_000, 'device added event');
    await conn.domainDetachDevice(dom, usb, DeviceModifyFlags.LIVE);
    await waitFor(() => removed.includes('ua-kvmdesk-usb'), 30_000, 'device removed event');

    await conn.domainReset(dom);
    await waitFor(() => reboots.length > 0, 30_000, 'reboot event');
  });

  it('opens its serial console as a stream, one client at a time unless forced', async () => {
    const first = await conn.domainOpenConsole(dom);
    const firstClosed = new Promise<void>((r) => first.once('close', () => r()));
    first.on('error', () => {});
    first.resume();
    first.write('\r');
    const busy = await conn.domainOpenConsole(dom).catch((e) => e);
    expect(busy).toMatchObject({ kind: 'LIBVIRT' });
    expect(busy.message).toMatch(/console/i);
    const second = await conn.domainOpenConsole(dom, undefined, 1); // FORCE takes it over
    await firstClosed;
    second.end();
    second.resume();
    await new Promise((r) => second.once('close', r));
  });

  it('ejects the CD and hears the tray open', async () => {
    const empty = `<disk type='file' device='cdrom'><driver name='qemu' type='raw'/><target dev='hdc' bus='ide'/><readonly/></disk>`;
    // right after a reset libvirt may still hold an old "tray open" and skip waiting for the tray, then
    // QEMU refuses ("Tray of device ... is not open"): that race is libvirt's, so only it is retried
    await waitFor(
      () =>
        conn.domainUpdateDevice(dom, empty, DeviceModifyFlags.LIVE).then(
          () => true,
          (e: Error) => {
            if (/Tray of device .* is not open/.test(e.message)) return false;
            throw e;
          },
        ),
      30_000,
      'CD eject',
    );
    await waitFor(() => trays.length > 0, 30_000, 'tray change event');
    expect(trays[0]).toMatchObject({ reason: 0 }); // VIR_DOMAIN_EVENT_TRAY_CHANGE_OPEN
    expect(await conn.domainGetXML(dom)).not.toContain(ISO);
  });

  it('hears start, suspend, resume and destroy made with virsh, with their details', async () => {
    let from = life.length;
    await virsh(URI, 'suspend', NAME);
    await waitFor(() => lifeAfter(from).includes('suspended/paused'), 30_000, 'suspended event');
    from = life.length;
    await virsh(URI, 'resume', NAME);
    await waitFor(() => lifeAfter(from).includes('resumed/unpaused'), 30_000, 'resumed event');
    from = life.length;
    await virsh(URI, 'destroy', NAME);
    await waitFor(() => lifeAfter(from).includes('stopped/destroyed'), 30_000, 'stopped event');
    from = life.length;
    await virsh(URI, 'start', NAME);
    await waitFor(() => lifeAfter(from).includes('started/booted'), 30_000, 'started event');
    const ev = life.at(-1)!;
    expect(ev).toMatchObject({ event: 2, detail: 0, eventName: 'started', detailName: 'booted' });
    expect(ev.dom.uuid).toBe(dom.uuid);
  });

  it('reports interface addresses from DHCP leases and ARP, and says the guest agent is not there', async () => {
    dom = await conn.lookupDomainByName(NAME);
    const vnet = /<interface type='network'>[\s\S]*?<target dev='([^']+)'/.exec(
      await conn.domainGetXML(dom),
    )?.[1];
    expect(vnet).toMatch(/^vnet\d+$/);
    // GRUB never asks for a lease: none yet
    expect(await conn.domainInterfaceAddresses(dom, InterfaceAddressSource.LEASE)).toEqual([]);
    // the lease libvirt's lease helper (dnsmasq's --dhcp-script) records after a DHCP exchange
    const expiry = Math.floor(Date.now() / 1000) + 3600;
    writeFileSync(
      `/var/lib/libvirt/dnsmasq/${BRIDGE}.status`,
      JSON.stringify([{ 'ip-address': '10.213.78.20', 'mac-address': MAC, 'expiry-time': expiry }]),
    );
    expect(await conn.domainInterfaceAddresses(dom, InterfaceAddressSource.LEASE)).toEqual([
      { name: vnet, hwaddr: MAC, addrs: [{ type: IpAddrType.IPV4, addr: '10.213.78.20', prefix: 24 }] },
    ]);
    // the host's ARP table knows only guests that spoke on the network (GRUB did not). libvirt 9.0 reads
    // it over netlink and fails on some hosts ("wrong nlmsg len"); then virsh gets the very same error
    const arp = await conn.domainInterfaceAddresses(dom, InterfaceAddressSource.ARP).catch((e) => e);
    if (arp instanceof LibvirtError) {
      expect(arp).toMatchObject({ kind: 'LIBVIRT', code: ErrorCode.INTERNAL_ERROR });
      await expect(virsh(URI, 'domifaddr', NAME, '--source', 'arp')).rejects.toThrow(arp.message);
    } else {
      for (const iface of arp) expect(iface).toMatchObject({ name: vnet, hwaddr: MAC });
    }
    const agent = await conn.domainInterfaceAddresses(dom, InterfaceAddressSource.AGENT).catch((e) => e);
    expect(agent).toMatchObject({ kind: 'LIBVIRT', code: ErrorCode.AGENT_UNRESPONSIVE });
    expect(agent.message).toMatch(/guest agent is not connected/);
  });

  it('saves with managed save, comes back paused on start, and forgets a removed image', async () => {
    let from = life.length;
    await conn.domainManagedSave(dom, SaveFlags.PAUSED, { timeoutMs: 180_000 });
    expect((await conn.domainGetState(dom)).state).toBe(DomainState.SHUTOFF);
    expect(await conn.domainHasManagedSaveImage(dom)).toBe(true);
    await waitFor(() => lifeAfter(from).includes('stopped/saved'), 30_000, 'saved event');

    from = life.length;
    await conn.domainCreate(dom, 0, { timeoutMs: 180_000 });
    await waitFor(() => lifeAfter(from).includes('started/restored'), 30_000, 'restored event');
    expect((await conn.domainGetState(dom)).state).toBe(DomainState.PAUSED); // SaveFlags.PAUSED held
    expect(await conn.domainHasManagedSaveImage(dom)).toBe(false); // libvirt drops the image it restored
    await conn.domainResume(dom);
    expect((await conn.domainGetState(dom)).state).toBe(DomainState.RUNNING);

    await conn.domainManagedSave(dom, 0, { timeoutMs: 180_000 });
    expect(await conn.domainHasManagedSaveImage(dom)).toBe(true);
    await conn.domainManagedSaveRemove(dom);
    expect(await conn.domainHasManagedSaveImage(dom)).toBe(false);
    from = life.length;
    await conn.domainCreate(dom);
    await waitFor(() => lifeAfter(from).includes('started/booted'), 30_000, 'fresh boot event');
    expect(lifeAfter(from)).not.toContain('started/restored');
  });

  it('takes shutdown and destroy flags', async () => {
    dom = await conn.lookupDomainByName(NAME);
    // GRUB ignores the ACPI power button; libvirt accepts the request and the guest keeps running
    await expect(conn.domainShutdown(dom, ShutdownFlags.ACPI_POWER_BTN)).resolves.toBeUndefined();
    const bogus = await conn.domainShutdown(dom, 1 << 30).catch((e) => e);
    expect(bogus).toMatchObject({ kind: 'LIBVIRT', code: ErrorCode.INVALID_ARG });
    expect(bogus.message).toMatch(/unsupported flags \(0x40000000\)/);
    const from = life.length;
    await conn.domainDestroy(dom, DestroyFlags.GRACEFUL); // SIGTERM only: QEMU exits cleanly on it
    expect(await conn.domainIsActive(dom)).toBe(false);
    await waitFor(() => lifeAfter(from).includes('stopped/destroyed'), 30_000, 'stopped event');
    await conn.domainCreate(dom);
  });

  it('destroys and undefines the guest', async () => {
    const from = life.length;
    dom = await conn.lookupDomainByName(NAME);
    await conn.domainDestroy(dom);
    expect(await conn.domainIsActive(dom)).toBe(false);
    await conn.domainUndefine(dom);
    await waitFor(() => lifeAfter(from).includes('undefined/removed'), 30_000, 'undefined event');
    expect(lifeAfter(from)).toContain('stopped/destroyed');
    expect((await conn.listAllDomains()).map((d) => d.name)).not.toContain(NAME);
  });
});
