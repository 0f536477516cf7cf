// Serves the built renderer (out/renderer-web). Paths never leave that folder; unknown paths get
// index.html (the app routes by hash, but a reload of any path should still show the app).
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.map': 'application/json',
};

export async function serveFile(
  root: string,
  pathname: string,
  res: ServerResponse,
  headers: Record<string, string>,
): Promise<void> {
  let rel: string;
  try {
    rel = normalize(decodeURIComponent(pathname)).replace(/^([/\\])+/, '');
  } catch {
    rel = '';
  }
  let file = join(root, rel);
  if (!file.startsWith(root + sep) && file !== root) file = join(root, 'index.html');
  let st = await stat(file).catch(() => undefined);
  if (!st?.isFile()) {
    file = join(root, 'index.html');
    st = await stat(file).catch(() => undefined);
  }
  if (!st?.isFile()) {
    res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8', ...headers });
    res.end('The KVM Desk interface is not built: run `npm run build:renderer`.\n');
    return;
  }
  const type = TYPES[extname(file)] ?? 'application/octet-stream';
  res.writeHead(200, {
    'Content-Type': type,
    'Content-Length': st.size,
    // hashed assets may be cached; index.html never (it names the current assets)
    'Cache-Control': file.endsWith('index.html') ? 'no-store' : 'private, max-age=3600',
    ...headers,
  });
  createReadStream(file).pipe(res);
}
