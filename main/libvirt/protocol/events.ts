// Event registration procedures, event message procedures and their decoders (remote_protocol.x), with the
// names of libvirt's event and detail enums (include/libvirt/libvirt-domain.h, -network.h, -storage.h).
import type { LibvirtEvents } from '../facade.js';
import type { XdrReader } from '../xdr.js';
import { getDomain, getNetwork, getPool } from './common.js';

export const EventProc = {
  DOMAIN_CALLBACK_REGISTER_ANY: 316,
  DOMAIN_CALLBACK_DEREGISTER_ANY: 317,
  NETWORK_REGISTER_ANY: 313,
  NETWORK_DEREGISTER_ANY: 314,
  STORAGE_POOL_REGISTER_ANY: 368,
  STORAGE_POOL_DEREGISTER_ANY: 369,
} as const;

/** virDomainEventID / virNetworkEventID / virStoragePoolEventID */
export const DomainEventId = {
  LIFECYCLE: 0,
  REBOOT: 1,
  TRAY_CHANGE: 10,
  DEVICE_REMOVED: 15,
  DEVICE_ADDED: 19,
  METADATA_CHANGE: 23,
} as const;
export const NetworkEventId = { LIFECYCLE: 0 } as const;
export const PoolEventId = { LIFECYCLE: 0, REFRESH: 1 } as const;

/** Which libvirt registration each facade event needs. */
export type EventFamily = 'domain' | 'network' | 'pool';
export const eventRegistrations: Partial<Record<keyof LibvirtEvents, { family: EventFamily; id: number }>> = {
  domainLifecycle: { family: 'domain', id: DomainEventId.LIFECYCLE },
  domainReboot: { family: 'domain', id: DomainEventId.REBOOT },
  domainDeviceAdded: { family: 'domain', id: DomainEventId.DEVICE_ADDED },
  domainDeviceRemoved: { family: 'domain', id: DomainEventId.DEVICE_REMOVED },
  domainMetadataChange: { family: 'domain', id: DomainEventId.METADATA_CHANGE },
  domainTrayChange: { family: 'domain', id: DomainEventId.TRAY_CHANGE },
  networkLifecycle: { family: 'network', id: NetworkEventId.LIFECYCLE },
  storagePoolLifecycle: { family: 'pool', id: PoolEventId.LIFECYCLE },
  storagePoolRefresh: { family: 'pool', id: PoolEventId.REFRESH },
};

export const domainEventNames = [
  'defined',
  'undefined',
  'started',
  'suspended',
  'resumed',
  'stopped',
  'shutdown',
  'pmsuspended',
  'crashed',
];

export const domainEventDetailNames: string[][] = [
  ['added', 'updated', 'renamed', 'from_snapshot'],
  ['removed', 'renamed'],
  ['booted', 'migrated', 'restored', 'from_snapshot', 'wakeup'],
  [
    'paused',
    'migrated',
    'ioerror',
    'watchdog',
    'restored',
    'from_snapshot',
    'api_error',
    'postcopy',
    'postcopy_failed',
  ],
  ['unpaused', 'migrated', 'from_snapshot', 'postcopy', 'postcopy_failed'],
  ['shutdown', 'destroyed', 'crashed', 'migrated', 'saved', 'failed', 'from_snapshot'],
  ['finished', 'guest', 'host'],
  ['memory', 'disk'],
  ['panicked', 'crashloaded'],
];

export const networkEventNames = ['defined', 'undefined', 'started', 'stopped'];
export const poolEventNames = ['defined', 'undefined', 'started', 'stopped', 'created', 'deleted'];

const nameOf = (names: string[] | undefined, i: number) => names?.[i] ?? `unknown(${i})`;

/** A decoded event message: the callback id it is for, the facade event name and its payload. */
export interface DecodedEvent {
  callbackId: number;
  event: keyof LibvirtEvents;
  payload: unknown;
}

type EventDecoder = (r: XdrReader) => DecodedEvent;

/** Event message procedure number -> decoder. Only the "callback" forms (with callbackID) are used. */
export const eventDecoders: Record<number, EventDecoder> = {
  // REMOTE_PROC_DOMAIN_EVENT_CALLBACK_LIFECYCLE
  318: (r) => {
    const callbackId = r.int();
    const dom = getDomain(r);
    const event = r.int();
    const detail = r.int();
    return {
      callbackId,
      event: 'domainLifecycle',
      payload: {
        dom,
        event,
        detail,
        eventName: nameOf(domainEventNames, event),
        detailName: nameOf(domainEventDetailNames[event], detail),
      },
    };
  },
  // REMOTE_PROC_DOMAIN_EVENT_CALLBACK_REBOOT
  319: (r) => ({ callbackId: r.int(), event: 'domainReboot', payload: { dom: getDomain(r) } }),
  // REMOTE_PROC_DOMAIN_EVENT_CALLBACK_TRAY_CHANGE
  328: (r) => {
    const callbackId = r.int();
    const dom = getDomain(r);
    const devAlias = r.string();
    return { callbackId, event: 'domainTrayChange', payload: { dom, devAlias, reason: r.int() } };
  },
  // REMOTE_PROC_DOMAIN_EVENT_CALLBACK_DEVICE_REMOVED
  333: (r) => {
    const callbackId = r.int();
    const dom = getDomain(r);
    return { callbackId, event: 'domainDeviceRemoved', payload: { dom, devAlias: r.string() } };
  },
  // REMOTE_PROC_DOMAIN_EVENT_CALLBACK_DEVICE_ADDED
  354: (r) => {
    const callbackId = r.int();
    const dom = getDomain(r);
    return { callbackId, event: 'domainDeviceAdded', payload: { dom, devAlias: r.string() } };
  },
  // REMOTE_PROC_DOMAIN_EVENT_CALLBACK_METADATA_CHANGE
  379: (r) => {
    const callbackId = r.int();
    const dom = getDomain(r);
    const type = r.int();
    const nsuri = r.optString();
    const payload = nsuri === undefined ? { dom, type } : { dom, type, nsuri };
    return { callbackId, event: 'domainMetadataChange', payload };
  },
  // REMOTE_PROC_NETWORK_EVENT_LIFECYCLE
  315: (r) => {
    const callbackId = r.int();
    const net = getNetwork(r);
    const event = r.int();
    const detail = r.int();
    return {
      callbackId,
      event: 'networkLifecycle',
      payload: { net, event, detail, eventName: nameOf(networkEventNames, event) },
    };
  },
  // REMOTE_PROC_STORAGE_POOL_EVENT_LIFECYCLE
  370: (r) => {
    const callbackId = r.int();
    const pool = getPool(r);
    const event = r.int();
    const detail = r.int();
    return {
      callbackId,
      event: 'storagePoolLifecycle',
      payload: { pool, event, detail, eventName: nameOf(poolEventNames, event) },
    };
  },
  // REMOTE_PROC_STORAGE_POOL_EVENT_REFRESH
  373: (r) => ({ callbackId: r.int(), event: 'storagePoolRefresh', payload: { pool: getPool(r) } }),
};
