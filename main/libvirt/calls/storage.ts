// Calls on storage pools and volumes, including volume upload and download (streams).
import type { Writable } from 'node:stream';
import type { CallOptions } from '../client.js';
import type { PoolInfo, PoolRef, VolumeInfo, VolumeRef } from '../facade.js';
import { getBool, getPool, getString, getVoid, getVolume, putPool, putVolume } from '../protocol/common.js';
import { getPoolInfo, getVolumeInfo, StorageProc } from '../protocol/storage.js';
import { StreamProc } from '../protocol/streams.js';
import { downloadTo, type TransferOptions, type UploadSource, uploadFrom } from '../streams.js';
import type { XdrWriter } from '../xdr.js';
import { type CallFamily, listArgs, listOf } from './context.js';
import { readStream, withTimeout } from './stream.js';

const xmlFlagsArgs = (xml: string, flags: number) => (w: XdrWriter) => {
  w.string(xml);
  w.uint(flags);
};
const poolFlagsArgs = (pool: PoolRef, flags: number) => (w: XdrWriter) => {
  putPool(w, pool);
  w.uint(flags);
};
const transferArgs = (vol: VolumeRef, offset: bigint, length: bigint) => (w: XdrWriter) => {
  putVolume(w, vol);
  w.uhyper(offset);
  w.uhyper(length);
  w.uint(0);
};
const volFlagsArgs = (vol: VolumeRef, flags: number) => (w: XdrWriter) => {
  putVolume(w, vol);
  w.uint(flags);
};

