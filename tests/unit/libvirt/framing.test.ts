import { describe, expect, it } from 'vitest';
import { FrameDecoder, FramingError } from '../../../main/libvirt/framing.js';

function packet(body: string): Buffer {
  const header = Buffer.alloc(24, 0xab);
  const payload = Buffer.from(body);
  const len = Buffer.alloc(4);
  len.writeUInt32BE(4 + header.length + payload.length);
  return Buffer.concat([len, header, payload]);
}

function collect() {
  const got: string[] = [];
  const d = new FrameDecoder((buf, start, end) => got.push(buf.toString('utf8', start + 24, end)));
  return { d, got };
}

describe('framing', () => {
  const stream = Buffer.concat([packet('one'), packet(''), packet('three'.repeat(1000)), packet('four')]);
  const want = ['one', '', 'three'.repeat(1000), 'four'];

  it('splits coalesced packets delivered in one chunk', () => {
    const { d, got } = collect();
    d.push(stream);
    expect(got).toEqual(want);
  });

  it('reassembles packets split at every possible byte boundary', () => {
    for (let cut = 1; cut < stream.length; cut += 7) {
      const { d, got } = collect();
      d.push(stream.subarray(0, cut));
      d.push(stream.subarray(cut));
      expect(got).toEqual(want);
    }
  });

  it('reassembles a stream delivered one byte at a time', () => {
    const { d, got } = collect();
    for (let i = 0; i < stream.length; i++) d.push(stream.subarray(i, i + 1));
    expect(got).toEqual(want);
  });

  it('rejects a packet over the 32 MiB limit before reading its body', () => {
    const { d } = collect();
    const len = Buffer.alloc(4);
    len.writeUInt32BE(32 * 1024 * 1024 + 5);
    expect(() => d.push(len)).toThrow(FramingError);
    expect(() => collect().d.push(Buffer.from([0, 0, 0, 8, 1, 2, 3, 4]))).toThrow(/too short/);
  });
});
