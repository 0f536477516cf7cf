// Network procedures (remote_protocol.x).
import type { DhcpLease } from '../facade.js';
import type { XdrReader } from '../xdr.js';

export const NetworkProc = {
  CREATE: 39,
  CREATE_XML: 40,
  DEFINE_XML: 41,
  DESTROY: 42,
  GET_XML_DESC: 43,
  GET_AUTOSTART: 44,
  LOOKUP_BY_NAME: 46,
  LOOKUP_BY_UUID: 47,
  SET_AUTOSTART: 48,
  UNDEFINE: 49,
  IS_ACTIVE: 152,
  IS_PERSISTENT: 153,
  LIST_ALL: 283,
  GET_DHCP_LEASES: 341,
} as const;

export function getDhcpLease(r: XdrReader): DhcpLease {
  const lease: DhcpLease = { iface: r.string(), expiryTime: r.hyper(), type: r.int(), ipaddr: '', prefix: 0 };
  const mac = r.optString();
  const iaid = r.optString();
  lease.ipaddr = r.string();
  lease.prefix = r.uint();
  const hostname = r.optString();
  const clientid = r.optString();
  if (mac !== undefined) lease.mac = mac;
  if (iaid !== undefined) lease.iaid = iaid;
  if (hostname !== undefined) lease.hostname = hostname;
  if (clientid !== undefined) lease.clientid = clientid;
  return lease;
}
