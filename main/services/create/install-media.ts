// create.installMedia: what the wizard may choose an ISO (or a disk image to import) from on the guest's
// host. Every pool with its volumes of that kind, read through libvirt's storage API, so a remote host's
// media are listed the same way as this machine's; `files` says whether the host's files are this
// machine's too (the file browser fits only then). A pool that is not running is listed without volumes:
// starting it is the Storage tab's business, not a side effect of opening a picker.
//
// Exports:
//   listInstallMedia(conn, kind): Promise<InstallMedia>
import type { InstallMedia, MediaPool, MediaVolume } from '../../../preload/contract';
import type { LibvirtConnectionApi, PoolRef } from '../../libvirt/facade';
import { isLocalUri } from '../../libvirt/uri';
import { mediaKind, mediaVolume } from '../../model/media-volume';

async function poolMedia(
  conn: LibvirtConnectionApi,
  ref: PoolRef,
  kind: 'iso' | 'disk',
): Promise<MediaPool | undefined> {
  const active = await conn.storagePoolIsActive(ref).catch(() => undefined);
  if (active === undefined) return undefined; // gone since it was listed
  if (!active) return { name: ref.name, active, volumes: [] };
  // files copied into the folder since the last refresh are volumes too (best effort: listed either way)
  await conn.storagePoolRefresh(ref, 0).catch(() => undefined);
  const refs = await conn.listAllVolumes(ref, 0).catch(() => []);
  const vols = await Promise.all(
    refs.map((v) =>
      conn
        .volumeGetXML(v, 0)
        .then((xml) => mediaVolume(ref.name, v.name, xml))
        .catch(() => undefined),
    ),
  );
  const volumes = vols
    .filter((v): v is MediaVolume => v !== undefined && mediaKind(v) === kind)
    .sort((a, b) => a.name.localeCompare(b.name));
  return { name: ref.name, active, volumes };
}

export async function listInstallMedia(
  conn: LibvirtConnectionApi,
  kind: 'iso' | 'disk',
): Promise<InstallMedia> {
  const refs = await conn.listAllStoragePools(0);
  const pools = (await Promise.all(refs.map((r) => poolMedia(conn, r, kind)))).filter(
    (p): p is MediaPool => p !== undefined,
  );
  return {
    files: isLocalUri(conn.uri),
    // pools with media first, then by name
    pools: pools.sort(
      (a, b) => Number(b.volumes.length > 0) - Number(a.volumes.length > 0) || a.name.localeCompare(b.name),
    ),
  };
}
