// The browser shell's static files: a file that vanishes between its stat and its read (a rebuild
// replacing out/renderer-web while serve runs) is answered 404 and the server keeps serving.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { serveFile } from '../../../main/shells/browser/static';

vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>();
  return {
    ...real,
    // the rebuild strikes right after the stat
    stat: async (...args: Parameters<typeof real.stat>) => {
      const st = await real.stat(...args);
      if (String(args[0]).endsWith('vanishing.js')) await real.rm(String(args[0]));
      return st;
    },
  };
});

const root = mkdtempSync(join(tmpdir(), 'kvmdesk-test-static-'));
let server: Server;
let base: string;

beforeAll(async () => {
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>KVM Desk</title>');
  writeFileSync(join(root, 'app.js'), 'console.log(1);');
  server = createServer(
    (req, res) => void serveFile(root, new URL(req.url ?? '/', 'http://x').pathname, res, {}),
  );
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
  rmSync(root, { recursive: true, force: true });
});

describe('static files', () => {
  it('serves a file with its type and length', async () => {
    const res = await fetch(`${base}/app.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('content-length')).toBe('15');
    expect(await res.text()).toBe('console.log(1);');
  });

  it('answers 404 for a file deleted between its stat and its read, and goes on serving', async () => {
    writeFileSync(join(root, 'vanishing.js'), 'gone soon');
    const res = await fetch(`${base}/vanishing.js`);
    expect(res.status).toBe(404);
    expect(await res.text()).toMatch(/not found/i);
    const again = await fetch(`${base}/app.js`);
    expect(again.status).toBe(200);
    expect(await again.text()).toBe('console.log(1);');
  });
});
