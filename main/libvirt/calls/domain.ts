// Calls on domains (guests): list, look up, define, lifecycle, devices, metadata, screen, console.
// Their statistics are calls/stats.ts.
import { Duplex } from 'node:stream';
import type { CallOptions, StreamSink } from '../client.js';
import type { BlockInfo, DomainInfo, DomainRef, InterfaceAddress } from '../facade.js';
import {
  type Decoder,
  getBool,
  getDomain,
  getInt,
  getString,
  getVoid,
  putDomain,
  putUuid,
} from '../protocol/common.js';
import { DomainProc, getDomainInfo, getInterface } from '../protocol/domain.js';
import { StreamProc } from '../protocol/streams.js';
import type { XdrWriter } from '../xdr.js';
import { type CallContext, type CallFamily, domFlagsArgs } from './context.js';
import { readStream } from './stream.js';

const domArgs = (dom: DomainRef) => (w: XdrWriter) => putDomain(w, dom);
const getDomainList: Decoder<DomainRef[]> = (r) => {
  const list = r.array(getDomain);
  r.uint();
  return list;
};

function deviceCall(
  ctx: CallContext,
  proc: number,
  dom: DomainRef,
  xml: string,
  flags: number,
  o?: CallOptions,
): Promise<void> {
  return ctx.call(
    proc,
    (w) => {
      putDomain(w, dom);
      w.string(xml);
      w.uint(flags);
    },
    getVoid,
    o,
  );
}

