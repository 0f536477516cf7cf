// Wire constants shared by every procedure (src/rpc/virnetprotocol.x, src/remote/remote_protocol.x) and the
// codecs of the object references libvirt passes around (remote_nonnull_domain and friends).
import type {
  DomainRef,
  NetworkRef,
  PoolRef,
  SnapshotRef,
  TypedParams,
  TypedValue,
  VolumeRef,
} from '../facade.js';
import { XdrError, type XdrReader, type XdrWriter } from '../xdr.js';

export const REMOTE_PROGRAM = 0x20008086;
export const REMOTE_PROTOCOL_VERSION = 1;
export const KEEPALIVE_PROGRAM = 0x6b656570;
export const KEEPALIVE_PROTOCOL_VERSION = 1;
export const KeepaliveProc = { PING: 1, PONG: 2 } as const;

export const MessageType = {
  CALL: 0,
  REPLY: 1,
  MESSAGE: 2,
  STREAM: 3,
  CALL_WITH_FDS: 4,
  REPLY_WITH_FDS: 5,
} as const;
export const MessageStatus = { OK: 0, ERROR: 1, CONTINUE: 2 } as const;

/** libvirt 9's VIR_NET_MESSAGE_MAX (32 MiB); the 4-byte length word comes on top */
export const MESSAGE_MAX = 33554432;
export const HEADER_SIZE = 24;
/** largest data payload libvirt puts in one stream packet (VIR_NET_MESSAGE_LEGACY_PAYLOAD_MAX) */
export const STREAM_CHUNK = 262144;
export const STRING_MAX = 4194304;

export type Encoder = (w: XdrWriter) => void;
export type Decoder<T> = (r: XdrReader) => T;

// --- uuid: 16 raw bytes on the wire, canonical 8-4-4-4-12 hex for people ---

export function uuidFromBytes(b: Buffer): string {
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** a hex digit's value, -1 for any other character */
function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48; // 0-9
  const lower = c | 0x20;
  return lower >= 97 && lower <= 102 ? lower - 87 : -1; // a-f, A-F
}

const uuidBytes = Buffer.alloc(16); // putUuid's scratch: encoding is synchronous, one at a time

/**
 * 32 hex digits, with or without the dashes of 8-4-4-4-12. Parsed by hand: every call on a domain carries
 * its uuid, and a regex, a dash-less copy and a Buffer per call were a visible part of a call's cost.
 */
export function putUuid(w: XdrWriter, uuid: string): void {
  let n = 0; // hex digits so far
  for (let i = 0; i < uuid.length; i++) {
    const c = uuid.charCodeAt(i);
    const boundary = n === 8 || n === 12 || n === 16 || n === 20;
    if (c === 45 && boundary && uuid.charCodeAt(i - 1) !== 45) continue; // one '-' between groups
    const v = hexValue(c);
    if (v < 0 || n === 32) throw new XdrError(`not a uuid: ${uuid}`);
    if (n & 1) uuidBytes[n >> 1] |= v;
    else uuidBytes[n >> 1] = v << 4;
    n++;
  }
  if (n !== 32) throw new XdrError(`not a uuid: ${uuid}`);
  w.fixedOpaque(uuidBytes, 16);
}

// --- object references ---

export function getDomain(r: XdrReader): DomainRef {
  const name = r.string();
  const uuid = uuidFromBytes(r.fixedOpaque(16));
  const id = r.int();
  return { name, uuid, id };
}

export function putDomain(w: XdrWriter, d: DomainRef): void {
  w.string(d.name);
  putUuid(w, d.uuid);
  w.int(d.id);
}

export function getNetwork(r: XdrReader): NetworkRef {
  const name = r.string();
  return { name, uuid: uuidFromBytes(r.fixedOpaque(16)) };
}

export function putNetwork(w: XdrWriter, n: NetworkRef): void {
  w.string(n.name);
  putUuid(w, n.uuid);
}

export const getPool: Decoder<PoolRef> = getNetwork;
export const putPool: (w: XdrWriter, p: PoolRef) => void = putNetwork;

