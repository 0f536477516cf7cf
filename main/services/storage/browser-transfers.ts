// The browser shell's side door for file bytes: a volume upload's body arrives as an HTTP PUT and a
// download leaves as an HTTP GET, streamed, never base64 over the api's WebSocket (1 MB message limit, and
// a 512 MiB ISO as JSON would sit in memory three times). The api hands out a one-time ticket per transfer;
// the browser shell's HTTP server (shells/browser/transfers.ts) checks the session token and passes the
// request here. A ticket not used within a minute expires.
import { randomBytes } from 'node:crypto';
import type { Readable, Writable } from 'node:stream';

const TICKET_TTL_MS = 60_000;

interface UploadWait {
  sizeBytes: number;
  deliver: (body: Readable) => void;
  fail: (err: Error) => void;
}

export interface DownloadOffer {
  fileName: string;
  /** streams the volume into `dest` (the HTTP response), respecting its backpressure */
  run: (dest: Writable, signal: AbortSignal) => Promise<number>;
}

export class BrowserTransfers {
  private readonly uploads = new Map<string, UploadWait>();
  private readonly downloads = new Map<string, DownloadOffer>();

  /** A ticket for one PUT of exactly `sizeBytes`; `body` resolves when the page sends it. */
  expectUpload(sizeBytes: number): { ticket: string; body: Promise<Readable>; cancel: () => void } {
    const ticket = randomBytes(18).toString('base64url');
    let cancel!: () => void;
    const body = new Promise<Readable>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.uploads.delete(ticket);
        reject(new Error('The page did not send the file within a minute.'));
      }, TICKET_TTL_MS);
      timer.unref();
      const done = () => {
        clearTimeout(timer);
        this.uploads.delete(ticket);
      };
      this.uploads.set(ticket, {
        sizeBytes,
        deliver: (b) => {
          done();
          resolve(b);
        },
        fail: (e) => {
          done();
          reject(e);
        },
      });
      cancel = () => this.uploads.get(ticket)?.fail(new Error('cancelled'));
    });
    body.catch(() => undefined);
    return { ticket, body, cancel };
  }

  /** the wait for this ticket, once (a second PUT finds nothing) */
  takeUpload(ticket: string): UploadWait | undefined {
    return this.uploads.get(ticket);
  }

  offerDownload(offer: DownloadOffer): string {
    const ticket = randomBytes(18).toString('base64url');
    this.downloads.set(ticket, offer);
    setTimeout(() => this.downloads.delete(ticket), TICKET_TTL_MS).unref();
    return ticket;
  }

  takeDownload(ticket: string): DownloadOffer | undefined {
    const offer = this.downloads.get(ticket);
    this.downloads.delete(ticket);
    return offer;
  }
}
