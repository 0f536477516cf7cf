// A real QEMU guest (domain type qemu, TCG) on qemu:///system, driven by our client: define, start,
// screenshot, hotplug, reset, destroy, undefine; and state changes made from outside with virsh, which
// must reach our event listeners with the right detail. Starts a guest: holds the guest lock.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DeviceModifyFlags,
  type DomainLifecycleEvent,
  type DomainRef,
  DomainState,
  type LibvirtConnection,
  openConnection,
  type PoolRef,
} from '../../../main/libvirt/index.js';
import { guestLock, TCG_GUEST_XML, virsh, virshQuiet, waitFor } from './helpers.js';

const URI = 'qemu:///system';
const NAME = `kvmdesk-test-lvguest-${process.pid}`;
const POOL = `kvmdesk-test-lvpool-${process.pid}`;
const ISO = resolve(import.meta.dirname, '../../../fixtures/grub-rescue-cdrom.iso');

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
  await virshQuiet(URI, 'undefine', NAME);
  await virshQuiet(URI, 'pool-destroy', POOL);
  await virshQuiet(URI, 'pool-undefine', POOL);
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
    dom = await conn.domainDefineXML(TCG_GUEST_XML(NAME, ISO));
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
    await conn.domainUpdateDevice(dom, empty, DeviceModifyFlags.LIVE);
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
