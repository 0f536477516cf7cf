// libvirt's QEMU screenshots come as PPM (P6) on older QEMU; the UI wants PNG. A minimal encoder:
// 8-bit RGB, no filtering, zlib-compressed (node:zlib), CRC-32 from node:zlib. The compression, nearly
// all of the work (~18 ms for a 1024x768 screen), runs on libuv's thread pool, off the event loop.
import { promisify } from 'node:util';
import { crc32, deflate as deflateCb } from 'node:zlib';

const deflate = promisify(deflateCb);

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

/** Decodes a binary PPM (P6, maxval 255) and encodes it as PNG. */
export async function ppmToPng(ppm: Buffer): Promise<Buffer> {
  // header: "P6" whitespace width whitespace height whitespace maxval single-whitespace, # comments allowed
  const fields: string[] = [];
  let i = 0;
  while (fields.length < 4 && i < ppm.length) {
    const ch = ppm[i];
    if (ch === 0x23) {
      while (i < ppm.length && ppm[i] !== 0x0a) i++;
    } else if (ch === 0x20 || ch === 0x0a || ch === 0x0d || ch === 0x09) {
      i++;
    } else {
      let s = '';
      while (i < ppm.length && ![0x20, 0x0a, 0x0d, 0x09].includes(ppm[i])) s += String.fromCharCode(ppm[i++]);
      fields.push(s);
    }
  }
  i++; // the single whitespace after maxval
  const [magic, w, h, max] = fields;
  const width = Number(w);
  const height = Number(h);
  if (magic !== 'P6' || !(width > 0) || !(height > 0) || Number(max) !== 255) {
    throw new Error('The screenshot is not a PPM image KVM Desk can read.');
  }
  const rgb = ppm.subarray(i, i + width * height * 3);
  if (rgb.length < width * height * 3) throw new Error('The screenshot is truncated.');
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 3 + 1)] = 0; // filter: none
    rgb.copy(raw, y * (width * 3 + 1) + 1, y * width * 3, (y + 1) * width * 3);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type: RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', await deflate(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
