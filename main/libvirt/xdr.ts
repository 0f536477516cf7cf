// XDR (RFC 4506) as libvirt's RPC uses it: big-endian 4-byte units, 64-bit "hyper" values as bigint,
// strings and opaques padded to 4 bytes, optionals as a bool then the value, arrays as a count then items.

export class XdrError extends Error {
  override name = 'XdrError';
}

const pad = (n: number) => (4 - (n & 3)) & 3;

/** Growable writer. One instance can be reused: reset() rewinds it without giving up its buffer. */
export class XdrWriter {
  buf: Buffer;
  pos = 0;

  constructor(initialSize = 1024) {
    this.buf = Buffer.allocUnsafe(initialSize);
  }

  reset(): this {
    this.pos = 0;
    return this;
  }

  private ensure(n: number): void {
    const need = this.pos + n;
    if (need <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < need) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  int(v: number): this {
    this.ensure(4);
    this.buf.writeInt32BE(v, this.pos);
    this.pos += 4;
    return this;
  }

  uint(v: number): this {
    this.ensure(4);
    this.buf.writeUInt32BE(v >>> 0, this.pos);
    this.pos += 4;
    return this;
  }

  bool(v: boolean): this {
    return this.int(v ? 1 : 0);
  }

  hyper(v: bigint | number): this {
    this.ensure(8);
    this.buf.writeBigInt64BE(BigInt(v), this.pos);
    this.pos += 8;
    return this;
  }

  uhyper(v: bigint | number): this {
    this.ensure(8);
    this.buf.writeBigUInt64BE(BigInt(v), this.pos);
    this.pos += 8;
    return this;
  }

  double(v: number): this {
    this.ensure(8);
    this.buf.writeDoubleBE(v, this.pos);
    this.pos += 8;
    return this;
  }

  /** variable-length opaque: length, bytes, padding */
  opaque(data: Uint8Array): this {
    const n = data.length;
    this.ensure(4 + n + 3);
    this.buf.writeUInt32BE(n, this.pos);
    this.buf.set(data, this.pos + 4);
    this.pos += 4 + n;
    for (let i = pad(n); i > 0; i--) this.buf[this.pos++] = 0;
    return this;
  }

  /** fixed-length opaque (e.g. a 16-byte uuid): bytes and padding, no length */
  fixedOpaque(data: Uint8Array, size: number): this {
    if (data.length !== size) throw new XdrError(`expected ${size} bytes, got ${data.length}`);
    this.ensure(size + 3);
    this.buf.set(data, this.pos);
    this.pos += size;
    for (let i = pad(size); i > 0; i--) this.buf[this.pos++] = 0;
    return this;
  }

  /** bytes as they are: no length, no padding (stream payloads) */
  raw(data: Uint8Array): this {
    this.ensure(data.length);
    this.buf.set(data, this.pos);
    this.pos += data.length;
    return this;
  }

  string(s: string): this {
    this.ensure(4 + s.length * 3 + 3); // utf8 needs at most 3 bytes per UTF-16 unit
    const n = this.buf.write(s, this.pos + 4, 'utf8');
    this.buf.writeUInt32BE(n, this.pos);
    this.pos += 4 + n;
    for (let i = pad(n); i > 0; i--) this.buf[this.pos++] = 0;
    return this;
  }

  /** optional value (XDR pointer): a bool, then the value when present */
  optional<T>(v: T | undefined | null, put: (w: XdrWriter, v: T) => void): this {
    if (v === undefined || v === null) return this.int(0);
    this.int(1);
    put(this, v);
    return this;
  }

  optString(s: string | undefined | null): this {
    if (s === undefined || s === null) return this.int(0);
    this.int(1);
    return this.string(s);
  }

  array<T>(items: readonly T[], put: (w: XdrWriter, v: T) => void): this {
    this.uint(items.length);
    for (const it of items) put(this, it);
    return this;
  }

  /** the bytes written so far (a view, valid until the next write or reset) */
  view(): Buffer {
    return this.buf.subarray(0, this.pos);
  }
}

/** Reader over one message. Every read checks bounds, so a truncated or lying packet throws XdrError. */
export class XdrReader {
  pos: number;
  readonly end: number;

  constructor(
    readonly buf: Buffer,
    start = 0,
    end = buf.length,
  ) {
    this.pos = start;
    this.end = end;
  }

  private need(n: number): void {
    if (this.pos + n > this.end) throw new XdrError(`message truncated: need ${n} bytes at ${this.pos}`);
  }

  get remaining(): number {
    return this.end - this.pos;
  }

  int(): number {
    this.need(4);
    const v = this.buf.readInt32BE(this.pos);
    this.pos += 4;
    return v;
  }

  uint(): number {
    this.need(4);
    const v = this.buf.readUInt32BE(this.pos);
    this.pos += 4;
    return v;
  }

  bool(): boolean {
    return this.int() !== 0;
  }

  hyper(): bigint {
    this.need(8);
    const v = this.buf.readBigInt64BE(this.pos);
    this.pos += 8;
    return v;
  }

  uhyper(): bigint {
    this.need(8);
    const v = this.buf.readBigUInt64BE(this.pos);
    this.pos += 8;
    return v;
  }

  double(): number {
    this.need(8);
    const v = this.buf.readDoubleBE(this.pos);
    this.pos += 8;
    return v;
  }

  private length(max: number): number {
    const n = this.uint();
    if (n > max) throw new XdrError(`length ${n} over the limit ${max}`);
    this.need(n + pad(n));
    return n;
  }

  /** variable-length opaque; returns a copy so the message buffer can be released */
  opaque(max = 0xffffffff): Buffer {
    const n = this.length(max);
    const out = Buffer.from(this.buf.subarray(this.pos, this.pos + n));
    this.pos += n + pad(n);
    return out;
  }

  fixedOpaque(size: number): Buffer {
    this.need(size + pad(size));
    const out = this.buf.subarray(this.pos, this.pos + size);
    this.pos += size + pad(size);
    return out;
  }

  string(max = 0xffffffff): string {
    const n = this.length(max);
    const s = this.buf.toString('utf8', this.pos, this.pos + n);
    this.pos += n + pad(n);
    return s;
  }

  optional<T>(get: (r: XdrReader) => T): T | undefined {
    return this.bool() ? get(this) : undefined;
  }

  optString(): string | undefined {
    return this.bool() ? this.string() : undefined;
  }

  array<T>(get: (r: XdrReader) => T, max = 0xffffffff): T[] {
    const n = this.uint();
    if (n > max) throw new XdrError(`array of ${n} over the limit ${max}`);
    // each item takes at least 4 bytes: refuse counts the message cannot hold before allocating
    if (n * 4 > this.remaining) throw new XdrError(`array of ${n} cannot fit in ${this.remaining} bytes`);
    const out = new Array<T>(n);
    for (let i = 0; i < n; i++) out[i] = get(this);
    return out;
  }
}
