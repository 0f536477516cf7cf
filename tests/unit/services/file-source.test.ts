import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fileChunks, READ_SIZE } from '../../../main/services/storage/file-source';

const dir = mkdtempSync(join(tmpdir(), 'kvmdesk-test-file-source-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, size: number): { path: string; bytes: Buffer } {
  const bytes = randomBytes(size);
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return { path, bytes };
}

async function readAll(source: ReturnType<typeof fileChunks>, recycle: boolean) {
  const parts: Buffer[] = [];
  const sizes: number[] = [];
  for await (const c of source) {
    parts.push(Buffer.from(c)); // a copy: the chunk itself goes back to be read into again
    sizes.push(c.length);
    if (recycle) source.recycle?.(c);
  }
  return { all: Buffer.concat(parts), sizes };
}

describe('fileChunks', () => {
  for (const size of [0, 1000, READ_SIZE, 2.5 * READ_SIZE, 9 * READ_SIZE + 7]) {
    it(`reads a file of ${size} bytes in order, in 1 MiB chunks, with buffers reused`, async () => {
      const f = file(`f${size}`, size);
      const { all, sizes } = await readAll(fileChunks(f.path), true);
      expect(all.equals(f.bytes)).toBe(true);
      expect(sizes.slice(0, -1).every((s) => s === READ_SIZE)).toBe(true);
      expect(sizes.every((s) => s > 0)).toBe(true);
    });
  }

  it('reads into a buffer handed back instead of new memory', async () => {
    const f = file('reuse', 8 * READ_SIZE);
    const source = fileChunks(f.path);
    const seen = new Set<ArrayBufferLike>();
    const parts: Buffer[] = [];
    for await (const c of source) {
      seen.add(c.buffer);
      parts.push(Buffer.from(c));
      source.recycle?.(c);
    }
    expect(Buffer.concat(parts).equals(f.bytes)).toBe(true);
    expect(seen.size).toBeLessThan(8); // 4 ahead plus those given back
  });

  it('starts at an offset', async () => {
    const f = file('offset', 3 * READ_SIZE);
    const { all } = await readAll(fileChunks(f.path, READ_SIZE + 5), false);
    expect(all.equals(f.bytes.subarray(READ_SIZE + 5))).toBe(true);
  });

  it('a missing file fails the loop with ENOENT', async () => {
    await expect(readAll(fileChunks(join(dir, 'missing')), false)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('stops early when the loop breaks (and can be read again)', async () => {
    const f = file('early', 6 * READ_SIZE);
    const source = fileChunks(f.path);
    let n = 0;
    for await (const _ of source) if (++n === 2) break;
    expect(n).toBe(2);
    const { all } = await readAll(source, false);
    expect(all.equals(f.bytes)).toBe(true);
  });
});
