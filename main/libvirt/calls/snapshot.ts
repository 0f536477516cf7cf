// Calls on a domain's snapshots.
import type { CallOptions } from '../client.js';
import { ErrorCode, LibvirtError } from '../errors.js';
import type { DomainRef, SnapshotRef } from '../facade.js';
import { getSnapshot, getString, getVoid, putDomain, putSnapshot } from '../protocol/common.js';
import { SnapshotProc } from '../protocol/snapshot.js';
import type { XdrWriter } from '../xdr.js';
import { type CallFamily, domFlagsArgs } from './context.js';

const snapArgs = (snap: SnapshotRef, flags: number) => (w: XdrWriter) => {
  putSnapshot(w, snap);
  w.uint(flags);
};

export const snapshotCalls = {
  snapshotCreateXML(dom: DomainRef, xml: string, flags = 0, o?: CallOptions): Promise<SnapshotRef> {
    return this.call(
      SnapshotProc.CREATE_XML,
      (w) => {
        putDomain(w, dom);
        w.string(xml);
        w.uint(flags);
      },
      getSnapshot,
      o,
    );
  },
  listAllSnapshots(dom: DomainRef, flags = 0, o?: CallOptions): Promise<SnapshotRef[]> {
    return this.call(
      SnapshotProc.LIST_ALL,
      (w) => {
        putDomain(w, dom);
        w.int(1);
        w.uint(flags);
      },
      (r) => {
        const list = r.array(getSnapshot);
        r.int();
        return list;
      },
      o,
    );
  },
  snapshotGetXML(snap: SnapshotRef, flags = 0, o?: CallOptions): Promise<string> {
    return this.call(SnapshotProc.GET_XML_DESC, snapArgs(snap, flags), getString, o);
  },
  async snapshotCurrent(dom: DomainRef, o?: CallOptions): Promise<SnapshotRef | undefined> {
    try {
      return await this.call(SnapshotProc.CURRENT, domFlagsArgs(dom, 0), getSnapshot, o);
    } catch (err) {
      if (err instanceof LibvirtError && err.code === ErrorCode.NO_DOMAIN_SNAPSHOT) return undefined;
      throw err;
    }
  },
  snapshotRevert(snap: SnapshotRef, flags = 0, o?: CallOptions): Promise<void> {
    return this.call(SnapshotProc.REVERT, snapArgs(snap, flags), getVoid, o);
  },
  snapshotDelete(snap: SnapshotRef, flags = 0, o?: CallOptions): Promise<void> {
    return this.call(SnapshotProc.DELETE, snapArgs(snap, flags), getVoid, o);
  },
} satisfies CallFamily;

export type SnapshotCalls = typeof snapshotCalls;