export function getVolume(r: XdrReader): VolumeRef {
  const pool = r.string();
  const name = r.string();
  return { pool, name, key: r.string() };
}

export function putVolume(w: XdrWriter, v: VolumeRef): void {
  w.string(v.pool);
  w.string(v.name);
  w.string(v.key);
}

export function getSnapshot(r: XdrReader): SnapshotRef {
  const name = r.string();
  return { name, dom: getDomain(r) };
}

export function putSnapshot(w: XdrWriter, s: SnapshotRef): void {
  w.string(s.name);
  putDomain(w, s.dom);
}

// --- typed parameters (remote_typed_param) ---

export const TypedParamType = {
  INT: 1,
  UINT: 2,
  LLONG: 3,
  ULLONG: 4,
  DOUBLE: 5,
  BOOLEAN: 6,
  STRING: 7,
} as const;

export function getTypedValue(r: XdrReader): TypedValue {
  const type = r.int();
  switch (type) {
    case TypedParamType.INT:
      return r.int();
    case TypedParamType.UINT:
      return r.uint();
    case TypedParamType.LLONG:
      return r.hyper();
    case TypedParamType.ULLONG:
      return r.uhyper();
    case TypedParamType.DOUBLE:
      return r.double();
    case TypedParamType.BOOLEAN:
      return r.int() !== 0;
    case TypedParamType.STRING:
      return r.string();
    default:
      throw new XdrError(`unknown typed parameter type ${type}`);
  }
}

export function getTypedParams(r: XdrReader): TypedParams {
  const n = r.uint();
  if (n * 8 > r.remaining) throw new XdrError(`typed parameter list of ${n} cannot fit`);
  const out: TypedParams = {};
  for (let i = 0; i < n; i++) {
    const field = r.string();
    out[field] = getTypedValue(r);
  }
  return out;
}

/**
 * Encodes typed parameters. JS values do not say which C type libvirt wants, so the caller may give
 * `types` (field -> TypedParamType); otherwise: boolean -> BOOLEAN, string -> STRING, bigint -> ULLONG
 * (LLONG when negative), integer number -> UINT (INT when negative), other numbers -> DOUBLE.
 */
export function putTypedParams(w: XdrWriter, params: TypedParams, types: Record<string, number> = {}): void {
  const fields = Object.keys(params);
  w.uint(fields.length);
  for (const field of fields) {
    const v = params[field];
    w.string(field);
    const t = types[field] ?? guessType(v);
    w.int(t);
    switch (t) {
      case TypedParamType.INT:
        w.int(Number(v));
        break;
      case TypedParamType.UINT:
        w.uint(Number(v));
        break;
      case TypedParamType.LLONG:
        w.hyper(BigInt(v as number | bigint));
        break;
      case TypedParamType.ULLONG:
        w.uhyper(BigInt(v as number | bigint));
        break;
      case TypedParamType.DOUBLE:
        w.double(Number(v));
        break;
      case TypedParamType.BOOLEAN:
        w.int(v ? 1 : 0);
        break;
      case TypedParamType.STRING:
        w.string(String(v));
        break;
      default:
        throw new XdrError(`unknown typed parameter type ${t}`);
    }
  }
}

function guessType(v: TypedValue): number {
  if (typeof v === 'boolean') return TypedParamType.BOOLEAN;
  if (typeof v === 'string') return TypedParamType.STRING;
  if (typeof v === 'bigint') return v < 0n ? TypedParamType.LLONG : TypedParamType.ULLONG;
  if (Number.isInteger(v)) return v < 0 ? TypedParamType.INT : TypedParamType.UINT;
  return TypedParamType.DOUBLE;
}

// --- small shared decoders ---

export const getString: Decoder<string> = (r) => r.string();
export const getInt: Decoder<number> = (r) => r.int();
export const getBool: Decoder<boolean> = (r) => r.int() !== 0;
export const getUhyper: Decoder<bigint> = (r) => r.uhyper();
export const getVoid: Decoder<void> = () => undefined;
