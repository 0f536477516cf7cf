// Storage pools of one connection: list them with type, state, space and autostart; which types this host
// can make (libvirt's storage pool capabilities, and on this machine the helper programs they need); create
// a dir, netfs or logical pool (a failed create undefines what it defined); start, stop, refresh, autostart;
// delete only an empty pool no guest refers to (the folder stays: deleting it is not the user's choice).
import { access } from 'node:fs/promises';
import type { CreatePoolArgs, PoolState, PoolTypeSupport, StoragePool } from '../../../preload/storage';
import type { LibvirtConnectionApi, PoolRef } from '../../libvirt/facade';
import { isLocalUri } from '../../libvirt/uri';
import { attr, buildXml, child, children, find, h, parseXml, text, type XmlDocument } from '../../model/xml';
import { guestFileUses } from '../delete-plan';
import { ApiFailure, isNotFound } from '../errors';

const STATES: PoolState[] = ['inactive', 'building', 'running', 'degraded', 'inaccessible'];

export async function findPool(c: LibvirtConnectionApi, name: string): Promise<PoolRef> {
  try {
    return await c.lookupStoragePoolByName(name);
  } catch (err) {
    if (isNotFound(err))
      throw new ApiFailure('NOT_FOUND', `There is no storage pool named "${name}".`, { field: 'pool' });
    throw err;
  }
}

export async function poolInfo(
  c: LibvirtConnectionApi,
  connection: string,
  ref: PoolRef,
): Promise<StoragePool> {
  const [info, autostart, xml] = await Promise.all([
    c.storagePoolGetInfo(ref),
    c.storagePoolGetAutostart(ref).catch(() => false),
    c.storagePoolGetXML(ref, 0),
  ]);
  const root = parseXml(xml).documentElement!;
  const source = child(root, 'source');
  const host = attr(child(source, 'host'), 'name');
  const dir = attr(child(source, 'dir'), 'path');
  const state = STATES[info.state] ?? 'inaccessible';
  const volumeCount =
    state === 'running' ? (await c.listAllVolumes(ref, 0).catch(() => undefined))?.length : undefined;
  return {
    connection,
    name: ref.name,
    uuid: ref.uuid,
    type: attr(root, 'type') ?? 'unknown',
    state,
    autostart,
    capacityBytes: Number(info.capacity),
    allocationBytes: Number(info.allocation),
    availableBytes: Number(info.available),
    path: text(find(root, 'target/path')),
    source: host ? `${host}:${dir ?? ''}` : text(child(source, 'name')),
    ...(volumeCount !== undefined ? { volumeCount } : {}),
  };
}

export async function listStoragePools(c: LibvirtConnectionApi, connection: string): Promise<StoragePool[]> {
  const refs = await c.listAllStoragePools(0);
  const pools = await Promise.all(refs.map((r) => poolInfo(c, connection, r).catch(() => undefined)));
  return pools.filter((p) => p !== undefined).sort((a, b) => a.name.localeCompare(b.name));
}

const OFFERED: { type: PoolTypeSupport['type']; label: string; helper?: string[]; pkg?: string }[] = [
  { type: 'dir', label: 'Folder' },
  {
    type: 'netfs',
    label: 'NFS share',
    helper: ['/sbin/mount.nfs', '/usr/sbin/mount.nfs'],
    pkg: 'nfs-common',
  },
  { type: 'logical', label: 'LVM volume group', helper: ['/sbin/vgs', '/usr/sbin/vgs'], pkg: 'lvm2' },
];

async function anyExists(paths: string[]): Promise<boolean> {
  for (const p of paths) {
    if (
      await access(p).then(
        () => true,
        () => false,
      )
    )
      return true;
  }
  return false;
}

/** The types the create form offers, each supported or with the reason it is not on this host. */
export async function poolTypes(c: LibvirtConnectionApi): Promise<PoolTypeSupport[]> {
  let caps: XmlDocument | undefined;
  try {
    caps = parseXml(await c.connectGetStoragePoolCapabilities(0));
  } catch {
    caps = undefined; // libvirt < 5.2 or a driver without the call: only the helper checks remain
  }
  const local = isLocalUri(c.uri);
  return Promise.all(
    OFFERED.map(async (o): Promise<PoolTypeSupport> => {
      const el = caps
        ? children(caps.documentElement ?? undefined, 'pool').find((p) => attr(p, 'type') === o.type)
        : undefined;
      if (caps && attr(el, 'supported') !== 'yes') {
        const reason = `this host's libvirt was built without ${o.type} pools`;
        return { type: o.type, label: o.label, supported: false, reason };
      }
      if (local && o.helper && !(await anyExists(o.helper))) {
        const reason = `${o.helper[0].split('/').pop()} is not installed on this computer (package ${o.pkg})`;
        return { type: o.type, label: o.label, supported: false, reason };
      }
      return { type: o.type, label: o.label, supported: true };
    }),
  );
}

