// Storage pool and volume procedures (remote_protocol.x).
import type { PoolInfo, VolumeInfo } from '../facade.js';
import type { XdrReader } from '../xdr.js';

export const StorageProc = {
  POOL_CREATE_XML: 76,
  POOL_DEFINE_XML: 77,
  POOL_CREATE: 78,
  POOL_BUILD: 79,
  POOL_DESTROY: 80,
  POOL_DELETE: 81,
  POOL_UNDEFINE: 82,
  POOL_REFRESH: 83,
  POOL_LOOKUP_BY_NAME: 84,
  POOL_LOOKUP_BY_UUID: 85,
  POOL_GET_INFO: 87,
  POOL_GET_XML_DESC: 88,
  POOL_GET_AUTOSTART: 89,
  POOL_SET_AUTOSTART: 90,
  VOL_CREATE_XML: 93,
  VOL_DELETE: 94,
  VOL_LOOKUP_BY_NAME: 95,
  VOL_LOOKUP_BY_KEY: 96,
  VOL_LOOKUP_BY_PATH: 97,
  VOL_GET_INFO: 98,
  VOL_GET_XML_DESC: 99,
  VOL_GET_PATH: 100,
  VOL_CREATE_XML_FROM: 125,
  POOL_IS_ACTIVE: 154,
  POOL_IS_PERSISTENT: 155,
  VOL_RESIZE: 260,
  LIST_ALL_POOLS: 281,
  POOL_LIST_ALL_VOLUMES: 282,
  CONNECT_GET_POOL_CAPABILITIES: 403, // virsh pool-capabilities with LIBVIRT_DEBUG=1 shows proc=403
} as const;

export function getPoolInfo(r: XdrReader): PoolInfo {
  return { state: r.uint() & 0xff, capacity: r.uhyper(), allocation: r.uhyper(), available: r.uhyper() };
}

export function getVolumeInfo(r: XdrReader): VolumeInfo {
  // `char type` travels as a 4-byte XDR int
  return { type: r.int(), capacity: r.uhyper(), allocation: r.uhyper() };
}
