// What a call family (the files beside this one) needs from the connection, and the argument and reply
// shapes more than one family uses. LibvirtConnection provides the context; its prototype gets the methods.
import type { CallOptions, RpcClient } from '../client.js';
import type { DomainRef, LibvirtConnectionApi } from '../facade.js';
import { type Decoder, type Encoder, putDomain } from '../protocol/common.js';
import type { XdrWriter } from '../xdr.js';

export interface CallContext {
  /** One call through the current client; a missing connection rejects at once with DISCONNECTED. */
  call<T>(proc: number, args: Encoder | undefined, ret: Decoder<T>, o?: CallOptions): Promise<T>;
  /** The current client, for stream procedures; throws DISCONNECTED when there is none. */
  rpc(): RpcClient;
}

/**
 * A family's methods, `this` being the connection. Those the facade names are checked against its
 * signatures here; a few extras are public on the class but not in the facade.
 */
export type CallFamily = Partial<LibvirtConnectionApi> &
  Record<string, (...args: never[]) => unknown> &
  ThisType<CallContext>;

export const domFlagsArgs = (dom: DomainRef, flags: number) => (w: XdrWriter) => {
  putDomain(w, dom);
  w.uint(flags);
};

export const listArgs = (flags: number) => (w: XdrWriter) => {
  w.int(1); // need_results
  w.uint(flags);
};

export const listOf =
  <T>(item: Decoder<T>): Decoder<T[]> =>
  (r) => {
    const list = r.array(item);
    r.uint();
    return list;
  };
