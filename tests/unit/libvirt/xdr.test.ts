import { describe, expect, it } from 'vitest';
import { decodeRemoteError, LibvirtError } from '../../../main/libvirt/errors.js';
import {
  getDomain,
  getTypedParams,
  putDomain,
  putTypedParams,
  putUuid,
  TypedParamType,
  uuidFromBytes,
} from '../../../main/libvirt/protocol/common.js';
import { XdrError, XdrReader, XdrWriter } from '../../../main/libvirt/xdr.js';

const roundTrip = (write: (w: XdrWriter) => void) => {
  const w = new XdrWriter(4); // tiny on purpose: every write must grow the buffer correctly
  write(w);
  return new XdrReader(Buffer.from(w.view()));
};

describe('XDR', () => {
  it('round-trips 32-bit signed and unsigned integers at their limits', () => {
    const r = roundTrip((w) => w.int(-2147483648).int(2147483647).int(0).uint(4294967295).uint(0));
    expect([r.int(), r.int(), r.int(), r.uint(), r.uint()]).toEqual([
      -2147483648, 2147483647, 0, 4294967295, 0,
    ]);
    expect(r.remaining).toBe(0);
  });

  it('writes big-endian 4-byte units', () => {
    const w = new XdrWriter();
    w.uint(0x01020304);
    expect([...w.view()]).toEqual([1, 2, 3, 4]);
  });

  it('round-trips 64-bit hypers above 2^53 as bigint without losing precision', () => {
    const big = 2n ** 53n + 1n;
    const r = roundTrip((w) =>
      w
        .hyper(-(2n ** 63n))
        .hyper(2n ** 63n - 1n)
        .uhyper(2n ** 64n - 1n)
        .uhyper(big),
    );
    expect(r.hyper()).toBe(-(2n ** 63n));
    expect(r.hyper()).toBe(2n ** 63n - 1n);
    expect(r.uhyper()).toBe(2n ** 64n - 1n);
    expect(r.uhyper()).toBe(big);
  });

  it('round-trips booleans and doubles', () => {
    const r = roundTrip((w) => w.bool(true).bool(false).double(Math.PI).double(-0.5));
    expect([r.bool(), r.bool(), r.double(), r.double()]).toEqual([true, false, Math.PI, -0.5]);
  });

  it('pads strings and opaques to 4 bytes and round-trips UTF-8', () => {
    for (const s of ['', 'a', 'ab', 'abc', 'abcd', 'grüße ☃ 日本']) {
      const w = new XdrWriter(1);
      w.string(s);
      expect(w.pos % 4).toBe(0);
      expect(new XdrReader(Buffer.from(w.view())).string()).toBe(s);
    }
    const bytes = Buffer.from([1, 2, 3, 4, 5]);
    const r = roundTrip((w) => w.opaque(bytes).fixedOpaque(Buffer.alloc(16, 7), 16).int(9));
    expect(r.opaque()).toEqual(bytes);
    expect(r.fixedOpaque(16)).toEqual(Buffer.alloc(16, 7));
    expect(r.int()).toBe(9);
  });

  it('round-trips optionals, present and absent', () => {
    const r = roundTrip((w) =>
      w
        .optString('x')
        .optString(undefined)
        .optional(5, (x, v) => x.int(v))
        .optional<number>(null, (x, v) => x.int(v)),
    );
    expect(r.optString()).toBe('x');
    expect(r.optString()).toBeUndefined();
    expect(r.optional((x) => x.int())).toBe(5);
    expect(r.optional((x) => x.int())).toBeUndefined();
  });

  it('round-trips arrays', () => {
    const r = roundTrip((w) =>
      w.array(['a', 'bb', 'ccc'], (x, v) => x.string(v)).array([], (x, v: number) => x.int(v)),
    );
    expect(r.array((x) => x.string())).toEqual(['a', 'bb', 'ccc']);
    expect(r.array((x) => x.int())).toEqual([]);
  });

  it('refuses truncated data and lengths over the limit instead of reading garbage', () => {
    const w = new XdrWriter();
    w.uint(100); // claims a 100-byte string
    w.raw(Buffer.from('short'));
    expect(() => new XdrReader(Buffer.from(w.view())).string()).toThrow(XdrError);
    expect(() => new XdrReader(Buffer.from([0, 0, 0])).int()).toThrow(XdrError);
    const w2 = new XdrWriter();
    w2.string('abcdefgh');
    expect(() => new XdrReader(Buffer.from(w2.view())).string(4)).toThrow(/limit/);
    const w3 = new XdrWriter();
    w3.uint(0x7fffffff); // an array count no message could hold
    expect(() => new XdrReader(Buffer.from(w3.view())).array((x) => x.int())).toThrow(XdrError);
  });

  it('round-trips a domain reference with its uuid in canonical form', () => {
    const dom = { name: 'kvmdesk-test-x', uuid: '6695eb01-f6a4-8304-79aa-97f2502e193f', id: -1 };
    const r = roundTrip((w) => putDomain(w, dom));
    expect(getDomain(r)).toEqual(dom);
    expect(uuidFromBytes(Buffer.from('00112233445566778899aabbccddeeff', 'hex'))).toBe(
      '00112233-4455-6677-8899-aabbccddeeff',
    );
  });

  it('writes a uuid given with or without its dashes, in either case, and refuses anything else', () => {
    const bytes = (uuid: string) => {
      const w = new XdrWriter();
      putUuid(w, uuid);
      return w.view().toString('hex');
    };
    const hex = '6695eb01f6a4830479aa97f2502e193f';
    for (const ok of [
      '6695eb01-f6a4-8304-79aa-97f2502e193f',
      '6695EB01-F6A4-8304-79AA-97F2502E193F',
      hex,
      '6695eb01f6a4-8304-79aa97f2502e193f', // each dash is optional, as libvirt's own parser allows
    ]) {
      expect(bytes(ok)).toBe(hex);
    }
    for (const bad of [
      '',
      '6695eb01-f6a4-8304-79aa-97f2502e193', // a digit short
      '6695eb01-f6a4-8304-79aa-97f2502e193f0', // a digit over
      '6695eb01--f6a4-8304-79aa-97f2502e193f',
      '-6695eb01f6a4830479aa97f2502e193f',
      '6695eb01f6a4830479aa97f2502e193f-',
      '6695eb0-1f6a4-8304-79aa-97f2502e193f', // a dash inside a group
      '6695eb01-f6a4-8304-79aa-97f2502e193g',
      '6695eb01 f6a4-8304-79aa-97f2502e193f',
    ]) {
      expect(() => bytes(bad), bad).toThrow(XdrError);
    }
  });

  it('round-trips typed parameters of every type', () => {
    const params = {
      i: -5,
      u: 4000000000,
      l: -(2n ** 60n),
      ul: 2n ** 64n - 2n,
      d: 1.25,
      b: true,
      s: 'vda',
    };
    const r = roundTrip((w) => putTypedParams(w, params, { u: TypedParamType.UINT }));
    expect(getTypedParams(r)).toEqual(params);
  });

  it('decodes a libvirt error with its code, domain and message', () => {
    const w = new XdrWriter();
    w.int(42).int(10).optString('Domain not found: no domain with matching name').int(2);
    w.int(0); // dom
    w.optString('str1').optString(undefined).optString(undefined);
    w.int(0).int(0).int(0); // int1, int2, net
    const err = decodeRemoteError(new XdrReader(Buffer.from(w.view())));
    expect(err).toBeInstanceOf(LibvirtError);
    expect(err.kind).toBe('LIBVIRT');
    expect(err.code).toBe(42);
    expect(err.domain).toBe(10);
    expect(err.message).toBe('Domain not found: no domain with matching name');
    expect(err.extra).toEqual(['str1']);
  });
});
