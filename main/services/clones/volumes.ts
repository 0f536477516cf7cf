// The clone's disks as new volumes in each source disk's pool: a full copy through libvirt
// (STORAGE_VOL_CREATE_XML_FROM: qemu-img convert for qcow2, so it stays sparse) with its progress read
// from the new volume's allocation (or, for a disk QEMU holds, qemu-img on this machine), or a qcow2
// overlay whose backing file is the source's disk.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { LibvirtConnectionApi, VolumeRef } from '../../libvirt/facade';
import { libvirtFormat } from '../../model/disk-image';
import { buildXml, h } from '../../model/xml';
import type { SourceDisk } from './source';

const run = promisify(execFile);

export interface MadeVolume {
  vol: VolumeRef;
  path: string;
}

const EXTENSION: Record<string, string> = { qcow2: 'qcow2', raw: 'img' };

/** NAME.qcow2 for the first disk, NAME-sdb.qcow2 for the others; -1, -2 ... when taken */
export async function freeVolumeName(
  c: LibvirtConnectionApi,
  disk: SourceDisk,
  clone: string,
  first: boolean,
  format: string,
): Promise<string> {
  const taken = new Set((await c.listAllVolumes(disk.pool, 0)).map((v) => v.name));
  const stem = first ? clone : `${clone}-${disk.target}`;
  const ext = EXTENSION[format] ?? format;
  for (let i = 0; ; i++) {
    const name = i === 0 ? `${stem}.${ext}` : `${stem}-${i}.${ext}`;
    if (!taken.has(name)) return name;
  }
}

function volumeXml(name: string, disk: SourceDisk, format: string, backing?: SourceDisk): string {
  return buildXml(
    h(
      'volume',
      {},
      h('name', {}, name),
      h('capacity', { unit: 'bytes' }, disk.capacity.toString()),
      // thin: the copy takes what the source's data takes, an overlay only what the clone writes
      h('allocation', { unit: 'bytes' }, 0),
      h('target', {}, h('format', { type: format })),
      backing && h('backingStore', {}, h('path', {}, backing.file), h('format', { type: backing.volFormat })),
    ),
  );
}

/** A qcow2 overlay on the source's disk: the clone reads the source and writes only to it. */
export async function makeOverlay(
  c: LibvirtConnectionApi,
  disk: SourceDisk,
  name: string,
): Promise<MadeVolume> {
  const vol = await c.volumeCreateXML(disk.pool, volumeXml(name, disk, 'qcow2', disk), 0);
  return { vol, path: await c.volumeGetPath(vol) };
}

/**
 * `progress(bytes)` hears the volume NAME's allocation every half second while `make` runs. The end of
 * `make` wakes the poll's wait at once: waiting out its half second made every copy end on the next
 * multiple of 500 ms (a 1 GiB copy of 0.55 s took 1.05 s).
 */
async function polled<T>(
  c: LibvirtConnectionApi,
  disk: SourceDisk,
  name: string,
  progress: (bytes: number) => void,
  make: () => Promise<T>,
): Promise<T> {
  let done = false;
  let wake = () => {};
  const poll = (async () => {
    while (!done) {
      await new Promise<void>((r) => {
        const timer = setTimeout(r, 500);
        wake = () => {
          clearTimeout(timer);
          r();
        };
      });
      if (done) break;
      // the new volume is listed while libvirt builds it; before that there is nothing to read
      const vol = await c.lookupVolumeByName(disk.pool, name).catch(() => undefined);
      const info = vol && (await c.volumeGetInfo(vol).catch(() => undefined));
      if (info && !done) progress(Number(info.allocation));
    }
  })();
  try {
    return await make();
  } finally {
    done = true;
    wake();
    await poll;
  }
}

/**
 * A full copy in the same pool and format. `progress(bytes)` hears the copy's allocation every half
 * second; libvirt's call runs to its end once made (it cannot be interrupted), so a cancel waits for it.
 */
export async function copyVolume(
  c: LibvirtConnectionApi,
  disk: SourceDisk,
  name: string,
  progress: (bytes: number) => void,
): Promise<MadeVolume> {
  return polled(c, disk, name, progress, async () => {
    const vol = await c.volumeCreateXMLFrom(disk.pool, volumeXml(name, disk, disk.volFormat), disk.vol, 0);
    return { vol, path: await c.volumeGetPath(vol) };
  });
}

/**
 * A full copy of a disk that QEMU holds (the source is paused, so nothing writes to it: QEMU flushes
 * its disks when it stops the CPUs). libvirt's copy runs qemu-img convert, which asks for the image's
 * lock and is refused ("Failed to get shared 'write' lock"), so libvirt makes the empty volume and
 * qemu-img on this machine fills it, sharing the lock (-U). Cancel kills qemu-img; on any failure the
 * volume is deleted here, so the caller only undoes volumes this returned.
 */
export async function copyHeldVolume(
  c: LibvirtConnectionApi,
  disk: SourceDisk,
  name: string,
  progress: (bytes: number) => void,
  signal: AbortSignal,
): Promise<MadeVolume> {
  const vol = await c.volumeCreateXML(disk.pool, volumeXml(name, disk, disk.volFormat), 0);
  try {
    const path = await c.volumeGetPath(vol);
    await polled(c, disk, name, progress, () =>
      run(
        'qemu-img',
        // -n: into libvirt's volume (its owner and mode); it reads as zeros, so zeros are not written
        [
          'convert',
          '-U',
          '-n',
          '--target-is-zero',
          '-f',
          libvirtFormat(disk.volFormat),
          '-O',
          libvirtFormat(disk.volFormat),
          disk.file,
          path,
        ],
        { signal },
      ).catch((err: Error & { stderr?: string }) => {
        if (signal.aborted) throw signal.reason;
        throw new Error(`qemu-img could not copy ${disk.file}: ${err.stderr?.trim() || err.message}`);
      }),
    );
    return { vol, path };
  } catch (err) {
    await c.volumeDelete(vol, 0).catch(() => undefined);
    throw err;
  }
}
