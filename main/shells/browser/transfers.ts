// The browser shell's HTTP side of volume transfers (services/storage/browser-transfers.ts): PUT
// /transfer/upload/<ticket> streams the request body into the waiting upload job and answers when the job
// has the bytes; GET /transfer/download/<ticket> streams a volume as a file download. The server has
// checked the Host, the session token and (PUT) the Origin before this runs.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { BrowserTransfers } from '../../api/storage';
import type { BrowserShell } from './server';

function answer(res: ServerResponse, status: number, text: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(text);
}

function upload(t: BrowserTransfers, req: IncomingMessage, res: ServerResponse, ticket: string): void {
  if (req.method !== 'PUT') {
    answer(res, 405, 'PUT the file here.');
    return;
  }
  const wait = t.takeUpload(ticket);
  if (!wait) {
    answer(res, 404, 'This upload is unknown or has expired.');
    return;
  }
  const length = Number(req.headers['content-length']);
  if (Number.isFinite(length) && length !== wait.sizeBytes) {
    wait.fail(new Error(`The page sent ${length} bytes, not the ${wait.sizeBytes} it announced.`));
    answer(res, 400, 'The size differs from the one announced.');
    return;
  }
  // the job reads the body at libvirt's pace (the socket's backpressure reaches the browser)
  req.once('end', () => answer(res, 204, ''));
  req.once('error', () => res.destroy());
  wait.deliver(req);
}

function download(t: BrowserTransfers, req: IncomingMessage, res: ServerResponse, ticket: string): void {
  if (req.method !== 'GET') {
    answer(res, 405, 'GET the file here.');
    return;
  }
  const offer = t.takeDownload(ticket);
  if (!offer) {
    answer(res, 404, 'This download is unknown or has expired.');
    return;
  }
  const stop = new AbortController();
  res.once('close', () => stop.abort());
  res.writeHead(200, {
    'Content-Type': 'application/octet-stream',
    'Content-Disposition': `attachment; filename="${offer.fileName.replace(/["\\\r\n]/g, '_')}"`,
  });
  offer.run(res, stop.signal).catch(() => res.destroy());
}

export function serveTransfers(shell: BrowserShell, t: BrowserTransfers): void {
  shell.onRequest('/transfer/upload/', (req, res, ticket) => upload(t, req, res, ticket));
  shell.onRequest('/transfer/download/', (req, res, ticket) => download(t, req, res, ticket));
}