export const storageCalls = {
  listAllStoragePools(flags = 0, o?: CallOptions): Promise<PoolRef[]> {
    return this.call(StorageProc.LIST_ALL_POOLS, listArgs(flags), listOf(getPool), o);
  },
  lookupStoragePoolByName(name: string, o?: CallOptions): Promise<PoolRef> {
    return this.call(StorageProc.POOL_LOOKUP_BY_NAME, (w) => w.string(name), getPool, o);
  },
  storagePoolGetXML(pool: PoolRef, flags = 0, o?: CallOptions): Promise<string> {
    return this.call(StorageProc.POOL_GET_XML_DESC, poolFlagsArgs(pool, flags), getString, o);
  },
  storagePoolDefineXML(xml: string, flags = 0, o?: CallOptions): Promise<PoolRef> {
    return this.call(StorageProc.POOL_DEFINE_XML, xmlFlagsArgs(xml, flags), getPool, o);
  },
  storagePoolCreate(pool: PoolRef, flags = 0, o?: CallOptions): Promise<void> {
    return this.call(StorageProc.POOL_CREATE, poolFlagsArgs(pool, flags), getVoid, o);
  },
  storagePoolBuild(pool: PoolRef, flags = 0, o?: CallOptions): Promise<void> {
    return this.call(StorageProc.POOL_BUILD, poolFlagsArgs(pool, flags), getVoid, o);
  },
  storagePoolDestroy(pool: PoolRef, o?: CallOptions): Promise<void> {
    return this.call(StorageProc.POOL_DESTROY, (w) => putPool(w, pool), getVoid, o);
  },
  storagePoolUndefine(pool: PoolRef, o?: CallOptions): Promise<void> {
    return this.call(StorageProc.POOL_UNDEFINE, (w) => putPool(w, pool), getVoid, o);
  },
  storagePoolRefresh(pool: PoolRef, flags = 0, o?: CallOptions): Promise<void> {
    return this.call(StorageProc.POOL_REFRESH, poolFlagsArgs(pool, flags), getVoid, o);
  },
  storagePoolSetAutostart(pool: PoolRef, autostart: boolean, o?: CallOptions): Promise<void> {
    return this.call(StorageProc.POOL_SET_AUTOSTART, poolFlagsArgs(pool, autostart ? 1 : 0), getVoid, o);
  },
  storagePoolGetAutostart(pool: PoolRef, o?: CallOptions): Promise<boolean> {
    return this.call(StorageProc.POOL_GET_AUTOSTART, (w) => putPool(w, pool), getBool, o);
  },
  storagePoolGetInfo(pool: PoolRef, o?: CallOptions): Promise<PoolInfo> {
    return this.call(StorageProc.POOL_GET_INFO, (w) => putPool(w, pool), getPoolInfo, o);
  },
  storagePoolIsActive(pool: PoolRef, o?: CallOptions): Promise<boolean> {
    return this.call(StorageProc.POOL_IS_ACTIVE, (w) => putPool(w, pool), getBool, o);
  },
  listAllVolumes(pool: PoolRef, flags = 0, o?: CallOptions): Promise<VolumeRef[]> {
    return this.call(
      StorageProc.POOL_LIST_ALL_VOLUMES,
      (w) => {
        putPool(w, pool);
        w.int(1);
        w.uint(flags);
      },
      listOf(getVolume),
      o,
    );
  },
  lookupVolumeByPath(path: string, o?: CallOptions): Promise<VolumeRef> {
    return this.call(StorageProc.VOL_LOOKUP_BY_PATH, (w) => w.string(path), getVolume, o);
  },
  lookupVolumeByName(pool: PoolRef, name: string, o?: CallOptions): Promise<VolumeRef> {
    return this.call(
      StorageProc.VOL_LOOKUP_BY_NAME,
      (w) => {
        putPool(w, pool);
        w.string(name);
      },
      getVolume,
      o,
    );
  },
  volumeGetXML(vol: VolumeRef, flags = 0, o?: CallOptions): Promise<string> {
    return this.call(StorageProc.VOL_GET_XML_DESC, volFlagsArgs(vol, flags), getString, o);
  },
  volumeGetInfo(vol: VolumeRef, o?: CallOptions): Promise<VolumeInfo> {
    return this.call(StorageProc.VOL_GET_INFO, (w) => putVolume(w, vol), getVolumeInfo, o);
  },
  volumeGetPath(vol: VolumeRef, o?: CallOptions): Promise<string> {
    return this.call(StorageProc.VOL_GET_PATH, (w) => putVolume(w, vol), getString, o);
  },
  volumeCreateXML(pool: PoolRef, xml: string, flags = 0, o?: CallOptions): Promise<VolumeRef> {
    return this.call(
      StorageProc.VOL_CREATE_XML,
      (w) => {
        putPool(w, pool);
        w.string(xml);
        w.uint(flags);
      },
      getVolume,
      o,
    );
  },
  volumeCreateXMLFrom(
    pool: PoolRef,
    xml: string,
    clonevol: VolumeRef,
    flags = 0,
    o?: CallOptions,
  ): Promise<VolumeRef> {
    return this.call(
      StorageProc.VOL_CREATE_XML_FROM,
      (w) => {
        putPool(w, pool);
        w.string(xml);
        putVolume(w, clonevol);
        w.uint(flags);
      },
      getVolume,
      o,
    );
  },
  volumeDelete(vol: VolumeRef, flags = 0, o?: CallOptions): Promise<void> {
    return this.call(StorageProc.VOL_DELETE, volFlagsArgs(vol, flags), getVoid, o);
  },
  volumeResize(vol: VolumeRef, capacity: bigint, flags = 0, o?: CallOptions): Promise<void> {
    return this.call(
      StorageProc.VOL_RESIZE,
      (w) => {
        putVolume(w, vol);
        w.uhyper(capacity);
        w.uint(flags);
      },
      getVoid,
      o,
    );
  },
  volumeUpload(vol: VolumeRef, data: Buffer, offset = 0n, o?: CallOptions): Promise<void> {
    const stop = new AbortController();
    const args = transferArgs(vol, offset, BigInt(data.length));
    const work = uploadFrom(this.rpc(), StreamProc.STORAGE_VOL_UPLOAD, args, getVoid, [data], stop);
    return withTimeout(work, o?.timeoutMs, 'the upload', () => stop.abort()).then(() => undefined);
  },
  /** Streams `source` (length bytes, e.g. a file's read stream) into the volume from `offset`. */
  volumeUploadFrom(
    vol: VolumeRef,
    source: UploadSource,
    length: bigint,
    t?: TransferOptions & { offset?: bigint },
  ): Promise<number> {
    const args = transferArgs(vol, t?.offset ?? 0n, length);
    return uploadFrom(this.rpc(), StreamProc.STORAGE_VOL_UPLOAD, args, getVoid, source, t);
  },
  /** Streams the volume (length 0: all of it) into `dest`, reading no faster than `dest` writes. */
  volumeDownloadTo(
    vol: VolumeRef,
    dest: Writable,
    t?: TransferOptions & { offset?: bigint; length?: bigint },
  ): Promise<number> {
    const args = transferArgs(vol, t?.offset ?? 0n, t?.length ?? 0n);
    return downloadTo(this.rpc(), StreamProc.STORAGE_VOL_DOWNLOAD, args, getVoid, dest, t);
  },
  /** which pool types this host's storage driver has (virConnectGetStoragePoolCapabilities, libvirt 5.2) */
  connectGetStoragePoolCapabilities(flags = 0, o?: CallOptions): Promise<string> {
    return this.call(StorageProc.CONNECT_GET_POOL_CAPABILITIES, (w) => w.uint(flags), getString, o);
  },
  async volumeDownload(vol: VolumeRef, offset = 0n, length = 0n, o?: CallOptions): Promise<Buffer> {
    const args = transferArgs(vol, offset, length);
    const { data } = await readStream(this, StreamProc.STORAGE_VOL_DOWNLOAD, args, getVoid, o);
    return data;
  },
} satisfies CallFamily;

export type StorageCalls = typeof storageCalls;