function poolXml(a: CreatePoolArgs): string {
  const field = (name: keyof CreatePoolArgs, what: string): string => {
    const v = a[name];
    if (typeof v !== 'string' || v === '')
      throw new ApiFailure('INVALID_INPUT', `${what} is required.`, { field: name });
    return v;
  };
  const absolute = (name: 'path' | 'sourcePath', what: string) => {
    const v = field(name, what);
    if (!v.startsWith('/'))
      throw new ApiFailure('INVALID_INPUT', `${what} must start with "/".`, { field: name });
    return v;
  };
  if (a.type === 'dir') {
    return buildXml(
      h(
        'pool',
        { type: 'dir' },
        h('name', {}, a.name),
        h('target', {}, h('path', {}, absolute('path', 'The folder'))),
      ),
    );
  }
  if (a.type === 'netfs') {
    const source = h(
      'source',
      {},
      h('host', { name: field('sourceHost', 'The NFS server') }),
      h('dir', { path: absolute('sourcePath', 'The exported folder') }),
      h('format', { type: 'nfs' }),
    );
    const target = h('target', {}, h('path', {}, absolute('path', 'The mount point')));
    return buildXml(h('pool', { type: 'netfs' }, h('name', {}, a.name), source, target));
  }
  const vg = field('volumeGroup', 'The volume group');
  const source = h('source', {}, h('name', {}, vg), h('format', { type: 'lvm2' }));
  return buildXml(
    h(
      'pool',
      { type: 'logical' },
      h('name', {}, a.name),
      source,
      h('target', {}, h('path', {}, `/dev/${vg}`)),
    ),
  );
}

export async function createStoragePool(
  c: LibvirtConnectionApi,
  connection: string,
  a: CreatePoolArgs,
): Promise<StoragePool> {
  const support = (await poolTypes(c)).find((t) => t.type === a.type);
  if (!support?.supported)
    throw new ApiFailure(
      'UNSUPPORTED',
      `This host cannot make ${support?.label ?? a.type} pools: ${support?.reason}.`,
      { field: 'type' },
    );
  const taken = await c
    .lookupStoragePoolByName(a.name)
    .catch((e) => (isNotFound(e) ? undefined : Promise.reject(e)));
  if (taken)
    throw new ApiFailure('NAME_TAKEN', `A storage pool named "${a.name}" already exists.`, { field: 'name' });
  const xml = poolXml(a);
  const ref = await c.storagePoolDefineXML(xml, 0);
  try {
    // build makes a missing folder (or mount point) as the daemon's user, the owner libvirt's pools have;
    // an existing folder keeps its owner and mode. A logical pool is never built: that formats disks.
    if (a.type !== 'logical') await c.storagePoolBuild(ref, 0);
    await c.storagePoolCreate(ref, 0);
    if (a.autostart !== false) await c.storagePoolSetAutostart(ref, true);
  } catch (err) {
    await c.storagePoolDestroy(ref).catch(() => undefined);
    await c.storagePoolUndefine(ref).catch(() => undefined);
    throw err;
  }
  return poolInfo(c, connection, ref);
}

export async function startStoragePool(c: LibvirtConnectionApi, name: string): Promise<void> {
  const ref = await findPool(c, name);
  if (!(await c.storagePoolIsActive(ref))) await c.storagePoolCreate(ref, 0);
}

export async function stopStoragePool(c: LibvirtConnectionApi, name: string): Promise<void> {
  const ref = await findPool(c, name);
  const running = (await guestsUsingPool(c, ref)).filter((g) => g.running).map((g) => g.name);
  if (running.length)
    throw new ApiFailure(
      'WRONG_STATE',
      `Running guests use volumes of "${name}": ${running.join(', ')}. Shut them down first.`,
    );
  if (await c.storagePoolIsActive(ref)) await c.storagePoolDestroy(ref);
}

export async function refreshStoragePool(c: LibvirtConnectionApi, name: string): Promise<void> {
  await c.storagePoolRefresh(await findPool(c, name), 0);
}

export async function setStoragePoolAutostart(
  c: LibvirtConnectionApi,
  name: string,
  on: boolean,
): Promise<void> {
  await c.storagePoolSetAutostart(await findPool(c, name), on);
}

/** Guests whose disks name a volume of the pool, or a file under its folder (an inactive pool too). */
async function guestsUsingPool(
  c: LibvirtConnectionApi,
  ref: PoolRef,
): Promise<{ name: string; running: boolean }[]> {
  const path = text(find(parseXml(await c.storagePoolGetXML(ref, 0)).documentElement!, 'target/path'));
  const under = path ? `file:${path.replace(/\/$/, '')}/` : undefined;
  return (await guestFileUses(c)).filter((g) =>
    [...g.ids].some(
      (id) => id.startsWith(`vol:${ref.name}/`) || (under !== undefined && id.startsWith(under)),
    ),
  );
}

export async function deleteStoragePool(c: LibvirtConnectionApi, name: string): Promise<void> {
  const ref = await findPool(c, name);
  const users = await guestsUsingPool(c, ref);
  if (users.length)
    throw new ApiFailure(
      'WRONG_STATE',
      `"${name}" is used by ${users.map((g) => g.name).join(', ')}: its volumes hold their disks.`,
    );
  if (await c.storagePoolIsActive(ref)) {
    await c.storagePoolRefresh(ref, 0).catch(() => undefined);
    const vols = await c.listAllVolumes(ref, 0);
    if (vols.length) {
      const names =
        vols
          .slice(0, 3)
          .map((v) => v.name)
          .join(', ') + (vols.length > 3 ? ', …' : '');
      throw new ApiFailure(
        'WRONG_STATE',
        `"${name}" still has ${vols.length} volume${vols.length > 1 ? 's' : ''} (${names}). Delete them first.`,
      );
    }
    await c.storagePoolDestroy(ref);
  }
  await c.storagePoolUndefine(ref);
}
