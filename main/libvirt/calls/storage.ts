// Calls on storage pools and volumes, including volume upload and download (streams).
import type { CallOptions, StreamSink } from '../client.js';
import type { LibvirtError } from '../errors.js';
import type { PoolInfo, PoolRef, VolumeInfo, VolumeRef } from '../facade.js';
import { getBool, getPool, getString, getVoid, getVolume, putPool, putVolume } from '../protocol/common.js';
import { getPoolInfo, getVolumeInfo, StorageProc } from '../protocol/storage.js';
import { StreamProc } from '../protocol/streams.js';
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
  async volumeUpload(vol: VolumeRef, data: Buffer, offset = 0n, o?: CallOptions): Promise<void> {
    const client = this.rpc();
    const proc = StreamProc.STORAGE_VOL_UPLOAD;
    let done!: () => void;
    let failed!: (e: LibvirtError) => void;
    let serverError: LibvirtError | undefined;
    const ended = new Promise<void>((res, rej) => {
      done = res;
      failed = rej;
    });
    ended.catch(() => undefined);
    const sink: StreamSink = {
      data: () => {},
      end: () => done(),
      error: (e) => {
        serverError = e;
        failed(e);
      },
    };
    const { serial, reply } = client.callWithStream(
      proc,
      (w) => {
        putVolume(w, vol);
        w.uhyper(offset);
        w.uhyper(BigInt(data.length));
        w.uint(0);
      },
      getVoid,
      sink,
    );
    const work = (async () => {
      await reply;
      await client.sendStreamData(proc, serial, data);
      if (serverError) throw serverError;
      client.sendStreamEnd(proc, serial);
      await ended; // the daemon confirms the end once the data is written
    })();
    return withTimeout(work, o?.timeoutMs, 'the upload', () => client.sendStreamEnd(proc, serial, true));
  },
  async volumeDownload(vol: VolumeRef, offset = 0n, length = 0n, o?: CallOptions): Promise<Buffer> {
    const { data } = await readStream(
      this,
      StreamProc.STORAGE_VOL_DOWNLOAD,
      (w) => {
        putVolume(w, vol);
        w.uhyper(offset);
        w.uhyper(length);
        w.uint(0);
      },
      getVoid,
      o,
    );
    return data;
  },
} satisfies CallFamily;

export type StorageCalls = typeof storageCalls;
