// What deleting a guest would do to each of its disks, checked against the host and every other guest
// on the same connection. vms.deletePlan shows it before the user confirms; deleteGuest computes it
// again at delete time and deletes only what it allows (the renderer's list is never trusted).
//
// Deletable: pool volumes (deleted through libvirt) and regular files. Kept, with the reason in the
// user's words: block devices, network disks, directories, anything under /dev, shareable disks,
// removable media, a file another guest also uses (its inactive or live XML, a path or a pool volume
// naming the same file, or a backing file of its disks), and on a remote host a file outside any pool.
import { realpath, stat } from 'node:fs/promises';
import type { DeletePlan, DeletePlanDisk, DiskInfo } from '../../preload/contract';
import { LibvirtError, ErrorCode as VirErr } from '../libvirt/errors';
import type { DomainRef, LibvirtConnectionApi, VolumeRef } from '../libvirt/facade';
import { DomainXMLFlags } from '../libvirt/facade';
import { isLocalUri } from '../libvirt/uri';
import { backingFilesOf, parseDomainXml } from '../model/domain-xml';
import { isNotFound } from './errors';

export const REMOTE_NOT_IN_POOL =
  'not in a storage pool on the remote host, so KVM Desk cannot delete it safely';

/** A disk of the plan with the volume libvirt knows it as (how it is deleted). */
export interface PlannedDisk extends DeletePlanDisk {
  vol?: VolumeRef;
  /** every name its file goes by (path, the file behind symlinks, pool/volume) */
  ids: string[];
}

/** Looks up on this connection, each answer asked once per plan. */
class Resolver {
  private cache = new Map<string, Promise<unknown>>();
  readonly local: boolean;

  constructor(private c: LibvirtConnectionApi) {
    this.local = isLocalUri(c.uri);
  }

  private once<T>(key: string, f: () => Promise<T>): Promise<T> {
    let p = this.cache.get(key) as Promise<T> | undefined;
    if (!p) {
      p = f();
      this.cache.set(key, p);
    }
    return p;
  }

  /** a pool volume's file path, undefined when the pool or volume cannot be found */
  volumePath(pool: string, name: string): Promise<{ vol: VolumeRef; path: string } | undefined> {
    return this.once(`vol:${pool}/${name}`, async () => {
      try {
        const p = await this.c.lookupStoragePoolByName(pool);
        const vol = await this.c.lookupVolumeByName(p, name);
        return { vol, path: await this.c.volumeGetPath(vol) };
      } catch (err) {
        if (isNotFound(err) || isInactivePool(err)) return undefined;
        throw err;
      }
    });
  }

  /** the volume a file is, when it is in a storage pool libvirt knows */
  volumeOf(path: string): Promise<VolumeRef | undefined> {
    return this.once(`path:${path}`, async () => {
      try {
        return await this.c.lookupVolumeByPath(path);
      } catch (err) {
        if (isNotFound(err)) return undefined;
        throw err;
      }
    });
  }

  /** the file behind symlinks on this machine; the path itself elsewhere or when it does not exist */
  canonical(path: string): Promise<string> {
    if (!this.local || !path.startsWith('/')) return Promise.resolve(path);
    return this.once(`real:${path}`, () => realpath(path).catch(() => path));
  }

  /** every name a disk's file goes by: its path, the file behind symlinks, its pool volume */
  async identities(disk: DiskInfo): Promise<{ path?: string; vol?: VolumeRef; ids: string[] }> {
    let path = disk.volume ? undefined : disk.path;
    let vol: VolumeRef | undefined;
    const ids: string[] = [];
    if (disk.volume) {
      ids.push(`vol:${disk.volume.pool}/${disk.volume.name}`);
      const found = await this.volumePath(disk.volume.pool, disk.volume.name);
      vol = found?.vol;
      path = found?.path;
    }
    if (path?.startsWith('/')) {
      ids.push(`file:${path}`, `file:${await this.canonical(path)}`);
    }
    return { path, vol, ids };
  }
}

function isInactivePool(err: unknown): boolean {
  // "storage pool 'x' is not active"
  return err instanceof LibvirtError && err.kind === 'LIBVIRT' && err.code === VirErr.OPERATION_INVALID;
}

async function guestXmls(c: LibvirtConnectionApi, dom: DomainRef): Promise<string[]> {
  // the live XML (the inactive one when it is shut off) and the inactive definition of a running guest
  const live = await c.domainGetXML(dom, 0);
  const inactive = await c.domainGetXML(dom, DomainXMLFlags.INACTIVE).catch(() => live);
  return inactive === live ? [live] : [live, inactive];
}

/** Every file identity each other guest on the connection uses, by guest name. */
async function othersUsing(
  c: LibvirtConnectionApi,
  r: Resolver,
  exceptUuid: string,
): Promise<{ name: string; running: boolean; ids: Set<string> }[]> {
  const doms = (await c.listAllDomains(0)).filter((d) => d.uuid !== exceptUuid);
  const found = await Promise.all(
    doms.map(async (dom) => {
      let xmls: string[];
      try {
        xmls = await guestXmls(c, dom);
      } catch (err) {
        if (isNotFound(err)) return undefined; // it went away meanwhile
        throw err;
      }
      const ids = new Set<string>();
      for (const xml of xmls) {
        for (const disk of parseDomainXml(xml).disks) {
          for (const id of (await r.identities(disk)).ids) ids.add(id);
        }
        for (const f of backingFilesOf(xml)) {
          ids.add(`file:${f}`);
          ids.add(`file:${await r.canonical(f)}`);
        }
      }
      return { name: dom.name, running: dom.id >= 0, ids };
    }),
  );
  return found.filter((g) => g !== undefined);
}

