// vms.screenshot answers PNG even when QEMU hands libvirt a PPM: the conversion keeps every pixel.
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ppmToPng } from '../../../main/services/png';

function chunks(png: Buffer): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  let at = 8;
  while (at < png.length) {
    const len = png.readUInt32BE(at);
    const type = png.toString('ascii', at + 4, at + 8);
    out.set(type, Buffer.concat([out.get(type) ?? Buffer.alloc(0), png.subarray(at + 8, at + 8 + len)]));
    at += 12 + len;
  }
  return out;
}

describe('PPM screenshots to PNG', () => {
  it('keeps the size and every RGB pixel, with a comment in the header', async () => {
    const pixels = Buffer.from([255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 20, 30, 40, 50, 60, 70, 80, 90]);
    const ppm = Buffer.concat([Buffer.from('P6\n# QEMU screendump\n3 2\n255\n'), pixels]);
    const png = await ppmToPng(ppm);
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    const c = chunks(png);
    const ihdr = c.get('IHDR')!;
    expect([ihdr.readUInt32BE(0), ihdr.readUInt32BE(4), ihdr[8], ihdr[9]]).toEqual([3, 2, 8, 2]);
    const raw = inflateSync(c.get('IDAT')!);
    // each row: filter byte 0, then the row's pixels
    expect(raw).toEqual(
      Buffer.concat([Buffer.from([0]), pixels.subarray(0, 9), Buffer.from([0]), pixels.subarray(9)]),
    );
    expect(c.has('IEND')).toBe(true);
  });

  it('refuses what is not a binary PPM', async () => {
    await expect(ppmToPng(Buffer.from('P3\n1 1\n255\n0 0 0\n'))).rejects.toThrow(/not a PPM/);
    await expect(ppmToPng(Buffer.from('P6\n2 2\n255\n\x00'))).rejects.toThrow(/truncated/);
  });
});
