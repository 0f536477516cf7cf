// Serves the built renderer (out/renderer-web). Paths never leave that folder; unknown paths get
// index.html (the app routes by hash, but a reload of any path should still show the app). A file that
// goes between its stat and its read (a rebuild replacing out/renderer-web) is answered 404, an
// unreadable one 500; a read failing halfway ends that response only, never the server.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { join, normalize, sep } from 'node:path';
import { pipeline } from 'node:stream';
import { contentType } from '../mime';

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
  const size = st.size;
  const stream = createReadStream(file);
  const unreadable = (err: NodeJS.ErrnoException) => {
    const gone = err.code === 'ENOENT' || err.code === 'ENOTDIR' || err.code === 'EISDIR';
    res.writeHead(gone ? 404 : 500, { 'Content-Type': 'text/plain; charset=utf-8', ...headers });
    res.end(gone ? 'Not found.\n' : 'KVM Desk could not read this file.\n');
  };
  stream.once('error', unreadable);
  stream.once('open', () => {
    stream.off('error', unreadable);
    res.writeHead(200, {
      'Content-Type': contentType(file),
      'Content-Length': size,
      // hashed assets may be cached; index.html never (it names the current assets)
      'Cache-Control': file.endsWith('index.html') ? 'no-store' : 'private, max-age=3600',
      ...headers,
    });
    // an error from here on (the file cut short) ends this response: pipeline destroys both sides
    pipeline(stream, res, () => undefined);
  });
}
