// The console bridge: a WebSocket server on 127.0.0.1 (random port) that carries noVNC's binary RFB
// frames to the guest's VNC server and back. Both shells use it. A connection needs a console token
// (single use, short lived); anything else gets 401 before any byte reaches a guest.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import { type ConsoleGrant, ConsoleTokens } from './tokens';

/** Opens the byte stream to the guest named by a grant (resolved at connect time: ports change on restart). */
export type Upstream = (grant: ConsoleGrant) => Promise<Duplex>;

// Stop reading from the guest while this much is queued towards the browser (keeps memory bounded).
const HIGH_WATER = 4 * 1024 * 1024;

interface Session {
  ws: WebSocket;
  up: Duplex;
  grant: ConsoleGrant;
}

export class ConsoleBridge {
  readonly tokens: ConsoleTokens;
  private server?: Server;
  private readonly wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
  private readonly live = new Set<Session>();

  constructor(
    private readonly upstream: Upstream,
    opts: { tokenTtlMs?: number } = {},
  ) {
    this.tokens = new ConsoleTokens(opts.tokenTtlMs ?? 30_000);
  }

  /** Listens on loopback only; resolves with the port. Idempotent. */
  async start(): Promise<number> {
    if (this.server) return this.port;
    const server = createServer((_req, res) => {
      res.writeHead(404).end();
    });
    server.on('upgrade', (req, socket, head) => this.handleUpgrade(req, socket as Duplex, head));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    return this.port;
  }

  get port(): number {
    return (this.server?.address() as AddressInfo | null)?.port ?? 0;
  }

  /** A fresh single-use URL for one console session of the guest. */
  async sessionUrl(grant: ConsoleGrant): Promise<string> {
    const port = await this.start();
    return `ws://127.0.0.1:${port}/console?token=${this.tokens.issue(grant)}`;
  }

  /**
   * A fresh single-use path ('/console?token=...') for a server that routes its own upgrades here
   * (the browser shell's): the page connects to its own origin, so a remote browser reaches it too.
   */
  sessionPath(grant: ConsoleGrant): string {
    return `/console?token=${this.tokens.issue(grant)}`;
  }

  /** Takes a WebSocket upgrade on /console: the same token rules whichever server received it. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    void this.onUpgrade(req, socket, head);
  }

  /** Ends every console session of a guest (e.g. it was deleted) or all of them. */
  closeSessions(match?: (g: ConsoleGrant) => boolean): void {
    for (const s of this.live) if (!match || match(s.grant)) s.ws.close(1001, 'The console was closed');
  }

  async stop(): Promise<void> {
    for (const s of this.live) s.ws.terminate();
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((r) => server.close(() => r()));
  }

  private async onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const grant = url.pathname === '/console' ? this.tokens.redeem(url.searchParams.get('token')) : undefined;
    if (!grant) return refuse(socket, 401, 'Unauthorized');
    let up: Duplex;
    try {
      up = await this.upstream(grant);
    } catch (err) {
      return refuse(socket, 502, 'Bad Gateway', (err as Error).message);
    }
    if (socket.destroyed) {
      up.destroy();
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.pipe(ws, up, grant));
  }

  private pipe(ws: WebSocket, up: Duplex, grant: ConsoleGrant): void {
    const session: Session = { ws, up, grant };
    this.live.add(session);
    const wsSocket = (ws as unknown as { _socket?: Duplex & { setNoDelay?: (b: boolean) => void } })._socket;
    wsSocket?.setNoDelay?.(true); // key presses and small updates must not wait for Nagle

    // reading from the guest resumes when the browser's socket has taken what was queued: on its 'drain',
    // not on a timer (no added latency, no wake-ups)
    const resumeWhenDrained = () => {
      if (!wsSocket || ws.readyState !== ws.OPEN || ws.bufferedAmount < HIGH_WATER / 4) up.resume();
      else wsSocket.once('drain', resumeWhenDrained);
    };
    up.on('data', (chunk: Buffer) => {
      ws.send(chunk, { binary: true });
      if (ws.bufferedAmount > HIGH_WATER && !up.isPaused()) {
        up.pause();
        if (wsSocket) wsSocket.once('drain', resumeWhenDrained);
        else up.resume();
      }
    });
    ws.on('message', (data: Buffer | ArrayBuffer | Buffer[]) => {
      const buf = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as Buffer);
      if (!up.write(buf)) {
        ws.pause();
        up.once('drain', () => ws.resume());
      }
    });
    const end = (err?: Error) => {
      if (!this.live.delete(session)) return;
      up.destroy();
      if (ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING) {
        // a close reason may carry at most 123 bytes; the display's failure (e.g. ssh's) is worth showing
        if (err) ws.close(1011, Buffer.from(err.message).subarray(0, 120).toString());
        else ws.close(1000, 'The guest display closed');
      }
    };
    up.on('error', (err: Error) => end(err));
    up.on('close', () => end());
    ws.on('close', () => end());
    ws.on('error', () => end());
    up.resume();
  }
}

function refuse(socket: Duplex, status: number, text: string, body = text): void {
  socket.end(
    `HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}
