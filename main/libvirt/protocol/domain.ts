// Domain procedures (remote_protocol.x).
import type { DomainInfo, InterfaceAddress } from '../facade.js';
import type { XdrReader } from '../xdr.js';

export const DomainProc = {
  ATTACH_DEVICE: 8,
  CREATE: 9,
  CREATE_XML: 10,
  DEFINE_XML: 11,
  DESTROY: 12,
  DETACH_DEVICE: 13,
  GET_XML_DESC: 14,
  GET_AUTOSTART: 15,
  GET_INFO: 16,
  LOOKUP_BY_ID: 22,
  LOOKUP_BY_NAME: 23,
  LOOKUP_BY_UUID: 24,
  REBOOT: 27,
  RESUME: 28,
  SET_AUTOSTART: 29,
  SHUTDOWN: 33,
  SUSPEND: 34,
  UNDEFINE: 35,
  IS_ACTIVE: 150,
  IS_PERSISTENT: 151,
  ATTACH_DEVICE_FLAGS: 160,
  DETACH_DEVICE_FLAGS: 161,
  UPDATE_DEVICE_FLAGS: 174,
  MANAGED_SAVE: 182,
  HAS_MANAGED_SAVE_IMAGE: 183,
  MANAGED_SAVE_REMOVE: 184,
  GET_BLOCK_INFO: 194,
  CREATE_WITH_FLAGS: 196,
  SET_VCPUS_FLAGS: 199,
  GET_VCPUS_FLAGS: 200,
  SET_MEMORY_FLAGS: 204,
  GET_STATE: 212,
  SEND_KEY: 226,
  UNDEFINE_FLAGS: 231,
  RESTORE_FLAGS: 233,
  DESTROY_FLAGS: 234,
  RESET: 245,
  BLOCK_RESIZE: 251,
  SHUTDOWN_FLAGS: 258,
  SET_METADATA: 264,
  GET_METADATA: 265,
  SET_MEMORY_STATS_PERIOD: 308,
  LIST_ALL: 273,
  GET_ALL_DOMAIN_STATS: 344,
  DEFINE_XML_FLAGS: 350,
  INTERFACE_ADDRESSES: 353,
  RENAME: 358,
} as const;

export function getDomainInfo(r: XdrReader): DomainInfo {
  return {
    state: r.uint() & 0xff,
    maxMemKiB: r.uhyper(),
    memoryKiB: r.uhyper(),
    nrVirtCpu: r.uint() & 0xffff,
    cpuTimeNs: r.uhyper(),
  };
}

export function getInterface(r: XdrReader): InterfaceAddress {
  const name = r.string();
  const hwaddr = r.optString();
  const addrs = r.array((a) => {
    const type = a.int();
    const addr = a.string();
    return { type, addr, prefix: a.uint() };
  });
  return hwaddr === undefined ? { name, addrs } : { name, hwaddr, addrs };
}