async function sizeOf(
  c: LibvirtConnectionApi,
  r: Resolver,
  path: string | undefined,
  vol: VolumeRef | undefined,
): Promise<Pick<DeletePlanDisk, 'sizeBytes' | 'capacityBytes'> & { kind?: string }> {
  if (vol) {
    const info = await c.volumeGetInfo(vol).catch(() => undefined);
    return info ? { sizeBytes: Number(info.allocation), capacityBytes: Number(info.capacity) } : {};
  }
  if (!r.local || !path?.startsWith('/')) return {};
  const st = await stat(path).catch(() => undefined);
  if (!st) return {}; // missing: deleting it will say so
  if (st.isFile()) return { sizeBytes: st.blocks * 512 };
  return {
    kind: st.isBlockDevice() ? 'block device' : st.isDirectory() ? 'directory' : 'not a regular file',
  };
}

function keyOf(path: string | undefined, disk: DiskInfo): string {
  return path ?? disk.path ?? `target:${disk.target}`;
}

/** The plan for one guest (its disks from its live and inactive XML, each file once). */
export async function planDelete(c: LibvirtConnectionApi, dom: DomainRef): Promise<PlannedDisk[]> {
  const r = new Resolver(c);
  const [xmls, others] = await Promise.all([guestXmls(c, dom), othersUsing(c, r, dom.uuid)]);
  const byFile = new Map<string, PlannedDisk>();
  for (const disk of xmls.flatMap((x) => parseDomainXml(x).disks)) {
    const { path: resolved, vol: named, ids } = await r.identities(disk);
    const key = keyOf(resolved, disk);
    const seen = byFile.get(key);
    if (seen) {
      // the same file in the live and the inactive XML (or attached twice): any reason to keep it holds
      if (!seen.keptReason && disk.keptReason) {
        seen.keptReason = disk.keptReason;
        seen.deletable = false;
      }
      continue;
    }
    const vol =
      named ?? (resolved?.startsWith('/') && !disk.keptReason ? await r.volumeOf(resolved) : undefined);
    if (vol) ids.push(`vol:${vol.pool}/${vol.name}`);
    const sharedWith = others.filter((g) => ids.some((id) => g.ids.has(id))).map((g) => g.name);
    const size = await sizeOf(c, r, resolved, vol);
    const keptReason =
      disk.keptReason ??
      (disk.volume && !resolved ? 'its storage pool or volume cannot be found' : undefined) ??
      (resolved && !resolved.startsWith('/') ? 'network disk' : undefined) ??
      (resolved?.startsWith('/dev/') ? 'block device' : undefined) ??
      (sharedWith.length ? `also used by ${sharedWith.join(', ')}` : undefined) ??
      (!vol && !r.local ? REMOTE_NOT_IN_POOL : undefined) ??
      size.kind;
    byFile.set(key, {
      ...disk,
      path: resolved ?? disk.path,
      ...(keptReason ? { keptReason } : {}),
      deletable: !keptReason,
      sharedWith,
      ...(size.sizeBytes !== undefined ? { sizeBytes: size.sizeBytes } : {}),
      ...(size.capacityBytes !== undefined ? { capacityBytes: size.capacityBytes } : {}),
      ...(vol ? { vol, volume: { pool: vol.pool, name: vol.name } } : {}),
      ids,
    });
  }
  return [...byFile.values()];
}

/** The plan as the UI sees it (without the volume refs). */
export function publicPlan(disks: PlannedDisk[]): DeletePlan {
  return { disks: disks.map(({ vol: _vol, ids: _ids, ...d }) => d) };
}

/** For each disk, the other guests on the connection that use its file now. */
export async function otherUsers(
  c: LibvirtConnectionApi,
  exceptUuid: string,
  disks: PlannedDisk[],
): Promise<Map<PlannedDisk, string[]>> {
  const others = await othersUsing(c, new Resolver(c), exceptUuid);
  return new Map(
    disks.map((d) => [d, others.filter((g) => d.ids.some((id) => g.ids.has(id))).map((g) => g.name)]),
  );
}

/** The other guests on the connection that use this disk's file (a path, the file behind it, its volume). */
export async function guestsUsing(
  c: LibvirtConnectionApi,
  exceptUuid: string,
  disk: DiskInfo,
): Promise<string[]> {
  const r = new Resolver(c);
  const { path, ids } = await r.identities(disk);
  const vol = path?.startsWith('/') ? await r.volumeOf(path) : undefined;
  if (vol) ids.push(`vol:${vol.pool}/${vol.name}`);
  const others = await othersUsing(c, r, exceptUuid);
  return others.filter((g) => ids.some((id) => g.ids.has(id))).map((g) => g.name);
}

/**
 * Every guest on the connection with every name its disks' files go by (`vol:<pool>/<name>`, `file:<path>`
 * and the file behind symlinks, backing files included): the storage browser's "used by" and its refusals.
 */
export function guestFileUses(
  c: LibvirtConnectionApi,
): Promise<{ name: string; running: boolean; ids: Set<string> }[]> {
  return othersUsing(c, new Resolver(c), '');
}