export const domainCalls = {
  listAllDomains(flags = 0, o?: CallOptions): Promise<DomainRef[]> {
    return this.call(
      DomainProc.LIST_ALL,
      (w) => {
        w.int(1);
        w.uint(flags);
      },
      getDomainList,
      o,
    );
  },
  lookupDomainByUuid(uuid: string, o?: CallOptions): Promise<DomainRef> {
    return this.call(DomainProc.LOOKUP_BY_UUID, (w) => putUuid(w, uuid), getDomain, o);
  },
  lookupDomainByName(name: string, o?: CallOptions): Promise<DomainRef> {
    return this.call(DomainProc.LOOKUP_BY_NAME, (w) => w.string(name), getDomain, o);
  },
  domainGetXML(dom: DomainRef, flags = 0, o?: CallOptions): Promise<string> {
    return this.call(DomainProc.GET_XML_DESC, domFlagsArgs(dom, flags), getString, o);
  },
  domainDefineXML(xml: string, flags = 0, o?: CallOptions): Promise<DomainRef> {
    return this.call(
      DomainProc.DEFINE_XML_FLAGS,
      (w) => {
        w.string(xml);
        w.uint(flags);
      },
      getDomain,
      o,
    );
  },
  domainUndefine(dom: DomainRef, flags = 0, o?: CallOptions): Promise<void> {
    return this.call(DomainProc.UNDEFINE_FLAGS, domFlagsArgs(dom, flags), getVoid, o);
  },
  async domainCreate(dom: DomainRef, flags = 0, o?: CallOptions): Promise<void> {
    await this.call(DomainProc.CREATE_WITH_FLAGS, domFlagsArgs(dom, flags), getDomain, o);
  },
  domainCreateXML(xml: string, flags = 0, o?: CallOptions): Promise<DomainRef> {
    return this.call(
      DomainProc.CREATE_XML,
      (w) => {
        w.string(xml);
        w.uint(flags);
      },
      getDomain,
      o,
    );
  },
  domainShutdown(dom: DomainRef, flags = 0, o?: CallOptions): Promise<void> {
    return this.call(DomainProc.SHUTDOWN_FLAGS, domFlagsArgs(dom, flags), getVoid, o);
  },
  domainDestroy(dom: DomainRef, flags = 0, o?: CallOptions): Promise<void> {
    return this.call(DomainProc.DESTROY_FLAGS, domFlagsArgs(dom, flags), getVoid, o);
  },
  domainReboot(dom: DomainRef, flags = 0, o?: CallOptions): Promise<void> {
    return this.call(DomainProc.REBOOT, domFlagsArgs(dom, flags), getVoid, o);
  },
  domainReset(dom: DomainRef, o?: CallOptions): Promise<void> {
    return this.call(DomainProc.RESET, domFlagsArgs(dom, 0), getVoid, o);
  },
  domainSuspend(dom: DomainRef, o?: CallOptions): Promise<void> {
    return this.call(DomainProc.SUSPEND, domArgs(dom), getVoid, o);
  },
  domainResume(dom: DomainRef, o?: CallOptions): Promise<void> {
    return this.call(DomainProc.RESUME, domArgs(dom), getVoid, o);
  },
  domainManagedSave(dom: DomainRef, flags = 0, o?: CallOptions): Promise<void> {
    return this.call(DomainProc.MANAGED_SAVE, domFlagsArgs(dom, flags), getVoid, o);
  },
  /** virDomainRestoreFlags: starts a guest from a save image (a snapshot's memory file); dxml replaces
   *  the image's own definition (the disks on new overlays), which must keep the same ABI */
  domainRestore(from: string, dxml?: string, flags = 0, o?: CallOptions): Promise<void> {
    return this.call(
      DomainProc.RESTORE_FLAGS,
      (w) => {
        w.string(from);
        w.optString(dxml);
        w.uint(flags);
      },
      getVoid,
      o,
    );
  },
  domainManagedSaveRemove(dom: DomainRef, o?: CallOptions): Promise<void> {
    return this.call(DomainProc.MANAGED_SAVE_REMOVE, domFlagsArgs(dom, 0), getVoid, o);
  },
  domainHasManagedSaveImage(dom: DomainRef, o?: CallOptions): Promise<boolean> {
    return this.call(DomainProc.HAS_MANAGED_SAVE_IMAGE, domFlagsArgs(dom, 0), getBool, o);
  },
  domainGetState(dom: DomainRef, o?: CallOptions): Promise<{ state: number; reason: number }> {
    return this.call(
      DomainProc.GET_STATE,
      domFlagsArgs(dom, 0),
      (r) => ({ state: r.int(), reason: r.int() }),
      o,
    );
  },
  domainGetInfo(dom: DomainRef, o?: CallOptions): Promise<DomainInfo> {
    return this.call(DomainProc.GET_INFO, domArgs(dom), getDomainInfo, o);
  },
  domainIsActive(dom: DomainRef, o?: CallOptions): Promise<boolean> {
    return this.call(DomainProc.IS_ACTIVE, domArgs(dom), getBool, o);
  },
  domainIsPersistent(dom: DomainRef, o?: CallOptions): Promise<boolean> {
    return this.call(DomainProc.IS_PERSISTENT, domArgs(dom), getBool, o);
  },
  domainGetAutostart(dom: DomainRef, o?: CallOptions): Promise<boolean> {
    return this.call(DomainProc.GET_AUTOSTART, domArgs(dom), getBool, o);
  },
  domainSetAutostart(dom: DomainRef, autostart: boolean, o?: CallOptions): Promise<void> {
    return this.call(
      DomainProc.SET_AUTOSTART,
      (w) => {
        putDomain(w, dom);
        w.int(autostart ? 1 : 0);
      },
      getVoid,
      o,
    );
  },
  /** virDomainRename: the domain keeps its uuid; libvirt emits UNDEFINED(renamed) then DEFINED(renamed) */
  async domainRename(dom: DomainRef, newName: string, flags = 0, o?: CallOptions): Promise<void> {
    await this.call(
      DomainProc.RENAME,
      (w) => {
        putDomain(w, dom);
        w.optString(newName);
        w.uint(flags);
      },
      getInt,
      o,
    );
  },
  domainSendKey(
    dom: DomainRef,
    codeset: number,
    holdtimeMs: number,
    keycodes: number[],
    o?: CallOptions,
  ): Promise<void> {
    return this.call(
      DomainProc.SEND_KEY,
      (w) => {
        putDomain(w, dom);
        w.uint(codeset);
        w.uint(holdtimeMs);
        w.array(keycodes, (x, k) => x.uint(k));
        w.uint(0);
      },
      getVoid,
      o,
    );
  },
  domainAttachDevice(dom: DomainRef, xml: string, flags = 0, o?: CallOptions): Promise<void> {
    return deviceCall(this, DomainProc.ATTACH_DEVICE_FLAGS, dom, xml, flags, o);
  },
  domainDetachDevice(dom: DomainRef, xml: string, flags = 0, o?: CallOptions): Promise<void> {
    return deviceCall(this, DomainProc.DETACH_DEVICE_FLAGS, dom, xml, flags, o);
  },
  domainUpdateDevice(dom: DomainRef, xml: string, flags = 0, o?: CallOptions): Promise<void> {
    return deviceCall(this, DomainProc.UPDATE_DEVICE_FLAGS, dom, xml, flags, o);
  },
  domainSetVcpusFlags(dom: DomainRef, nvcpus: number, flags: number, o?: CallOptions): Promise<void> {
    return this.call(
      DomainProc.SET_VCPUS_FLAGS,
      (w) => {
        putDomain(w, dom);
        w.uint(nvcpus);
        w.uint(flags);
      },
      getVoid,
      o,
    );
  },
  domainGetVcpusFlags(dom: DomainRef, flags: number, o?: CallOptions): Promise<number> {
    return this.call(DomainProc.GET_VCPUS_FLAGS, domFlagsArgs(dom, flags), (r) => r.int(), o);
  },
  domainSetMemoryFlags(dom: DomainRef, memoryKiB: number, flags: number, o?: CallOptions): Promise<void> {
    return this.call(
      DomainProc.SET_MEMORY_FLAGS,
      (w) => {
        putDomain(w, dom);
        w.uhyper(memoryKiB);
        w.uint(flags);
      },
      getVoid,
      o,
    );
  },
  domainBlockResize(dom: DomainRef, disk: string, bytes: number, o?: CallOptions): Promise<void> {
    return this.call(
      DomainProc.BLOCK_RESIZE,
      (w) => {
        putDomain(w, dom);
        w.string(disk);
        w.uhyper(bytes);
        w.uint(1); // VIR_DOMAIN_BLOCK_RESIZE_BYTES
      },
      getVoid,
      o,
    );
  },
  domainGetBlockInfo(dom: DomainRef, disk: string, o?: CallOptions): Promise<BlockInfo> {
    return this.call(
      DomainProc.GET_BLOCK_INFO,
      (w) => {
        putDomain(w, dom);
        w.string(disk);
        w.uint(0);
      },
      // remote_domain_get_block_info_ret: allocation, capacity, physical (not virDomainBlockInfo's order)
      (r) => ({ allocation: r.uhyper(), capacity: r.uhyper(), physical: r.uhyper() }),
      o,
    );
  },
  domainInterfaceAddresses(dom: DomainRef, source: number, o?: CallOptions): Promise<InterfaceAddress[]> {
    return this.call(
      DomainProc.INTERFACE_ADDRESSES,
      (w) => {
        putDomain(w, dom);
        w.uint(source);
        w.uint(0);
      },
      (r) => r.array(getInterface),
      o,
    );
  },
  domainSetMetadata(
    dom: DomainRef,
    type: number,
    metadata: string | undefined,
    key?: string,
    uri?: string,
    flags = 0,
    o?: CallOptions,
  ): Promise<void> {
    return this.call(
      DomainProc.SET_METADATA,
      (w) => {
        putDomain(w, dom);
        w.int(type);
        w.optString(metadata);
        w.optString(key);
        w.optString(uri);
        w.uint(flags);
      },
      getVoid,
      o,
    );
  },
  domainGetMetadata(dom: DomainRef, type: number, uri?: string, flags = 0, o?: CallOptions): Promise<string> {
    return this.call(
      DomainProc.GET_METADATA,
      (w) => {
        putDomain(w, dom);
        w.int(type);
        w.optString(uri);
        w.uint(flags);
      },
      getString,
      o,
    );
  },
  async domainScreenshot(
    dom: DomainRef,
    screen = 0,
    o?: CallOptions,
  ): Promise<{ mime: string; data: Buffer }> {
    const { reply, data } = await readStream(
      this,
      StreamProc.DOMAIN_SCREENSHOT,
      (w) => {
        putDomain(w, dom);
        w.uint(screen);
        w.uint(0);
      },
      (r) => r.optString(),
      o,
    );
    return { mime: reply ?? 'application/octet-stream', data };
  },

  async domainOpenConsole(dom: DomainRef, devName?: string, flags = 0): Promise<Duplex> {
    const client = this.rpc();
    const proc = StreamProc.DOMAIN_OPEN_CONSOLE;
    let finished = false;
    const stream: Duplex = new Duplex({
      read() {},
      write(chunk: Buffer, _enc, cb) {
        client.sendStreamData(proc, serial, chunk).then(() => cb(), cb);
      },
      final(cb) {
        finished = true;
        client.sendStreamEnd(proc, serial);
        cb();
      },
      destroy(err, cb) {
        if (!finished) client.sendStreamEnd(proc, serial, true);
        finished = true;
        cb(err);
      },
    });
    const sink: StreamSink = {
      data: (c) => stream.push(c),
      end: () => {
        finished = true;
        stream.push(null);
      },
      error: (e) => {
        finished = true;
        stream.destroy(e);
      },
    };
    const { serial, reply } = client.callWithStream(
      proc,
      (w) => {
        putDomain(w, dom);
        w.optString(devName);
        w.uint(flags);
      },
      getVoid,
      sink,
    );
    await reply;
    return stream;
  },
} satisfies CallFamily;

export type DomainCalls = typeof domainCalls;
