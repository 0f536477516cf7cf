// Reads libvirt's screenshot of a guest (virsh screenshot: PNG on current QEMU, PPM on older ones) into
// RGB pixels, and recognises GRUB's text-mode menu in it: light-grey text on black inside a box, with
// the highlighted entry drawn as a light-grey bar across the box.
import { inflateSync } from 'node:zlib';

export interface Rgb {
  width: number;
  height: number;
  /** 3 bytes per pixel, rows top to bottom */
  data: Buffer;
}

export function decodeScreenshot(file: Buffer): Rgb {
  if (file.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
    return decodePng(file);
  if (file.subarray(0, 2).toString('ascii') === 'P6') return decodePpm(file);
  throw new Error('the screenshot is neither PNG nor PPM');
}

function decodePpm(file: Buffer): Rgb {
  const fields: number[] = [];
  let i = 2;
  while (fields.length < 3) {
    while (/\s/.test(String.fromCharCode(file[i]))) i++;
    if (file[i] === 0x23) {
      while (file[i] !== 0x0a) i++;
      continue;
    }
    let s = '';
    while (!/\s/.test(String.fromCharCode(file[i]))) s += String.fromCharCode(file[i++]);
    fields.push(Number(s));
  }
  const [width, height] = fields;
  return { width, height, data: file.subarray(i + 1, i + 1 + width * height * 3) };
}

/** 8-bit RGB or RGBA, not interlaced: what QEMU writes. */
function decodePng(file: Buffer): Rgb {
  let pos = 8;
  let width = 0;
  let height = 0;
  let channels = 3;
  const idat: Buffer[] = [];
  while (pos < file.length) {
    const len = file.readUInt32BE(pos);
    const type = file.toString('ascii', pos + 4, pos + 8);
    const body = file.subarray(pos + 8, pos + 8 + len);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      if (body[8] !== 8 || body[12] !== 0 || (body[9] !== 2 && body[9] !== 6)) {
        throw new Error('unexpected PNG format (want 8-bit RGB or RGBA, not interlaced)');
      }
      channels = body[9] === 6 ? 4 : 3;
    } else if (type === 'IDAT') idat.push(body);
    pos += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const out = Buffer.alloc(width * height * 3);
  let prev = Buffer.alloc(stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = Buffer.from(raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1)));
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? line[x - channels] : 0;
      const b = prev[x];
      const c = x >= channels ? prev[x - channels] : 0;
      let add = 0;
      if (filter === 1) add = a;
      else if (filter === 2) add = b;
      else if (filter === 3) add = (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        add = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      line[x] = (line[x] + add) & 0xff;
    }
    for (let x = 0; x < width; x++) line.copy(out, (y * width + x) * 3, x * channels, x * channels + 3);
    prev = line;
  }
  return { width, height, data: out };
}

const isBlack = (r: number, g: number, b: number) => r < 40 && g < 40 && b < 40;
/** VGA light grey (170,170,170) or white, with no tint */
const isLightGrey = (r: number, g: number, b: number) =>
  r > 140 && g > 140 && b > 140 && Math.max(r, g, b) - Math.min(r, g, b) < 30;

export interface GrubScreenCheck {
  ok: boolean;
  /** why it is (not) GRUB's menu, for the failure message */
  why: string;
}

/**
 * GRUB's menu: mostly black, some light-grey text, and a highlight bar — at least 8 consecutive pixel
 * rows that are light grey across more than 70% of the screen's width (the selected entry).
 */
export function looksLikeGrubMenu(img: Rgb): GrubScreenCheck {
  const { width, height, data } = img;
  let black = 0;
  let grey = 0;
  let barRows = 0;
  let longestBar = 0;
  for (let y = 0; y < height; y++) {
    let rowGrey = 0;
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 3;
      const [r, g, b] = [data[o], data[o + 1], data[o + 2]];
      if (isBlack(r, g, b)) black++;
      else if (isLightGrey(r, g, b)) {
        grey++;
        rowGrey++;
      }
    }
    barRows = rowGrey > width * 0.7 ? barRows + 1 : 0;
    longestBar = Math.max(longestBar, barRows);
  }
  const total = width * height;
  const why = `${width}x${height}: ${((100 * black) / total).toFixed(1)}% black, ${((100 * grey) / total).toFixed(1)}% light grey, highlight bar ${longestBar} rows`;
  const ok = black / total > 0.6 && grey / total > 0.02 && longestBar >= 8 && longestBar <= 40;
  return { ok, why };
}
