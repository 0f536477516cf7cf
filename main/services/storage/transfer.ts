// Upload a file into a new volume and download a volume, as jobs with progress and cancel. Bytes stream
// through libvirt's STORAGE_VOL_UPLOAD / _DOWNLOAD (libvirt/streams.ts: flow-controlled, never the whole
// file in memory); the same path works for a remote host. A failed or cancelled upload deletes the volume
// it made; a crash in the middle is caught by the journal (journal.ts). A download writes a new file only
// (never over an existing one) and removes it again when it does not finish.
import { createWriteStream } from 'node:fs';
import { stat, unlink } from 'node:fs/promises';
import type { Readable, Writable } from 'node:stream';
import type { Job } from '../../../preload/creation';
import type { DownloadStarted, UploadStarted, UploadVolumeArgs } from '../../../preload/storage';
import type { LibvirtConnectionApi } from '../../libvirt/facade';
import type { UploadSource } from '../../libvirt/streams';
import { formatSize } from '../../model/validate-create';
import { ApiFailure } from '../errors';
import type { JobControl, Jobs } from '../jobs';
import type { BrowserTransfers } from './browser-transfers';
import { fileChunks } from './file-source';
import type { UploadJournal } from './journal';
import { findPool } from './pools';
import { checkFits, findVolume, nameFree, requireRunning, volumeXml } from './volumes';

export interface TransferDeps {
  jobs: Jobs;
  journal: UploadJournal;
  browser: BrowserTransfers;
  /** a pool's volumes changed: the storage panel reads them again */
  changed: (pool: string) => void;
}

/** progress at most every 200 ms: a 512 MiB upload is 2,048 packets */
function progressReporter(job: JobControl, verb: string, total: number | undefined) {
  let last = 0;
  return (bytes: number) => {
    const now = Date.now();
    if (now - last < 200) return;
    last = now;
    const of = total ? ` of ${formatSize(total)}` : '';
    job.report(`${verb} ${formatSize(bytes)}${of}`, total ? Math.min(bytes / total, 0.999) : undefined);
  };
}

async function sourceSize(from: UploadVolumeArgs['from']): Promise<number> {
  if ('browser' in from) return from.browser.sizeBytes;
  const st = await stat(from.path).catch(() => undefined);
  if (!st?.isFile())
    throw new ApiFailure('INVALID_INPUT', `${from.path} is not a file KVM Desk can read.`, {
      field: 'from.path',
    });
  return st.size;
}

/** iso for .iso files (how libvirt's dir pools name CD images), raw otherwise: libvirt probes on refresh */
function uploadFormat(name: string): 'iso' | 'raw' {
  return /\.iso$/i.test(name) ? 'iso' : 'raw';
}

export async function startUpload(
  c: LibvirtConnectionApi,
  connection: string,
  a: UploadVolumeArgs,
  d: TransferDeps,
): Promise<UploadStarted> {
  const pool = await findPool(c, a.pool);
  await requireRunning(c, pool);
  await nameFree(c, pool, a.name);
  const size = await sourceSize(a.from);
  if (size === 0) throw new ApiFailure('INVALID_INPUT', 'The file is empty.', { field: 'from' });
  await checkFits(c, pool, size, 'from');
  const browser = 'browser' in a.from ? d.browser.expectUpload(size) : undefined;
  const entry = { connection, pool: a.pool, name: a.name, sizeBytes: size };
  const job: Job = d.jobs.start(`Upload ${a.name} to ${a.pool}`, async (j) => {
    j.signal.addEventListener('abort', () => browser?.cancel(), { once: true });
    await d.journal.add(entry);
    let made = false;
    try {
      const vol = await c.volumeCreateXML(pool, volumeXml(a.name, uploadFormat(a.name), size), 0);
      made = true;
      d.changed(a.pool);
      j.report(browser ? 'Waiting for the page to send the file' : 'Uploading', 0);
      // a local file: reads queued ahead into reused buffers (file-source.ts); the abort is seen by the
      // upload between packets, which ends the loop over the file and closes it
      const body: Readable | UploadSource = browser
        ? await browser.body
        : fileChunks((a.from as { path: string }).path);
      if (browser) {
        const page = body as Readable;
        j.signal.addEventListener('abort', () => page.destroy(), { once: true });
      }
      const onProgress = progressReporter(j, 'Uploaded', size);
      const sent = await c.volumeUploadFrom(vol, body, BigInt(size), { signal: j.signal, onProgress });
      if (sent !== size)
        throw new ApiFailure(
          'INVALID_INPUT',
          `The file ended after ${formatSize(sent)} of ${formatSize(size)}.`,
        );
      await c.storagePoolRefresh(pool, 0).catch(() => undefined); // libvirt re-reads the new file's format
      await d.journal.remove(entry);
      return undefined;
    } catch (err) {
      if (made) {
        const vol = await findVolume(c, pool, a.name).catch(() => undefined);
        if (vol) await c.volumeDelete(vol, 0).catch(() => undefined);
      }
      await d.journal.remove(entry);
      throw err;
    } finally {
      d.changed(a.pool);
    }
  });
  return { job, ...(browser ? { uploadUrl: `/transfer/upload/${browser.ticket}` } : {}) };
}

export async function startDownload(
  c: LibvirtConnectionApi,
  a: { pool: string; name: string; to: { path: string } | { browser: true } },
  d: TransferDeps,
): Promise<DownloadStarted> {
  const pool = await findPool(c, a.pool);
  await requireRunning(c, pool);
  const vol = await findVolume(c, pool, a.name);
  const total = Number((await c.volumeGetInfo(vol)).allocation) || undefined;
  if ('browser' in a.to) {
    const ticket = d.browser.offerDownload({
      fileName: a.name,
      run: (dest, signal) => c.volumeDownloadTo(vol, dest, { signal }),
    });
    return { downloadUrl: `/transfer/download/${ticket}` };
  }
  const path = a.to.path;
  if (!path.startsWith('/'))
    throw new ApiFailure('INVALID_INPUT', 'The file to save to must be a full path.', { field: 'to.path' });
  if (
    await stat(path).then(
      () => true,
      () => false,
    )
  )
    throw new ApiFailure('NAME_TAKEN', `${path} already exists; choose a new file name.`, {
      field: 'to.path',
    });
  const job = d.jobs.start(`Download ${a.name}`, async (j) => {
    // 'wx': a file that appeared since the check is never overwritten
    const dest: Writable = createWriteStream(path, { flags: 'wx' });
    const opened = new Promise<void>((res, rej) => {
      dest.once('open', () => res());
      dest.once('error', rej);
    });
    await opened;
    try {
      await c.volumeDownloadTo(vol, dest, {
        signal: j.signal,
        onProgress: progressReporter(j, 'Downloaded', total),
      });
      return undefined;
    } catch (err) {
      dest.destroy();
      await unlink(path).catch(() => undefined);
      throw err;
    }
  });
  return { job };
}
