// Calls on virtual networks, including the DHCP leases that tell a guest's address.
import type { CallOptions } from '../client.js';
import type { DhcpLease, NetworkRef } from '../facade.js';
import { getBool, getNetwork, getString, getVoid, putNetwork } from '../protocol/common.js';
import { getDhcpLease, NetworkProc } from '../protocol/network.js';
import { type CallFamily, listArgs, listOf } from './context.js';

export const networkCalls = {
  listAllNetworks(flags = 0, o?: CallOptions): Promise<NetworkRef[]> {
    return this.call(NetworkProc.LIST_ALL, listArgs(flags), listOf(getNetwork), o);
  },
  lookupNetworkByName(name: string, o?: CallOptions): Promise<NetworkRef> {
    return this.call(NetworkProc.LOOKUP_BY_NAME, (w) => w.string(name), getNetwork, o);
  },
  networkGetXML(net: NetworkRef, flags = 0, o?: CallOptions): Promise<string> {
    return this.call(
      NetworkProc.GET_XML_DESC,
      (w) => {
        putNetwork(w, net);
        w.uint(flags);
      },
      getString,
      o,
    );
  },
  networkDefineXML(xml: string, o?: CallOptions): Promise<NetworkRef> {
    return this.call(NetworkProc.DEFINE_XML, (w) => w.string(xml), getNetwork, o);
  },
  networkCreate(net: NetworkRef, o?: CallOptions): Promise<void> {
    return this.call(NetworkProc.CREATE, (w) => putNetwork(w, net), getVoid, o);
  },
  networkDestroy(net: NetworkRef, o?: CallOptions): Promise<void> {
    return this.call(NetworkProc.DESTROY, (w) => putNetwork(w, net), getVoid, o);
  },
  networkUndefine(net: NetworkRef, o?: CallOptions): Promise<void> {
    return this.call(NetworkProc.UNDEFINE, (w) => putNetwork(w, net), getVoid, o);
  },
  networkIsActive(net: NetworkRef, o?: CallOptions): Promise<boolean> {
    return this.call(NetworkProc.IS_ACTIVE, (w) => putNetwork(w, net), getBool, o);
  },
  networkIsPersistent(net: NetworkRef, o?: CallOptions): Promise<boolean> {
    return this.call(NetworkProc.IS_PERSISTENT, (w) => putNetwork(w, net), getBool, o);
  },
  networkGetAutostart(net: NetworkRef, o?: CallOptions): Promise<boolean> {
    return this.call(NetworkProc.GET_AUTOSTART, (w) => putNetwork(w, net), getBool, o);
  },
  networkSetAutostart(net: NetworkRef, autostart: boolean, o?: CallOptions): Promise<void> {
    return this.call(
      NetworkProc.SET_AUTOSTART,
      (w) => {
        putNetwork(w, net);
        w.int(autostart ? 1 : 0);
      },
      getVoid,
      o,
    );
  },
  networkGetDhcpLeases(net: NetworkRef, mac?: string, o?: CallOptions): Promise<DhcpLease[]> {
    return this.call(
      NetworkProc.GET_DHCP_LEASES,
      (w) => {
        putNetwork(w, net);
        w.optString(mac);
        w.int(1);
        w.uint(0);
      },
      (r) => {
        const leases = r.array(getDhcpLease);
        r.uint();
        return leases;
      },
      o,
    );
  },
} satisfies CallFamily;

export type NetworkCalls = typeof networkCalls;
